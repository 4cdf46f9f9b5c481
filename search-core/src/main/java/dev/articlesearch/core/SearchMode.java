package dev.articlesearch.core;

/**
 * How a search finds paragraphs ({@link SearchRequest#mode()}); also, in a hit's {@link
 * Hit#foundBy()}, which retriever found it.
 */
public enum SearchMode {
  /** By the query's words (BM25 tiers, highlights): the default, and what every engine does. */
  KEYWORD,
  /**
   * By meaning: the paragraphs whose vectors are nearest the query's (HNSW, in the same index).
   * Needs an index built with an {@link Embedder} and that embedder loaded to search it.
   */
  SEMANTIC,
  /**
   * Both, fused by reciprocal rank: a paragraph ranks by {@code 1/(60 + its keyword rank) + 1/(60
   * + its semantic rank)}, so one found by both ranks above one found by either alone.
   */
  HYBRID
}
