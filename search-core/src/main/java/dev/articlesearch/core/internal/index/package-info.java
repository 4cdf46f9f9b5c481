/**
 * Where a paragraph becomes a Lucene document: the rebuild (one atomic commit from a corpus) and
 * the checksum check of every commit before it serves. Depends on {@code corpus}, {@code schema}
 * and {@code analysis}; never on searching.
 */
package dev.articlesearch.core.internal.index;
