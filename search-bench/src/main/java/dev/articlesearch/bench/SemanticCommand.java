package dev.articlesearch.bench;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of search by meaning on one corpus: rebuild time and index size without and with
 * paragraph vectors (so the embedding throughput), a second rebuild that keeps every vector, then
 * a server started with --semantic (its start-up and resident memory with the models) and each
 * search mode's latency over HTTP, one connection, every query of the set after warm-up passes.
 */
@Command(name = "semantic", mixinStandardHelpOptions = true,
    description = "Benchmarks search by meaning (search-semantic) on one corpus.")
final class SemanticCommand implements Callable<Integer> {
  @Option(names = "--corpus", required = true, description = "The corpus folder.")
  Path corpus;

  @Option(names = "--queries", required = true, description = "The query set (bench/build-corpora's queries-<size>.tsv).")
  Path queries;

  @Option(names = "--work", required = true, description = "A folder for the two indexes.")
  Path work;

  @Option(names = "--out", defaultValue = "bench/results", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--report-name", defaultValue = "semantic", description = "The report's file name, without .md (default: ${DEFAULT-VALUE}).")
  String reportName;

  @Option(names = "--queries-per-mode", defaultValue = "400", description = "Queries measured per mode (default: ${DEFAULT-VALUE}).")
  int perMode;

  @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds per mode (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--heap", defaultValue = "1g", description = "The server's heap (default: ${DEFAULT-VALUE}).")
  String heap;

  @Override
  public Integer call() throws Exception {
    Path repo = Path.of(System.getProperty("articlesearch.home", ".")).toAbsolutePath();
    StringBuilder md = new StringBuilder("# Search by meaning: cost\n\n");
    md.append(String.format(Locale.ROOT, "Corpus %s, %s; %d cores; %s.%n%n", corpus,
        Instant.now(), Runtime.getRuntime().availableProcessors(), "models bge-small-zh-v1.5 + e5-small-v2 (8-bit)"));

    Path plain = work.resolve("index-plain");
    Path vectors = work.resolve("index-vectors");
    RebuildReport p = ArticleIndex.rebuild(corpus, plain);
    long plainBytes = size(plain);
    log("rebuild without vectors: %d paragraphs in %.1f s, %.1f MB", p.paragraphs(),
        p.took().toMillis() / 1e3, plainBytes / 1048576.0);

    long loadStart = System.nanoTime();
    Embedder embedder = Embedder.load(work.resolve("natives"));
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    RebuildReport v;
    RebuildReport again;
    try {
      // A previous run's index would lend this rebuild its vectors: it must embed every paragraph.
      CorpusEdits.deleteTree(vectors);
      v = ArticleIndex.rebuild(corpus, vectors, this::progress, embedder);
      log("rebuild with vectors: %.1f s", v.took().toMillis() / 1e3);
      again = ArticleIndex.rebuild(corpus, vectors, progress -> {}, embedder);
      log("rebuild keeping every vector: %.1f s", again.took().toMillis() / 1e3);
    } finally {
      embedder.close();
    }
    long vectorBytes = size(vectors);
    double embedSeconds = Math.max(1e-9, (v.took().toMillis() - p.took().toMillis()) / 1e3);
    md.append("## Indexing\n\n| | paragraphs | time | index size |\n|---|---|---|---|\n");
    md.append(String.format(Locale.ROOT, "| without vectors | %d | %.1f s | %.1f MB |%n", p.paragraphs(),
        p.took().toMillis() / 1e3, plainBytes / 1048576.0));
    md.append(String.format(Locale.ROOT, "| with vectors (quantized HNSW) | %d | %.1f s | %.1f MB |%n",
        v.paragraphs(), v.took().toMillis() / 1e3, vectorBytes / 1048576.0));
    md.append(String.format(Locale.ROOT, "| again, every vector kept | %d | %.1f s | |%n%n",
        again.paragraphs(), again.took().toMillis() / 1e3));
    md.append(String.format(Locale.ROOT, "Embedding: %.0f paragraphs/s (the rebuild's extra time;"
        + " %.0f paragraphs/s over the whole rebuild with vectors). Models loaded in %.1f s.%n%n",
        v.paragraphs() / embedSeconds, v.paragraphs() / (v.took().toMillis() / 1e3), loadSeconds));
    md.append(estimateAccuracy(v.took().toMillis() / 1e3)).append("\n\n");

    List<String> qs = new ArrayList<>();
    for (DrawnQuery q : QuerySet.read(queries).queries()) {
      qs.add(q.query());
    }
    List<String> measured = qs.subList(0, Math.min(perMode, qs.size()));
    md.append(String.format(Locale.ROOT, "## Search over HTTP (one connection, %d queries of %s, limit 10,"
        + " highlights)%n%n", measured.size(), queries.getFileName()));
    try (ServerProcess server = ServerProcess.start(repo, corpus, vectors, heap, "--semantic",
        "--natives", work.resolve("natives").toString())) {
      double rssStart = server.residentMb();
      md.append(String.format(Locale.ROOT, "Server start-up with the models (launch to first answer):"
          + " %.1f s; resident memory after start %.0f MB.%n%n", server.startupMillis() / 1e3, rssStart));
      md.append("| mode | p50 | p95 | p99 | max | queries/s | errors |\n|---|---|---|---|---|---|---|\n");
      for (String mode : List.of("keyword", "semantic", "hybrid")) {
        try (RawHttp http = new RawHttp("127.0.0.1", server.port(), 30_000)) {
          Load.Result r = Load.sequential(
              q -> http.get("/api/search?mode=" + mode + "&q=" + Queries.encode(q)).status() == 200,
              measured, warmup, 2);
          Latency l = r.latency();
          log("%s: p50 %.2f ms, p99 %.2f ms, %.0f/s", mode, l.p50(), l.p99(), r.perSecond());
          md.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.0f | %d |%n",
              mode, l.p50(), l.p95(), l.p99(), l.max(), r.perSecond(), r.errors()));
        }
      }
      md.append(String.format(Locale.ROOT, "%nResident memory after the searches: %.0f MB (heap -Xmx%s).%n",
          server.residentMb(), heap));
    }
    Files.createDirectories(out);
    Path report = out.resolve(reportName + ".md");
    Files.writeString(report, md.toString());
    log("report: %s", report);
    return 0;
  }

  private long lastProgress;

  /** The time left the rebuild's progress said (elapsed s, left s), every 10 s. */
  private final List<double[]> estimates = new ArrayList<>();
  /** When the rebuild's last step (merge and commit) began, in seconds from its start. */
  private double merging = Double.NaN;

  /** Every 10 s: how far, how fast, and the time left at that speed. */
  private void progress(RebuildProgress p) {
    long now = System.nanoTime();
    if (now - lastProgress < 10_000_000_000L && !p.committing()) {
      return;
    }
    lastProgress = now;
    if (p.committing()) {
      merging = p.elapsed().toMillis() / 1e3;
    }
    double done = p.totalBytes() == 0 ? 0 : (double) p.bytes() / p.totalBytes();
    double elapsed = p.elapsed().toMillis() / 1e3;
    double left = p.timeLeft().map(d -> d.toMillis() / 1e3).orElse(Double.NaN);
    estimates.add(new double[] {elapsed, left});
    log("  %d/%d files, %d%s paragraphs, %.0f%% of the bytes in %.0f s, about %.0f s left",
        p.files(), p.totalFiles(), p.paragraphs(),
        p.totalParagraphs() > 0 ? "/" + p.totalParagraphs() : " (not counted yet)", 100 * done,
        elapsed, left);
  }

  /**
   * How the progress's time left (to the last paragraph; the merge and commit follow) compared
   * with the time that was left until the merge began, at a quarter, half, three quarters and
   * nine tenths of a rebuild that took {@code total} seconds.
   */
  private String estimateAccuracy(double total) {
    double end = Double.isNaN(merging) ? total : merging;
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Every paragraph was indexed"
        + " at %.0f s, then the merge and commit took %.0f s. The time left as the progress said"
        + " it, against the time that was left until the merge:", end, total - end));
    for (double share : new double[] {0.25, 0.5, 0.75, 0.9}) {
      double[] nearest = null;
      for (double[] e : estimates) {
        if (!Double.isNaN(e[1]) && (nearest == null
            || Math.abs(e[0] - share * total) < Math.abs(nearest[0] - share * total))) {
          nearest = e;
        }
      }
      if (nearest != null) {
        double actual = end - nearest[0];
        b.append(String.format(Locale.ROOT, " at %.0f s, %.0f s for %.0f (%+.0f%%);", nearest[0],
            nearest[1], actual, 100 * (nearest[1] - actual) / actual));
      }
    }
    return b.substring(0, b.length() - 1) + ".";
  }

  private static long size(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
