package dev.articlesearch.core;

import java.time.Duration;
import java.util.List;

/**
 * One page of hits.
 *
 * @param request the request answered
 * @param total all matching paragraphs (with grouping: all matching articles)
 * @param took time spent answering, highlighting included
 * @param hits this page, best first
 * @param didYouMean for a {@code simple} query, the same query with its misspelt words corrected
 *     from the articles' own words, when that finds paragraphs with every word that this query
 *     does not (or twice as many); otherwise null
 */
public record SearchResult(
    SearchRequest request, long total, Duration took, List<Hit> hits, String didYouMean) {
  public SearchResult {
    hits = List.copyOf(hits);
  }
}
