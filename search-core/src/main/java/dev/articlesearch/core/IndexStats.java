package dev.articlesearch.core;

import java.time.Instant;

/**
 * What the index currently being served holds.
 *
 * @param articles articles in the index
 * @param paragraphs paragraphs in the index (one document each)
 * @param committedAt when the rebuild that wrote it committed, or null if unknown
 */
public record IndexStats(int articles, long paragraphs, Instant committedAt) {}
