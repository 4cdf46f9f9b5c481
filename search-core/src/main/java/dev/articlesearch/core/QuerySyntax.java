package dev.articlesearch.core;

/** How a query string is read. */
public enum QuerySyntax {
  /**
   * For people: words, {@code "quoted phrases"}, {@code -excluded} words and {@code OR}. Never
   * fails, whatever the input.
   */
  SIMPLE,
  /**
   * Lucene's classic syntax: {@code field:value}, {@code AND}/{@code OR}/{@code NOT}, wildcards,
   * {@code ~} fuzzy and proximity, ranges. Malformed input raises {@link InvalidQueryException}.
   */
  LUCENE
}
