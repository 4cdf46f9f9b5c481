package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.RebuildProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rebuild's progress in a log or pipe (not a terminal): a plain line every {@link
 * RebuildProgressPrinter#LOG_EVERY}, and always the last one before the commit. Fed synthetic
 * progress, so no corpus has to take seconds to index.
 */
@ExtendWith(DecimalCommaLocale.class)
class RebuildProgressPrinterTest {
  private static final long MB = 1 << 20;

  @Test
  void lineShowsFilesParagraphsMegabytesRateAndTimeLeft() {
    // 3 of 10 MB in 2 s: 1.5 MB/s, 7 MB to go = 4.67 s, shown as whole seconds.
    assertEquals("Rebuild: 3/10 files, 120 paragraphs, 3.0/10.0 MB, 1.50 MB/s, 4 s left",
        RebuildProgressPrinter.line(progress(3, 10, 120, 3 * MB, 10 * MB, Duration.ofSeconds(2), false)));
    assertEquals("Rebuild: 1500/40000 files, 61234 paragraphs, 256.5/2048.0 MB, 25.65 MB/s, 69 s left",
        RebuildProgressPrinter.line(progress(1500, 40_000, 61_234, 256 * MB + MB / 2, 2048 * MB,
            Duration.ofSeconds(10), false)));
  }

  @Test
  void aRebuildThatEmbedsShowsTheParagraphTotalAndTheTimeLeftByParagraphs() {
    // Half the bytes in 100 s but a third of the paragraphs: 200 s left, not 100.
    assertEquals("Rebuild: 800/1674 files, 33346/100038 paragraphs, 40.0/80.0 MB, 0.40 MB/s, 200 s left",
        RebuildProgressPrinter.line(new RebuildProgress(800, 1674, 33_346, 100_038, 40 * MB, 80 * MB,
            Duration.ofSeconds(100), false)));
  }

  @Test
  void lineBeforeAnyByteIsReadHasNoTimeLeft() {
    assertEquals("Rebuild: 0/10 files, 0 paragraphs, 0.0/10.0 MB, 0.00 MB/s, ? left",
        RebuildProgressPrinter.line(progress(0, 10, 0, 0, 10 * MB, Duration.ZERO, false)));
  }

  @Test
  void committingLineSaysEveryFileIsRead() {
    assertEquals("Rebuild: all 10 files read, 400 paragraphs, 10.0 MB; merging and committing…",
        RebuildProgressPrinter.line(progress(10, 10, 400, 10 * MB, 10 * MB, Duration.ofSeconds(7), true)));
  }

  @Test
  void quickRebuildPrintsOnlyTheCommittingLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, UTF_8);
        RebuildProgressPrinter printer = new RebuildProgressPrinter(out, false)) {
      for (int f = 1; f <= 100; f++) {
        printer.accept(progress(f, 100, f * 3L, f * MB / 10, 10 * MB, Duration.ofMillis(f), false));
      }
      printer.accept(progress(100, 100, 300, 10 * MB, 10 * MB, Duration.ofMillis(100), true));
    }
    assertEquals(List.of("Rebuild: all 100 files read, 300 paragraphs, 10.0 MB; merging and committing…"),
        bytes.toString(UTF_8).lines().toList());
  }

  /** The one slow test here: it waits {@link RebuildProgressPrinter#LOG_EVERY} once. */
  @Test
  void longRebuildPrintsALineEveryFewSecondsAndAlwaysTheCommittingLine() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, UTF_8);
        RebuildProgressPrinter printer = new RebuildProgressPrinter(out, false)) {
      printer.accept(progress(1, 4, 10, MB, 4 * MB, Duration.ofSeconds(1), false));
      Thread.sleep(RebuildProgressPrinter.LOG_EVERY.toMillis() + 100);
      printer.accept(progress(2, 4, 20, 2 * MB, 4 * MB, Duration.ofSeconds(4), false));
      printer.accept(progress(3, 4, 30, 3 * MB, 4 * MB, Duration.ofSeconds(5), false)); // too soon
      printer.accept(progress(4, 4, 40, 4 * MB, 4 * MB, Duration.ofSeconds(5), true)); // never too soon
    }
    assertEquals(List.of(
            "Rebuild: 2/4 files, 20 paragraphs, 2.0/4.0 MB, 0.50 MB/s, 4 s left",
            "Rebuild: all 4 files read, 40 paragraphs, 4.0 MB; merging and committing…"),
        bytes.toString(UTF_8).lines().toList());
  }

  private static RebuildProgress progress(int files, int totalFiles, long paragraphs, long bytes,
      long totalBytes, Duration elapsed, boolean committing) {
    return new RebuildProgress(files, totalFiles, paragraphs, bytes, totalBytes, elapsed, committing);
  }
}
