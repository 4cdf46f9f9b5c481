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
 */
public record SearchResult(SearchRequest request, long total, Duration took, List<Hit> hits) {
  public SearchResult {
    hits = List.copyOf(hits);
  }
}
