package dev.articlesearch.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a rebuild did.
 *
 * @param corpus the corpus folder that was read
 * @param articles articles indexed
 * @param paragraphs paragraphs indexed (one Lucene document each)
 * @param bytesRead bytes of article files read, skipped files included
 * @param took wall time of the whole rebuild, commit included
 * @param skipped every file that was not indexed, with its reason
 */
public record RebuildReport(
    Path corpus, int articles, long paragraphs, long bytesRead, Duration took,
    List<SkippedFile> skipped) {
  public RebuildReport {
    skipped = List.copyOf(skipped);
  }
}
