package dev.articlesearch.bench;

/**
 * A source as a corpus manifest names it.
 *
 * @param id the source id, the start of its article file names
 * @param kind the kind of text
 * @param packageName the package it comes from (a key of {@code versions.tsv})
 */
record CorpusSource(String id, SourceKind kind, String packageName) {}
