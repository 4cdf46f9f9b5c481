package dev.articlesearch.core.internal.search;

import java.util.List;

/**
 * The best hits of one query and how many there are.
 *
 * @param total exact when {@code exact}, else a lower bound
 */
public record TopHits(long total, boolean exact, List<Ranked> hits) {}
