package dev.articlesearch.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an update did to bring an index in line with its corpus folder.
 *
 * @param corpus the corpus folder that was read
 * @param added articles whose file is new (a renamed file is a removal and an addition)
 * @param changed articles whose file's content changed: re-analysed and replaced whole
 * @param removed articles whose file is gone from the folder
 * @param unchanged articles left as they were (a file only touched is read, never re-analysed)
 * @param paragraphsAdded paragraphs indexed, of added and changed articles
 * @param paragraphsRemoved paragraphs deleted, of changed and removed articles
 * @param skipped every file that could not be read now, with its reason: its article's last
 *     good version stays in the index
 * @param took wall time of the whole update, commit included
 * @param rebuilt true when the index was written by an older version without per-article records
 *     and so was rebuilt whole (the counts then say every article was added)
 */
public record UpdateReport(
    Path corpus, int added, int changed, int removed, int unchanged, long paragraphsAdded,
    long paragraphsRemoved, List<SkippedFile> skipped, Duration took, boolean rebuilt) {
  public UpdateReport {
    skipped = List.copyOf(skipped);
  }

  /** Whether the index changed: something added, changed or removed. */
  public boolean changedAnything() {
    return added + changed + removed > 0;
  }
}
