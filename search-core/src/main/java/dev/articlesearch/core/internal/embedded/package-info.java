/**
 * The embedded engine: a Lucene index in a folder behind a refreshed searcher, answering the
 * search flow's questions with its own searcher (ranking with a stable tie-break, counting that
 * stops early, postings highlights, the suggestion automaton, the alias file kept current).
 */
package dev.articlesearch.core.internal.embedded;
