package dev.articlesearch.core;

import java.time.Instant;

/**
 * What the index currently being served holds.
 *
 * @param articles articles in the index
 * @param paragraphs paragraphs in the index (one document each)
 * @param committedAt when the rebuild that wrote it committed, or null if unknown
 * @param segments the index's segments (a rebuild merges the embedded index into one; a cluster
 *     counts the segments of its primary shards)
 * @param deletedDocuments documents deleted or replaced but still on disk until a merge drops them
 *     (0 after a rebuild)
 * @param sizeInBytes bytes on disk: the files of the commit being served, or a cluster's primary
 *     shards (replicas not counted)
 */
public record IndexStats(int articles, long paragraphs, Instant committedAt, int segments,
    long deletedDocuments, long sizeInBytes) {}
