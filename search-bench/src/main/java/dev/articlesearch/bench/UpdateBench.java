package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.cluster.ClusterIndexer;
import dev.articlesearch.cluster.ClusterUpdater;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.index.IndexCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The update step of {@code bench/run} on one corpus size. Everything happens on a copy of the
 * corpus under the data folder ({@code updates-SIZE/corpus}, index {@code updates-SIZE/index}),
 * removed at the end; the corpus and index the other steps measure are never touched.
 */
final class UpdateBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long an edit may take to become searchable before it counts as lost. */
  static final double WATCH_TIMEOUT_SECONDS = 30;

  /** Between two searches for an edit's word while waiting for it. */
  private static final long POLL_MILLIS = 5;

  /** How the index is merged for the size after the small updates. */
  static final String MERGE = "IndexWriter.forceMerge(1) on the closed index (the default codec and"
      + " merge policy), then a commit";

  /** @param cluster the cluster's nodes to measure its updates on too; empty: not measured */
  record Settings(Path repo, Path data, String heap, long seed, int watchEdits,
      double churnFilesPerSecond, double churnSeconds, int smallUpdates,
      double smallUpdatesSeconds, double warmup, int warmupPasses, List<URI> cluster) {}

  /** The alias the cluster's update steps build and update; removed at the end. */
  static final String CLUSTER_ALIAS = "bench-updates";

  /** The cluster's watch edits get words of their own, from this one on. */
  private static final int CLUSTER_WORDS = 200_000;

  private final Settings settings;

  UpdateBench(Settings settings) {
    this.settings = settings;
  }

  Results.Updates measure(String size, List<String> queries) throws Exception {
    Path work = settings.data().resolve("updates-" + size);
    Path corpus = work.resolve("corpus");
    Path index = work.resolve("index");
    CorpusEdits.copy(settings.data().resolve("corpus-" + size), corpus);
    try {
      CorpusEdits edits = CorpusEdits.of(corpus, settings.seed());
      long start = System.nanoTime();
      RebuildReport rebuilt = ArticleIndex.rebuild(corpus, index);
      double rebuildSeconds = (System.nanoTime() - start) / 1e9;
      double rebuildMb = RunCommand.directoryBytes(index) / 1e6;
      RunCommand.log("%s updates: the copy (%d files, %,d paragraphs) rebuilt in %.2f s, %.1f MB",
          size, edits.files(), rebuilt.paragraphs(), rebuildSeconds, rebuildMb);

      List<Results.UpdateStep> steps = new ArrayList<>();
      steps.add(step(size, "nothing changed", 0, edits, corpus, index));
      steps.add(step(size, "one file changed", 1, edits, corpus, index));
      steps.add(step(size, "1% of the files changed", percent(edits.files(), 1), edits, corpus, index));
      steps.add(step(size, "10% of the files changed", percent(edits.files(), 10), edits, corpus, index));
      Results.ClusterUpdates cluster = settings.cluster().isEmpty() ? null
          : cluster(size, edits, corpus);

      if (cluster != null) {
        // The cluster's steps edited the folder after the last update of this index: without
        // this, the watching server's first update would apply them all while the first edit
        // waits (seen: an edit found after 34 s), and the delay measured would be that catch-up.
        long caughtUp = System.nanoTime();
        UpdateReport r = ArticleIndex.update(corpus, index);
        RunCommand.log("%s updates: the cluster step's edits brought into the index before the"
            + " watch: %d changed, %d added, %d removed in %.2f s", size, r.changed(), r.added(),
            r.removed(), (System.nanoTime() - caughtUp) / 1e9);
      }
      Results.WatchDelay watch;
      Results.Churn churn;
      try (ServerProcess server = ServerProcess.start(settings.repo(), corpus, index,
          settings.heap(), "--watch")) {
        watch = watch(size, server, edits, corpus, 0);
        churn = churn(size, server.port(), edits, queries);
      }
      Results.Growth growth = growth(size, edits, corpus, index, work.resolve("index-rebuilt"));
      return new Results.Updates(size, edits.files(), rebuilt.paragraphs(), settings.seed(),
          rebuildSeconds, rebuildMb, steps, watch, churn, growth, cluster);
    } finally {
      CorpusEdits.deleteTree(work);
    }
  }

  /** {@code percent}% of {@code files}, at least one. */
  static int percent(int files, int percent) {
    return Math.max(1, (int) Math.round(files * percent / 100.0));
  }

  private Results.UpdateStep step(String size, String name, int n, CorpusEdits edits, Path corpus,
      Path index) throws IOException {
    return step(size, name, n, edits, () -> ArticleIndex.update(corpus, index));
  }

  /**
   * The cluster's rows: a full rebuild of the copy as it is now into a new alias (one primary
   * shard and one replica per node count as {@code ClusterIndexer}'s defaults give), then the
   * same four updates of it in place.
   */
  private Results.ClusterUpdates cluster(String size, CorpusEdits edits, Path corpus)
      throws Exception {
    ClusterIndexer.Target target = new ClusterIndexer.Target(settings.cluster(), CLUSTER_ALIAS,
        0, -1, Duration.ofSeconds(1));
    long start = System.nanoTime();
    ClusterIndexer.Result built = ClusterIndexer.rebuild(corpus, target, p -> {});
    double rebuildSeconds = (System.nanoTime() - start) / 1e9;
    RunCommand.log("%s cluster updates: the copy rebuilt into '%s' (%d shards, %d replicas) in"
        + " %.2f s", size, CLUSTER_ALIAS, built.shards(), built.replicas(), rebuildSeconds);
    List<Results.UpdateStep> steps = new ArrayList<>();
    steps.add(step(size + " cluster", "nothing changed", 0, edits,
        () -> ClusterUpdater.update(corpus, target, p -> {})));
    steps.add(step(size + " cluster", "one file changed", 1, edits,
        () -> ClusterUpdater.update(corpus, target, p -> {})));
    steps.add(step(size + " cluster", "1% of the files changed", percent(edits.files(), 1), edits,
        () -> ClusterUpdater.update(corpus, target, p -> {})));
    steps.add(step(size + " cluster", "10% of the files changed", percent(edits.files(), 10),
        edits, () -> ClusterUpdater.update(corpus, target, p -> {})));
    Results.WatchDelay watch;
    String urls = String.join(",", settings.cluster().stream().map(URI::toString).toList());
    try (ServerProcess server = ServerProcess.start(settings.repo(), settings.heap(),
        List.of("--corpus", corpus.toString(), "--opensearch", urls, "--opensearch-index",
            CLUSTER_ALIAS, "--watch"))) {
      watch = watch(size + " cluster", server, edits, corpus, CLUSTER_WORDS);
    }
    try (OpenSearchPeer node = new OpenSearchPeer(settings.cluster().get(0))) {
      node.deleteIndex(built.index()); // the alias goes with its index
      node.deleteIndex(CLUSTER_ALIAS + "-update-lock");
    }
    return new Results.ClusterUpdates(CLUSTER_ALIAS, settings.cluster().size(), rebuildSeconds,
        steps, watch);
  }

  private Results.UpdateStep step(String size, String name, int n, CorpusEdits edits,
      Supplier<UpdateReport> update) throws IOException {
    for (Path f : edits.pick(n)) {
      edits.rewrite(f, null);
    }
    long start = System.nanoTime();
    UpdateReport r = update.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    RunCommand.log("%s updates: %s (%d files): %.3f s; %d added, %d changed, %d removed, %d"
        + " unchanged; %,d paragraphs added, %,d removed", size, name, n, seconds, r.added(),
        r.changed(), r.removed(), r.unchanged(), r.paragraphsAdded(), r.paragraphsRemoved());
    return new Results.UpdateStep(name, n, seconds, r.added(), r.changed(), r.removed(),
        r.unchanged(), r.paragraphsAdded(), r.paragraphsRemoved(), r.skipped().size());
  }

  /**
   * Rewrites one file after another with a word of its own in it, each time from just before its
   * rename into the folder to the first search that finds the word.
   */
  private Results.WatchDelay watch(String size, ServerProcess server, CorpusEdits edits,
      Path corpus, int firstWord) throws Exception {
    int port = server.port();
    int n = settings.watchEdits();
    long[] delays = new long[n];
    int found = 0;
    long timeout = (long) (WATCH_TIMEOUT_SECONDS * 1e9);
    try (RawHttp http = new RawHttp("127.0.0.1", port, 30_000)) {
      for (int i = 0; i < n; i++) {
        String word = CorpusEdits.uniqueWord(firstWord + i);
        String target = "/api/search?q=" + Queries.encode(word) + "&highlight=false";
        if (total(http.get(target).body()) != 0) {
          throw new IllegalStateException("The word " + word + " is already in the corpus");
        }
        Path file = edits.next();
        long[] renamed = new long[1];
        edits.rewrite(file, word, () -> renamed[0] = System.nanoTime());
        long delay;
        while (true) {
          long now = System.nanoTime();
          if (total(http.get(target).body()) > 0) {
            delay = System.nanoTime() - renamed[0];
            found++;
            break;
          }
          if (now - renamed[0] > timeout) {
            delay = timeout;
            missed(size, server, http, target, file, word, renamed[0]);
            break;
          }
          Thread.sleep(POLL_MILLIS);
        }
        delays[i] = delay;
      }
    }
    Latency latency = Latency.of(delays, n);
    RunCommand.log("%s updates: watch, rename to found, %d of %d edits found: p50 %.0f ms, p99 %.0f"
        + " ms, max %.0f ms", size, found, n, latency.p50(), latency.p99(), latency.max());
    return new Results.WatchDelay(n, found, WATCH_TIMEOUT_SECONDS, latency);
  }

  /**
   * What there is to know of an edit not found in time: the file and word, the last answer, when
   * (if within another 90 s) it was found after all, and the server's last lines.
   */
  private static void missed(String size, ServerProcess server, RawHttp http, String target,
      Path file, String word, long renamed) throws Exception {
    RawHttp.Response last = http.get(target);
    RunCommand.log("%s updates: watch: %s (word %s) not found within %.0f s; last answer %d %s",
        size, file.getFileName(), word, WATCH_TIMEOUT_SECONDS, last.status(),
        last.body().substring(0, Math.min(300, last.body().length())));
    long end = renamed + (long) ((WATCH_TIMEOUT_SECONDS + 90) * 1e9);
    while (System.nanoTime() < end && total(http.get(target).body()) == 0) {
      Thread.sleep(POLL_MILLIS);
    }
    RunCommand.log("%s updates: watch: %s %s", size, word, System.nanoTime() < end
        ? String.format(Locale.ROOT, "found %.1f s after its rename",
            (System.nanoTime() - renamed) / 1e9)
        : "still not found " + (WATCH_TIMEOUT_SECONDS + 90) + " s after its rename");
    List<String> lines = server.recentOutput(renamed);
    RunCommand.log("%s updates: watch: the server's last %d lines but requests (time from the"
        + " rename):%n  %s", size, lines.size(),
        String.join(System.lineSeparator() + "  ", lines));
  }

  /** The hits total of an {@code /api/search} answer. */
  static long total(String body) throws IOException {
    JsonNode total = JSON.readTree(body).get("total");
    if (total == null || !total.isNumber()) {
      throw new IOException("not a search answer: " + body);
    }
    return total.asLong();
  }

  private Results.Churn churn(String size, int port, CorpusEdits edits, List<String> queries)
      throws Exception {
    // Warm the server as for the latency table, then the same load quiet and under churn.
    Load.Probe probe = RunCommand.http(port, true);
    try {
      Load.sequential(probe, queries, settings.warmup(), settings.warmupPasses());
    } finally {
      ((AutoCloseable) probe).close();
    }
    Load.Result quiet = Load.closedLoop(c -> RunCommand.http(port, true), queries, 1,
        settings.churnSeconds());
    AtomicInteger changed = new AtomicInteger();
    AtomicReference<Exception> failed = new AtomicReference<>();
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    long period = (long) (1e9 / settings.churnFilesPerSecond());
    writer.scheduleAtFixedRate(() -> {
      try {
        edits.rewrite(edits.next(), null);
        changed.incrementAndGet();
      } catch (Exception e) {
        failed.compareAndSet(null, e);
      }
    }, 0, period, TimeUnit.NANOSECONDS);
    Load.Result during;
    try {
      during = Load.closedLoop(c -> RunCommand.http(port, true), queries, 1, settings.churnSeconds());
    } finally {
      writer.shutdown();
      writer.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    RunCommand.log("%s updates: search quiet p50 %.2f / p99 %.2f ms; with %d files changed in %.0f s"
        + " p50 %.2f / p99 %.2f ms (%d errors)", size, quiet.latency().p50(), quiet.latency().p99(),
        changed.get(), during.seconds(), during.latency().p50(), during.latency().p99(),
        during.errors());
    return new Results.Churn(settings.churnFilesPerSecond(), changed.get(), quiet, during);
  }

  private Results.Growth growth(String size, CorpusEdits edits, Path corpus, Path index,
      Path rebuilt) throws IOException {
    long start = System.nanoTime();
    double budget = settings.smallUpdatesSeconds();
    int n = 0;
    while (n < settings.smallUpdates()) {
      if (budget > 0 && (System.nanoTime() - start) / 1e9 >= budget) {
        RunCommand.log("%s updates: stopped the small updates after %d of %d (--small-updates-seconds"
            + " %.0f)", size, n, settings.smallUpdates(), budget);
        break;
      }
      edits.touchUp(edits.next());
      ArticleIndex.update(corpus, index);
      n++;
      if (n % 100 == 0) {
        RunCommand.log("%s updates: %d small updates in %.0f s", size, n,
            (System.nanoTime() - start) / 1e9);
      }
    }
    double updateSeconds = (System.nanoTime() - start) / 1e9;
    double afterUpdates = RunCommand.directoryBytes(index) / 1e6;
    int segments;
    long deleted = 0;
    try (Directory dir = FSDirectory.open(index)) {
      SegmentInfos infos = SegmentInfos.readLatestCommit(dir);
      segments = infos.size();
      for (SegmentCommitInfo s : infos) {
        deleted += s.getDelCount();
      }
      IndexWriterConfig config = new IndexWriterConfig().setCodec(new IndexCodec())
          .setOpenMode(IndexWriterConfig.OpenMode.APPEND); // as the index was written
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        writer.forceMerge(1);
        writer.commit();
      }
    }
    double afterMerge = RunCommand.directoryBytes(index) / 1e6;
    ArticleIndex.rebuild(corpus, rebuilt);
    double rebuiltMb = RunCommand.directoryBytes(rebuilt) / 1e6;
    RunCommand.log("%s updates: %d small updates in %.1f s; index %.2f MB (%d segments, %,d deleted"
        + " paragraphs), %.2f MB merged, %.2f MB rebuilt", size, n, updateSeconds, afterUpdates,
        segments, deleted, afterMerge, rebuiltMb);
    return new Results.Growth(n, updateSeconds, rebuiltMb, afterUpdates, segments, deleted,
        afterMerge, MERGE);
  }
}
