package dev.articlesearch.core;

import java.time.Duration;

/**
 * How far a rebuild has got, reported to a listener as files are indexed.
 *
 * @param files corpus files handled so far (indexed or skipped)
 * @param totalFiles corpus files in all
 * @param paragraphs paragraphs indexed so far
 * @param bytes bytes of corpus files indexed (or skipped) so far: with {@code totalBytes} and
 *     {@code elapsed}, an estimate of the time left that holds when indexing is slower than
 *     reading (embedding paragraphs for search by meaning); an update counts the bytes of files
 *     it handled
 * @param totalBytes bytes of all corpus files
 * @param elapsed time since the rebuild started
 * @param committing true once every file is indexed and the commit is being written
 */
public record RebuildProgress(
    int files, int totalFiles, long paragraphs, long bytes, long totalBytes, Duration elapsed,
    boolean committing) {}
