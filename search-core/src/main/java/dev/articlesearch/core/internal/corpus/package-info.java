/**
 * Reading a corpus folder: files decoded and checked, articles and paragraphs split, titles
 * derived, the alias file parsed; what a file that cannot be read is skipped for. Knows nothing of
 * Lucene indexes or queries: depends only on {@code analysis} and {@code schema}.
 */
package dev.articlesearch.core.internal.corpus;
