package dev.articlesearch.bench;

import java.util.List;

/** What a benchmark run measured, as written to report.json (and rendered to report.md). */
final class Results {
  private Results() {}

  /** The machine the figures come from. */
  record Machine(String cpu, int cores, double memoryGb, String java, String os) {}

  /**
   * A full rebuild, the analysis ceiling it is compared with, and plain Lucene's indexing of the
   * same text into one smartcn field (the floor of what any Lucene index of it costs).
   */
  record Indexing(int files, long paragraphs, double textMegabytes, double seconds,
      double paragraphsPerSecond, double megabytesPerSecond, AnalysisCeiling.Result ceiling,
      double fractionOfCeiling, IndexingFloor.Result floor, double floorFractionOfCeiling,
      double indexMegabytes, double indexMegabytesPerTextMegabyte) {}

  /**
   * One engine on one query set: every query once, one after another, without and with
   * highlighting, then the closed-loop throughput (highlighting on where the engine has it) at
   * each number of clients.
   *
   * @param passP50s when {@code plain} was measured in passes alternating with another engine's
   *     ({@code Load.alternating}: the library and plain Lucene), each pass's p50 in ms, in the
   *     order run; empty (or null in older reports) when it was one pass on its own
   */
  record Engine(String name, Load.Result plain, Load.Result highlighted,
      List<Load.Result> throughput, List<Double> passP50s) {
    Engine(String name, Load.Result plain, Load.Result highlighted, List<Load.Result> throughput) {
      this(name, plain, highlighted, throughput, List.of());
    }

    /** {@link #passP50s}, never null. */
    List<Double> alternatedP50s() {
      return passP50s == null ? List.of() : passP50s;
    }
  }

  /** Time from launch to the first answered search, and resident memory while serving. */
  record Startup(String corpus, long paragraphs, double millis, double residentMb) {}

  /** The smallest heap of those tried that served the query set without an error. */
  record Heap(String corpus, String smallest, List<HeapTry> tries) {}

  record HeapTry(String heap, boolean served, long requests, long errors, double residentMb) {}

  /** Steady load while another process rebuilds the served index. */
  record RebuildUnderLoad(String corpus, double rate, Load.Result before, Load.Result during,
      double rebuildSeconds, boolean newIndexServed) {}

  /**
   * OpenSearch on the same paragraphs: how fast it took them in, and how often its first page
   * was ours.
   */
  record Peer(String version, long documents, double loadSeconds, double documentsPerSecond,
      double megabytesPerSecond, double refreshSeconds, double mergeSeconds,
      TopTenOverlap.Summary overlap,
      List<TopTenOverlap.QueryAgreement> differences) {}

  /**
   * An OpenSearch cluster on this machine with this project's analysis plugin and {@code
   * IndexSchema}'s mapping: how it started, how the paragraphs went in, how much memory each node
   * holds, and how often its first page was ours.
   *
   * @param startupSeconds from launching the nodes to the cluster's green with every node
   * @param replicaSeconds adding the replicas after the load (copied from the merged primaries)
   * @param primaryStoreMb the primaries on disk; {@code totalStoreMb} with the replicas
   * @param load the bulk load (without replicas) and the comparison of first pages
   */
  record Cluster(String version, int nodes, int shards, int replicas, String heapPerNode,
      String searchType, double startupSeconds, double replicaSeconds, double primaryStoreMb,
      double totalStoreMb, List<ClusterNode> nodeStats, Peer load) {}

  /** One node after the queries: its heap (limit and in use) and its resident memory. */
  record ClusterNode(String name, double heapMaxMb, double heapUsedMb, double residentMb) {}

  /**
   * Everything measured on one corpus size; {@code indexing} is null when our rebuild was not
   * measured, {@code peer} without OpenSearch, {@code cluster} without the cluster.
   */
  record Size(String name, int queries, Indexing indexing, List<Engine> engines, Peer peer,
      Cluster cluster, Updates updates, CpuPerRequest cpu) {
    Size(String name, int queries, Indexing indexing, List<Engine> engines, Peer peer,
        Cluster cluster, Updates updates) {
      this(name, queries, indexing, engines, peer, cluster, updates, null);
    }
  }

  /**
   * CPU time per request at {@code clients} closed-loop clients ({@link CpuCost}): the library's
   * highlighted searches in-process, and over HTTP the same searches and a request answered with
   * a 404, each the server's and the load client's; null where the library or HTTP was not
   * measured.
   */
  record CpuPerRequest(int clients, CpuCost.Step library, CpuCost.Step search, CpuCost.Step empty) {
    /** The most of the library's throughput HTTP can keep when the cores are the limit. */
    double ceiling() {
      return library.together() / (library.together() + empty.together());
    }
  }

  /**
   * Keeping the index up to date, on a copy of the corpus ({@link UpdateBench}): a full rebuild
   * of the copy as the reference, updates of growing size, a watching server's delay and its
   * searches while the folder changes, and the index's size after many small updates.
   *
   * @param files article files in the copy
   * @param seed the seed of every edit
   * @param rebuildSeconds a full rebuild of the copy, before any edit; {@code rebuildMb} its size
   */
  record Updates(String corpus, int files, long paragraphs, long seed, double rebuildSeconds,
      double rebuildMb, List<UpdateStep> steps, WatchDelay watch, Churn churn, Growth growth,
      ClusterUpdates cluster) {}

  /**
   * The same steps against the cluster ({@code ClusterUpdater.update} on the alias's index in
   * place), beside a full cluster rebuild ({@code ClusterIndexer.rebuild}) of the same copy; null
   * without {@code --cluster}.
   */
  record ClusterUpdates(String alias, int nodes, double rebuildSeconds, List<UpdateStep> steps,
      WatchDelay watch) {}

  /** One {@code ArticleIndex.update} after {@code filesChanged} files were rewritten: wall time and its report. */
  record UpdateStep(String name, int filesChanged, double seconds, int added, int changed,
      int removed, int unchanged, long paragraphsAdded, long paragraphsRemoved, int skipped) {}

  /**
   * A server with {@code --watch}: from each file's rename into the folder to the first {@code
   * /api/search} finding its unique word; an edit not found within {@code timeoutSeconds} counts
   * as that long.
   */
  record WatchDelay(int edits, int found, double timeoutSeconds, Latency latency) {}

  /**
   * Searches over HTTP, one client, one at a time (highlighted), on the watching server: quiet,
   * then while {@code filesPerSecond} files change in its folder ({@code filesChanged} in all).
   */
  record Churn(double filesPerSecond, int filesChanged, Load.Result quiet, Load.Result during) {}

  /**
   * The index on disk after {@code updates} small updates (each one file edited, then an update;
   * {@code updateSeconds} in all), then after {@code merge}, against a rebuild of the same folder.
   */
  record Growth(int updates, double updateSeconds, double rebuiltMb, double afterUpdatesMb,
      int segmentsAfterUpdates, long deletedAfterUpdates, double afterMergeMb, String merge) {}

  /**
   * @param throughputTurns how many turns the library's and plain Lucene's throughput steps were
   *     split into, run in turn ({@code Load.closedLoopInTurn}); null in reports from before they
   *     were, or when only one of the two was measured
   * @param throughputInTurn the engines whose throughput steps ran in turn, in the report's order;
   *     null in reports from before {@code http} joined them (then the library and plain Lucene)
   */
  record Report(String generated, Machine machine, String command, double secondsPerStep,
      double warmupSeconds, int warmupPasses,
      List<Size> sizes, List<Startup> startup, Heap heap, RebuildUnderLoad rebuildUnderLoad,
      Integer throughputTurns, List<String> throughputInTurn) {
    Report(String generated, Machine machine, String command, double secondsPerStep,
        double warmupSeconds, int warmupPasses, List<Size> sizes, List<Startup> startup,
        Heap heap, RebuildUnderLoad rebuildUnderLoad, Integer throughputTurns) {
      this(generated, machine, command, secondsPerStep, warmupSeconds, warmupPasses, sizes,
          startup, heap, rebuildUnderLoad, throughputTurns, null);
    }

    Report(String generated, Machine machine, String command, double secondsPerStep,
        double warmupSeconds, int warmupPasses, List<Size> sizes, List<Startup> startup,
        Heap heap, RebuildUnderLoad rebuildUnderLoad) {
      this(generated, machine, command, secondsPerStep, warmupSeconds, warmupPasses, sizes,
          startup, heap, rebuildUnderLoad, null);
    }
  }
}
