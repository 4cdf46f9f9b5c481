package dev.articlesearch.server;

import dev.articlesearch.core.RebuildProgress;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a rebuild's progress: a progress bar (MB, rate, time left, files and paragraphs) on a
 * terminal, or a plain line every few seconds in a log or pipe, so a long rebuild never looks hung.
 */
final class RebuildProgressPrinter implements Consumer<RebuildProgress>, AutoCloseable {
  static final Duration LOG_EVERY = Duration.ofSeconds(5);

  /** What the embedded rebuild's last step does. */
  static final String COMMITTING = "merging and committing…";

  private final PrintStream out;
  private final String lastStep;
  private final ProgressBar bar;
  private long lastLineNanos = System.nanoTime();

  RebuildProgressPrinter(PrintStream out, boolean terminal) {
    this(out, terminal, COMMITTING);
  }

  /** {@code lastStep}: what happens once every file is read, as the last line says it. */
  RebuildProgressPrinter(PrintStream out, boolean terminal, String lastStep) {
    this.out = out;
    this.lastStep = lastStep;
    this.bar = terminal
        ? new ProgressBarBuilder()
            .setTaskName("Indexing")
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" MB", 1 << 20)
            .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
            .setMaxRenderedLength(120)
            .build()
        : null;
  }

  @Override
  public void accept(RebuildProgress p) {
    if (bar != null) {
      bar.maxHint(p.totalBytes());
      bar.stepTo(p.bytes());
      bar.setExtraMessage(p.committing()
          ? " " + lastStep
          : " " + p.files() + "/" + p.totalFiles() + " files, " + paragraphs(p) + " paragraphs"
              // The bar's own time left goes by bytes; when embedding, paragraphs tell it better.
              + (p.totalParagraphs() > 0 ? p.timeLeft().map(d -> ", " + d.toSeconds() + " s left")
                  .orElse("") : ""));
      return;
    }
    long now = System.nanoTime();
    if (p.committing() || now - lastLineNanos >= LOG_EVERY.toNanos()) {
      lastLineNanos = now;
      out.println(line(p, lastStep));
    }
  }

  static String line(RebuildProgress p) {
    return line(p, COMMITTING);
  }

  static String line(RebuildProgress p, String lastStep) {
    double seconds = Math.max(p.elapsed().toNanos() / 1e9, 1e-9);
    double mb = p.bytes() / 1048576.0;
    if (p.committing()) {
      return String.format(Locale.ROOT, "Rebuild: all %d files read, %d paragraphs, %.1f MB; %s",
          p.totalFiles(), p.paragraphs(), mb, lastStep);
    }
    double rate = p.bytes() / seconds;
    return String.format(Locale.ROOT, "Rebuild: %d/%d files, %s paragraphs, %.1f/%.1f MB, %.2f MB/s, %s left",
        p.files(), p.totalFiles(), paragraphs(p), mb, p.totalBytes() / 1048576.0, rate / 1048576.0,
        p.timeLeft().map(d -> d.toSeconds() + " s").orElse("?"));
  }

  /** Paragraphs indexed, and of how many once they are counted. */
  private static String paragraphs(RebuildProgress p) {
    return p.totalParagraphs() > 0 ? p.paragraphs() + "/" + p.totalParagraphs()
        : Long.toString(p.paragraphs());
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
