package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import java.nio.file.Path;
import java.util.List;

/**
 * The paragraphs of a corpus's files, counted on a thread of its own while a rebuild reads and
 * indexes them, by the rebuild's own reading rules (so a skipped file counts none): a progress
 * report's total, -1 until every file is counted.
 */
final class ParagraphCount {
  private final Thread thread;
  private volatile long total = -1;
  private volatile boolean stopped;

  private ParagraphCount(List<Path> files) {
    this.thread = new Thread(() -> {
      long sum = 0;
      for (Path f : files) {
        if (stopped) {
          return;
        }
        CorpusReader.FileResult r = CorpusReader.read(f);
        if (r.article() != null) {
          sum += r.article().paragraphs().size();
        }
      }
      total = sum;
    }, "paragraph-count");
    thread.setDaemon(true);
    // Below the rebuild's threads: it only improves an estimate.
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  static ParagraphCount start(List<Path> files) {
    ParagraphCount c = new ParagraphCount(files);
    c.thread.start();
    return c;
  }

  /** The corpus's paragraphs, or -1 while they are still being counted. */
  long total() {
    return total;
  }

  /** Ends the count at the next file: the rebuild is done, or failed. */
  void stop() {
    stopped = true;
  }
}
