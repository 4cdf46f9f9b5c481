package dev.articlesearch.core;

/**
 * A corpus file that a rebuild did not index.
 *
 * @param file the file name inside the corpus folder
 * @param reason why, in words an operator can act on
 */
public record SkippedFile(String file, String reason) {}
