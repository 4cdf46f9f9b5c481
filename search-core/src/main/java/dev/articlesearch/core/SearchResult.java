package dev.articlesearch.core;

import java.time.Duration;
import java.util.List;

/**
 * One page of hits.
 *
 * @param request the request answered
 * @param total all matching paragraphs (with grouping: all matching articles), counted exactly up
 *     to 10,000; past that, at least this many (see {@code totalExact})
 * @param totalExact false when {@code total} is a lower bound: more than 10,000 paragraphs match,
 *     and counting them all would cost more than the search (a count that large is shown as
 *     "10,000+" anyway); always true with grouping, which reads every match
 * @param took time spent answering, highlighting included
 * @param hits this page, best first
 * @param didYouMean for a {@code simple} query, the same query with its misspelt words corrected
 *     from the articles' own words, when that finds paragraphs with every word that this query
 *     does not (or twice as many); otherwise null
 */
public record SearchResult(
    SearchRequest request, long total, boolean totalExact, Duration took, List<Hit> hits,
    String didYouMean) {
  public SearchResult {
    hits = List.copyOf(hits);
  }
}
