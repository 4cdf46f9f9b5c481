package dev.articlesearch.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a rebuild has got, reported to a listener as files are indexed.
 *
 * @param files corpus files handled so far (indexed or skipped)
 * @param totalFiles corpus files in all
 * @param paragraphs paragraphs indexed so far
 * @param totalParagraphs the paragraphs of the whole corpus, once counted: a rebuild that embeds
 *     paragraphs (search by meaning) counts them beside its work, as embedding costs about the
 *     same for every paragraph whatever its bytes; -1 until then, and when not counted
 * @param bytes bytes of corpus files indexed (or skipped) so far; an update counts the bytes of
 *     files it handled
 * @param totalBytes bytes of all corpus files
 * @param elapsed time since the rebuild started
 * @param committing true once every file is indexed and the commit is being written
 */
public record RebuildProgress(
    int files, int totalFiles, long paragraphs, long totalParagraphs, long bytes, long totalBytes,
    Duration elapsed, boolean committing) {

  /** Progress without a paragraph total (bytes tell the time left). */
  public RebuildProgress(int files, int totalFiles, long paragraphs, long bytes, long totalBytes,
      Duration elapsed, boolean committing) {
    this(files, totalFiles, paragraphs, -1, bytes, totalBytes, elapsed, committing);
  }

  /**
   * The time left until every paragraph is indexed, at the rate so far: by paragraphs once they
   * are counted, else by bytes (which tell analysis time well and embedding time badly: on the
   * 100k benchmark corpus, half of the bytes held a third of the paragraphs). The rebuild's last
   * step, the merge and commit ({@code committing}), comes after it. Empty before anything is
   * done.
   */
  public Optional<Duration> timeLeft() {
    double seconds = elapsed.toNanos() / 1e9;
    double done;
    double left;
    if (totalParagraphs > 0 && paragraphs > 0) {
      done = paragraphs;
      left = Math.max(0, totalParagraphs - paragraphs);
    } else if (bytes > 0) {
      done = bytes;
      left = Math.max(0, totalBytes - bytes);
    } else {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(left / done * seconds * 1000)));
  }
}
