package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench/run}: measures every size and writes report.json and report.md. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Measures indexing, the library, plain Lucene, the HTTP server, (with"
        + " --opensearch) OpenSearch and (with --cluster) an OpenSearch cluster on the corpora"
        + " built by bench/build-corpora.")
final class RunCommand implements Callable<Integer> {
  private static final int[] CLIENTS = {1, 2, 4, 16};
  /** Rounds of the library's, plain Lucene's and the server's throughput steps, taken in turn. */
  private static final int THROUGHPUT_ROUNDS = 4;
  /** The clients of the CPU-per-request steps: the 85% target's. */
  private static final int CPU_CLIENTS = 4;

  /** Every engine, in the report's order. */
  static final List<String> ENGINES = List.of("library", "lucene-floor", "http", "opensearch", "cluster");

  /** Each of the cluster's primaries has this many replicas: one copy of each shard can be lost. */
  static final int CLUSTER_REPLICAS = 1;

  /** So that scores are global: every shard's term statistics, as one Lucene index has them. */
  static final String CLUSTER_SEARCH_TYPE = "dfs_query_then_fetch";

  @Option(names = "--data", defaultValue = "bench/data",
      description = "where bench/build-corpora put the corpora and query sets (${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--sizes", split = ",", defaultValue = "10k,100k,1m",
      description = "corpus sizes to measure (${DEFAULT-VALUE}); start-up, heap and the rebuild"
          + " under load are measured on the last")
  List<String> sizes;

  @Option(names = "--out", defaultValue = "bench/results",
      description = "folder for report.json and report.md (${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seconds", defaultValue = "10",
      description = "length of each throughput step (${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--warmup", defaultValue = "20",
      description = "least seconds of warm-up passes over the query set before each latency run (${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--warmup-passes", defaultValue = "12",
      description = "least warm-up passes over the query set before each latency run (${DEFAULT-VALUE})")
  int warmupPasses;

  @Option(names = "--latency-passes", defaultValue = "20",
      description = "measured passes of the library's and plain Lucene's latency, alternating"
          + " between the two so that both see the same machine (${DEFAULT-VALUE}); every other"
          + " engine is measured in one pass")
  int latencyPasses;

  @Option(names = "--heap", defaultValue = "1g",
      description = "-Xmx of the servers (ours and OpenSearch) for the query figures (${DEFAULT-VALUE})")
  String heap;

  @Option(names = "--heap-tries", split = ",", defaultValue = "512m,384m,256m,192m,128m,96m,64m",
      description = "heaps tried, largest first, for the smallest that serves (${DEFAULT-VALUE})")
  List<String> heapTries;

  @Option(names = "--opensearch", paramLabel = "URL",
      description = "an OpenSearch node to measure beside ours (bench/run starts one)")
  URI openSearch;

  @Option(names = "--cluster", paramLabel = "URL", split = ",",
      description = "the nodes of an OpenSearch cluster with this project's analysis plugin to"
          + " measure beside ours, one primary shard per node and " + CLUSTER_REPLICAS
          + " replica (bench/run --cluster starts one)")
  List<URI> cluster;

  @Option(names = "--cluster-startup-seconds", defaultValue = "-1",
      description = "for the report: how long the cluster took from launch to green (bench/run measures it)")
  double clusterStartupSeconds;

  @Option(names = "--cluster-heap", defaultValue = "?",
      description = "for the report: the -Xmx of each cluster node (bench/run sets it)")
  String clusterHeap;

  @Option(names = "--engines", split = ",", defaultValue = "library,lucene-floor,http,opensearch,cluster",
      description = "engines to measure (${DEFAULT-VALUE}; opensearch and cluster only with their"
          + " URLs); our rebuild, start-up, smallest heap and rebuild under load are measured with"
          + " http only, and without it the index must already be built")
  List<String> engines;

  @Option(names = "--report-name", defaultValue = "report",
      description = "the report's files are NAME.md and NAME.json in --out (${DEFAULT-VALUE})")
  String reportName;

  @Option(names = "--no-updates", negatable = false,
      description = "skip the update step (updates beside a rebuild, --watch delay, search under"
          + " churn, index size after many updates), which runs on every size with http")
  boolean noUpdates;

  @Option(names = "--update-seed", defaultValue = "42",
      description = "seed of the update step's edits (${DEFAULT-VALUE})")
  long updateSeed;

  @Option(names = "--watch-edits", defaultValue = "100",
      description = "edits timed from rename to search with --watch (${DEFAULT-VALUE})")
  int watchEdits;

  @Option(names = "--churn-rate", defaultValue = "10",
      description = "files changed per second in the watched folder while searching (${DEFAULT-VALUE})")
  double churnRate;

  @Option(names = "--small-updates", defaultValue = "1000",
      description = "small updates (one file edited, then an update) before the index size is"
          + " measured (${DEFAULT-VALUE})")
  int smallUpdates;

  @Option(names = "--small-updates-seconds", defaultValue = "0",
      description = "stop the small updates after this many seconds, and report how many ran"
          + " (${DEFAULT-VALUE}: no limit)")
  double smallUpdatesSeconds;

  @Option(names = "--repo", defaultValue = ".", description = "the repository root (${DEFAULT-VALUE})")
  Path repo;

  @Option(names = "--command", defaultValue = "bench/run",
      description = "the command line to print in the report as how to reproduce it")
  String command;

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    for (String e : engines) {
      if (!ENGINES.contains(e)) {
        throw new IllegalArgumentException("Unknown engine '" + e + "' in --engines; known: "
            + String.join(", ", ENGINES));
      }
    }
    if (!reportName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("--report-name must be a plain file name, not '" + reportName + "'");
    }
    boolean ours = measures("http");
    List<Results.Size> measured = new ArrayList<>();
    List<Results.Startup> startups = new ArrayList<>();
    if (ours) {
      startups.add(seedStartup());
    }
    for (String size : sizes) {
      measured.add(measure(size, startups));
    }
    String last = sizes.get(sizes.size() - 1);
    Path corpus = data.resolve("corpus-" + last);
    Path index = data.resolve("index-" + last);
    Results.Heap heapResult = ours ? smallestHeap(last, corpus, index, queries(last)) : null;
    Results.RebuildUnderLoad rebuild = ours ? rebuildUnderLoad(last, corpus, index, queries(last)) : null;
    List<String> takingTurns = enginesInTurn();
    Results.Report report = new Results.Report(Instant.now().toString(), Machine.describe(), command,
        seconds, warmup, warmupPasses, measured, startups, heapResult, rebuild,
        takingTurns == null ? null : THROUGHPUT_ROUNDS, takingTurns);
    Files.createDirectories(out);
    json.writeValue(out.resolve(reportName + ".json").toFile(), report);
    Files.writeString(out.resolve(reportName + ".md"), Markdown.of(report), StandardCharsets.UTF_8);
    System.out.println("Wrote " + out.resolve(reportName + ".md") + " and " + reportName + ".json");
    return 0;
  }

  /**
   * The engines whose throughput steps {@link #inTurn} takes in turn (the server's when {@link
   * #measure} starts one), or null when the library and plain Lucene are not both measured.
   */
  private List<String> enginesInTurn() {
    if (!measures("library") || !measures("lucene-floor")) {
      return null;
    }
    return measures("http") ? List.of("library", "lucene-floor", "http")
        : List.of("library", "lucene-floor");
  }

  private boolean measures(String engine) {
    return engines.contains(engine)
        && (!engine.equals("opensearch") || openSearch != null)
        && (!engine.equals("cluster") || (cluster != null && !cluster.isEmpty()));
  }

  private Results.Size measure(String size, List<Results.Startup> startups) throws Exception {
    Path corpus = data.resolve("corpus-" + size);
    Path index = data.resolve("index-" + size);
    List<String> queries = queries(size);
    Results.Indexing indexing = null;
    if (measures("http")) {
      indexing = indexing(corpus, index);
      log("%s: %,d paragraphs indexed in %.1f s (%.0f%% of the analysis ceiling)", size,
          indexing.paragraphs(), indexing.seconds(), 100 * indexing.fractionOfCeiling());
    } else if (!Files.isDirectory(index)) {
      throw new IllegalStateException("No index " + index + ": without http in --engines the"
          + " rebuild is not run; build it first (bench/run --sizes " + size + ")");
    }
    List<Results.Engine> engines = new ArrayList<>();
    Results.CpuPerRequest cpu = null;
    // The server starts first, so that its throughput steps run in turn with the library's: one
    // after the other, the library's alone read 1,932 and 2,873 searches/s two minutes apart.
    try (ServerProcess server = measures("http") ? ServerProcess.start(repo, corpus, index, heap) : null;
        ArticleIndex library = ArticleIndex.open(index)) {
      if (server != null) {
        startups.add(new Results.Startup(size, indexing.paragraphs(), server.startupMillis(),
            server.residentMb()));
      }
      Load.Clients plain = c -> q -> library.search(search(q, false)) != null;
      Load.Clients highlighted = c -> q -> library.search(search(q, true)) != null;
      Probes overHttp = server == null ? null : new Probes("http",
          c -> http(server.port(), false), c -> http(server.port(), true));
      if (measures("library") && measures("lucene-floor")) {
        try (LuceneFloor floor = new LuceneFloor(index, library, queries)) {
          Load.Clients bare = c -> floor::search;
          engines.addAll(inTurn(queries, plain, highlighted, bare, overHttp));
        }
      } else {
        if (measures("library")) {
          engines.add(engine("library", queries, plain, highlighted));
        } else if (measures("lucene-floor")) {
          try (LuceneFloor floor = new LuceneFloor(index, library, queries)) {
            engines.add(engine("lucene-floor", queries, c -> floor::search, null));
          }
        }
        if (overHttp != null) {
          engines.add(engine(overHttp.name(), queries, overHttp.plain(), overHttp.highlighted()));
        }
      }
      if (measures("library") && server != null) {
        cpu = new Results.CpuPerRequest(CPU_CLIENTS,
            CpuCost.measure(highlighted, queries, CPU_CLIENTS, seconds, -1),
            CpuCost.measure(overHttp.highlighted(), queries, CPU_CLIENTS, seconds, server.pid()),
            CpuCost.measure(c -> missing(server.port()), queries, CPU_CLIENTS, seconds,
                server.pid()));
        log("%s: CPU per request at %d clients: the library %.0f µs; over HTTP a search %.0f"
            + " (server) + %.0f (client), a 404 %.0f + %.0f: HTTP keeps at most %.0f%%", size,
            CPU_CLIENTS, cpu.library().localMicros(), cpu.search().serverMicros(),
            cpu.search().localMicros(), cpu.empty().serverMicros(), cpu.empty().localMicros(),
            100 * cpu.ceiling());
      }
    }
    Results.Peer peer = null;
    if (measures("opensearch")) {
      peer = peer(size, index, queries, engines);
    }
    Results.Cluster clusterResult = null;
    if (measures("cluster")) {
      clusterResult = cluster(size, index, queries, engines);
    }
    for (Results.Engine e : engines) {
      log("%s %s: p50 %.2f ms, p99 %.2f ms; highlighted p50 %s", size, e.name(),
          e.plain().latency().p50(), e.plain().latency().p99(),
          e.highlighted() == null ? "-" : String.format(Locale.ROOT, "%.2f ms", e.highlighted().latency().p50()));
    }
    Results.Updates updates = null;
    if (measures("http") && !noUpdates) {
      updates = new UpdateBench(new UpdateBench.Settings(repo, data, heap, updateSeed, watchEdits,
          churnRate, seconds, smallUpdates, smallUpdatesSeconds, warmup, warmupPasses,
          measures("cluster") ? cluster : List.of())).measure(size, queries);
    }
    return new Results.Size(size, queries.size(), indexing, engines, peer, clusterResult, updates,
        cpu);
  }

  /**
   * As {@link #peer} on the cluster, with this project's analysis plugin and {@link
   * IndexSchema#openSearchMapping()}: one primary shard per node, loaded without replicas and
   * merged to one segment per shard, then {@value #CLUSTER_REPLICAS} replica added (copied from the
   * merged primaries); searched with {@value #CLUSTER_SEARCH_TYPE}, the load clients spread over
   * the nodes (client i on node i mod nodes).
   */
  private Results.Cluster cluster(String size, Path index, List<String> queries,
      List<Results.Engine> engines) throws Exception {
    String name = "bench-" + size;
    int shards = cluster.size();
    try (OpenSearchPeer node = new OpenSearchPeer(cluster.get(0), CLUSTER_SEARCH_TYPE);
        ArticleIndex library = ArticleIndex.open(index)) {
      node.deleteIndex(name);
      ObjectNode body = json.createObjectNode();
      ObjectNode settings = body.putObject("settings").putObject("index");
      settings.put("number_of_shards", shards);
      settings.put("number_of_replicas", 0); // added after the load: copied, not indexed twice
      settings.put("refresh_interval", "-1"); // during the bulk load; put back after it
      body.set("mappings", json.readTree(IndexSchema.openSearchMapping()));
      node.createIndex(name, body);
      OpenSearchPeer.BulkReport bulk =
          node.bulkLoad(library, name, 2, true, IndexSchema::openSearchDocuments);
      log("%s cluster: %,d paragraphs loaded in %.1f s, merged in %.1f s", size,
          bulk.documents(), bulk.load().toNanos() / 1e9, bulk.forceMerge().toNanos() / 1e9);
      double replicaSeconds = node.setReplicas(name, CLUSTER_REPLICAS).toNanos() / 1e9;
      log("%s cluster: %d replica(s) of %d shards green after %.1f s", size, CLUSTER_REPLICAS,
          shards, replicaSeconds);
      JsonNode store = node.get("/" + name + "/_stats/store");
      double primaryMb = store.path("_all").path("primaries").path("store").path("size_in_bytes").asLong() / 1e6;
      double totalMb = store.path("_all").path("total").path("store").path("size_in_bytes").asLong() / 1e6;
      Map<String, List<Query>> tiers = tiersOf(library, queries);
      engines.add(engine("cluster", queries,
          c -> openSearch(cluster.get(c % shards), name, tiers, false, CLUSTER_SEARCH_TYPE),
          c -> openSearch(cluster.get(c % shards), name, tiers, true, CLUSTER_SEARCH_TYPE)));
      List<Results.ClusterNode> nodes = nodeStats(node);
      Results.Peer load = compared(size + " cluster", library, node, name, queries, bulk);
      node.deleteIndex(name);
      return new Results.Cluster(load.version(), cluster.size(), shards, CLUSTER_REPLICAS,
          clusterHeap, CLUSTER_SEARCH_TYPE, clusterStartupSeconds, replicaSeconds, primaryMb,
          totalMb, nodes, load);
    }
  }

  /** Each node's heap (from its stats) and resident memory (its process, on this machine). */
  private static List<Results.ClusterNode> nodeStats(OpenSearchPeer node) {
    JsonNode stats = node.get("/_nodes/stats/jvm").path("nodes");
    JsonNode info = node.get("/_nodes/process").path("nodes");
    List<Results.ClusterNode> nodes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : stats.properties()) {
      JsonNode heapStats = e.getValue().path("jvm").path("mem");
      long pid = info.path(e.getKey()).path("process").path("id").asLong(-1);
      nodes.add(new Results.ClusterNode(e.getValue().path("name").asText(),
          heapStats.path("heap_max_in_bytes").asLong() / 1048576.0,
          heapStats.path("heap_used_in_bytes").asLong() / 1048576.0,
          pid < 0 ? -1 : ServerProcess.residentMb(pid)));
    }
    nodes.sort(java.util.Comparator.comparing(Results.ClusterNode::name));
    return nodes;
  }

  /**
   * Loads the paragraphs of our index into OpenSearch, measures it on the same Lucene queries
   * ({@link ArticleIndex#queryTiers}, translated by {@link dev.articlesearch.cluster.QueryDsl}) and compares first pages.
   */
  private Results.Peer peer(String size, Path index, List<String> queries,
      List<Results.Engine> engines) throws Exception {
    String name = "bench-" + size;
    try (OpenSearchPeer node = new OpenSearchPeer(openSearch);
        ArticleIndex library = ArticleIndex.open(index)) {
      node.deleteIndex(name);
      node.createIndex(name);
      // Merged to one segment, as our rebuild leaves its index: the same Lucene work per query.
      OpenSearchPeer.BulkReport bulk = node.bulkLoad(library, name, 2, true);
      log("%s opensearch: %,d paragraphs loaded in %.1f s, merged in %.1f s", size,
          bulk.documents(), bulk.load().toNanos() / 1e9, bulk.forceMerge().toNanos() / 1e9);
      Map<String, List<Query>> tiers = tiersOf(library, queries);
      engines.add(engine("opensearch", queries, c -> openSearch(name, tiers, false),
          c -> openSearch(name, tiers, true)));
      Results.Peer peer = compared(size + " opensearch", library, node, name, queries, bulk);
      node.deleteIndex(name);
      return peer;
    }
  }

  /** The library's Lucene queries for each query, tier by tier, as OpenSearch is sent them. */
  private static Map<String, List<Query>> tiersOf(ArticleIndex library, List<String> queries) {
    Map<String, List<Query>> tiers = new HashMap<>();
    for (String q : queries) {
      tiers.put(q, library.queryTiers(SearchRequest.of(q)));
    }
    return tiers;
  }

  /**
   * Compares {@code index} on {@code node} with the library, first page by first page, logs the
   * agreement under {@code what}, and reports it with the load that filled the index.
   */
  private static Results.Peer compared(String what, ArticleIndex library, OpenSearchPeer node,
      String index, List<String> queries, OpenSearchPeer.BulkReport bulk) {
    List<TopTenOverlap.QueryAgreement> agreements =
        TopTenOverlap.compare(library, node, index, queries, SearchRequest.DEFAULT_LIMIT);
    TopTenOverlap.Summary summary = TopTenOverlap.summarize(agreements);
    log("%s: same first page for %d of %d queries", what, summary.sameSet(), summary.queries());
    return new Results.Peer(node.version(), bulk.documents(), bulk.load().toNanos() / 1e9,
        bulk.documentsPerSecond(), bulk.megabytesPerSecond(), bulk.refresh().toNanos() / 1e9,
        bulk.forceMerge().toNanos() / 1e9, summary,
        agreements.stream().filter(g -> !g.sameSet()).toList());
  }

  /** A probe that runs a query's tiers on OpenSearch over its own keep-alive connection. */
  private Load.Probe openSearch(String index, Map<String, List<Query>> tiers, boolean highlight) {
    return openSearch(openSearch, index, tiers, highlight, null);
  }

  /** As {@link #openSearch(String, Map, boolean)}, on node {@code node}, with a search type. */
  private static Load.Probe openSearch(URI node, String index, Map<String, List<Query>> tiers,
      boolean highlight, String searchType) {
    RawHttp http = new RawHttp(node.getHost(), node.getPort(), 30_000);
    OpenSearchPeer.Transport transport =
        OpenSearchPeer.withSearchType(OpenSearchPeer.over(http), searchType);
    return new ClosingProbe(http, q -> {
      OpenSearchPeer.search(index, tiers.get(q), SearchRequest.DEFAULT_LIMIT, highlight, transport);
      return true;
    });
  }

  private static SearchRequest search(String q, boolean highlight) {
    return SearchRequest.of(q).withHighlight(highlight);
  }

  /** A probe over HTTP: one keep-alive connection per client. */
  static Load.Probe http(int port, boolean highlight) {
    RawHttp http = new RawHttp("127.0.0.1", port, 30_000);
    String suffix = highlight ? "" : "&highlight=false";
    return new ClosingProbe(http, q -> http.get("/api/search?q=" + Queries.encode(q) + suffix).status() == 200);
  }

  /** A probe over HTTP of a path no route serves: the server's and the client's least cost. */
  private static Load.Probe missing(int port) {
    RawHttp http = new RawHttp("127.0.0.1", port, 30_000);
    return new ClosingProbe(http, q -> http.get("/api/no-such-route").status() == 404);
  }

  /** A probe that closes its connection when the run ends. */
  private record ClosingProbe(RawHttp http, Load.Probe probe) implements Load.Probe, AutoCloseable {
    @Override
    public boolean call(String query) throws Exception {
      return probe.call(query);
    }

    @Override
    public void close() {
      http.close();
    }
  }

  private Results.Engine engine(String name, List<String> queries, Load.Clients plain,
      Load.Clients highlighted) throws Exception {
    Load.Clients loaded = highlighted != null ? highlighted : plain;
    Load.Result p = sequential(plain, queries);
    Load.Result h = highlighted == null ? null : sequential(highlighted, queries);
    List<Load.Result> throughput = new ArrayList<>();
    for (int c : CLIENTS) {
      throughput.add(Load.closedLoop(loaded, queries, c, seconds));
    }
    return new Results.Engine(name, p, h, throughput);
  }

  /** An engine's probes without and with highlighting. */
  private record Probes(String name, Load.Clients plain, Load.Clients highlighted) {}

  /**
   * The library and plain Lucene measured in turn, so that the targets comparing them compare
   * the same machine: plain latency in {@code latencyPasses} rounds, then at each number of
   * clients {@value #THROUGHPUT_ROUNDS} rounds of closed-loop steps (the library highlighted),
   * each engine {@code seconds} in all; the library's highlighted latency on its own between.
   * With {@code overHttp} (else null), the server's latency is measured after theirs, one query
   * at a time as {@link #engine} does, and its highlighted throughput steps take their turn with
   * the library's and plain Lucene's: the target comparing HTTP with the library compares the same
   * machine too.
   */
  private List<Results.Engine> inTurn(List<String> queries, Load.Clients plain,
      Load.Clients highlighted, Load.Clients bare, Probes overHttp) throws Exception {
    List<Load.Passes> both = Load.alternating(List.of(plain.open(0), bare.open(0)), queries,
        warmup, warmupPasses, latencyPasses);
    Load.Result h = sequential(highlighted, queries);
    List<Load.Clients> loaded = new ArrayList<>(List.of(highlighted, bare));
    Load.Result httpPlain = null;
    Load.Result httpHighlighted = null;
    if (overHttp != null) {
      httpPlain = sequential(overHttp.plain(), queries);
      httpHighlighted = sequential(overHttp.highlighted(), queries);
      loaded.add(overHttp.highlighted());
    }
    List<List<Load.Result>> steps = new ArrayList<>();
    loaded.forEach(e -> steps.add(new ArrayList<>()));
    for (int c : CLIENTS) {
      List<Load.Result> step = Load.closedLoopInTurn(loaded, queries, c, seconds, THROUGHPUT_ROUNDS);
      for (int e = 0; e < loaded.size(); e++) {
        steps.get(e).add(step.get(e));
      }
    }
    List<Results.Engine> out = new ArrayList<>(List.of(
        new Results.Engine("library", both.get(0).all(), h, steps.get(0), p50s(both.get(0))),
        new Results.Engine("lucene-floor", both.get(1).all(), null, steps.get(1), p50s(both.get(1)))));
    if (overHttp != null) {
      out.add(new Results.Engine(overHttp.name(), httpPlain, httpHighlighted, steps.get(2)));
    }
    return out;
  }

  private static List<Double> p50s(Load.Passes passes) {
    return passes.each().stream().map(Latency::p50).toList();
  }

  private Load.Result sequential(Load.Clients clients, List<String> queries) throws Exception {
    Load.Probe probe = clients.open(0);
    try {
      return Load.sequential(probe, queries, warmup, warmupPasses);
    } finally {
      if (probe instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private Results.Indexing indexing(Path corpus, Path index) throws Exception {
    CorpusText text = CorpusText.read(corpus);
    int cores = Runtime.getRuntime().availableProcessors();
    AnalysisCeiling.Result ceiling = AnalysisCeiling.measure(text, cores);
    IndexingFloor.Result floor =
        IndexingFloor.measure(text, cores, index.resolveSibling(index.getFileName() + "-floor"));
    int files = text.files();
    double megabytes = text.megabytes();
    text = null; // the rebuild reads the corpus itself
    long start = System.nanoTime();
    RebuildReport r = ArticleIndex.rebuild(corpus, index);
    double secs = (System.nanoTime() - start) / 1e9;
    double indexMb = directoryBytes(index) / 1e6;
    double perSecond = r.paragraphs() / secs;
    return new Results.Indexing(files, r.paragraphs(), megabytes, secs, perSecond, megabytes / secs,
        ceiling, perSecond / ceiling.paragraphsPerSecond(), floor,
        floor.paragraphsPerSecond() / ceiling.paragraphsPerSecond(), indexMb, indexMb / megabytes);
  }

  /** Start-up on the bundled seeds/, with its index already built (as after the first start). */
  private Results.Startup seedStartup() throws Exception {
    Path corpus = repo.resolve("seeds");
    Path index = data.resolve("index-seeds");
    RebuildReport r = ArticleIndex.rebuild(corpus, index);
    double best = Double.MAX_VALUE;
    double resident = 0;
    for (int i = 0; i < 3; i++) { // the best of three: start-up is short and the machine noisy
      try (ServerProcess s = ServerProcess.start(repo, corpus, index, heap)) {
        best = Math.min(best, s.startupMillis());
        resident = s.residentMb();
      }
    }
    log("seeds: start-up %.0f ms", best);
    return new Results.Startup("seeds", r.paragraphs(), best, resident);
  }

  private Results.Heap smallestHeap(String size, Path corpus, Path index, List<String> queries)
      throws Exception {
    List<Results.HeapTry> tries = new ArrayList<>();
    String smallest = null;
    for (String h : heapTries) {
      Results.HeapTry t;
      try (ServerProcess s = ServerProcess.start(repo, corpus, index, h)) {
        Load.Result pass = Load.closedLoop(c -> http(s.port(), true), queries, 4,
            Math.max(seconds, 5));
        t = new Results.HeapTry(h, s.alive() && pass.errors() == 0, pass.requests(), pass.errors(),
            s.residentMb());
      } catch (IOException e) {
        t = new Results.HeapTry(h, false, 0, 0, -1);
      }
      tries.add(t);
      log("%s: -Xmx%s %s", size, h, t.served() ? "serves" : "fails");
      if (!t.served()) {
        break;
      }
      smallest = h;
    }
    return new Results.Heap(size, smallest, tries);
  }

  private Results.RebuildUnderLoad rebuildUnderLoad(String size, Path corpus, Path index,
      List<String> queries) throws Exception {
    try (ServerProcess s = ServerProcess.start(repo, corpus, index, heap)) {
      double peak = Load.closedLoop(c -> http(s.port(), true), queries, 4, seconds).perSecond();
      double rate = Math.max(1, Math.floor(peak / 4));
      Load.Result before = Load.fixedRate(c -> http(s.port(), true), queries, 4, seconds, rate);
      String committed = health(s.port()).path("committed_at").asText();
      long start = System.nanoTime();
      Process rebuild = new ProcessBuilder(ServerProcess.script(repo), "--rebuild-only",
          "--corpus", corpus.toString(), "--index", index.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      AtomicLong ended = new AtomicLong();
      BooleanSupplier running = () -> {
        if (rebuild.isAlive()) {
          return true;
        }
        ended.compareAndSet(0, System.nanoTime());
        return false;
      };
      Load.Result during = Load.fixedRateWhile(c -> http(s.port(), true), queries, 4, rate, running, 5);
      double rebuildSeconds = (ended.get() - start) / 1e9;
      boolean served = rebuild.waitFor() == 0
          && !health(s.port()).path("committed_at").asText().equals(committed);
      log("%s: rebuild under load took %.0f s; %d of %d requests failed", size, rebuildSeconds,
          during.errors(), during.requests());
      return new Results.RebuildUnderLoad(size, rate, before, during, rebuildSeconds, served);
    }
  }

  private JsonNode health(int port) throws IOException {
    try (RawHttp http = new RawHttp("127.0.0.1", port, 30_000)) {
      return json.readTree(http.get("/api/health").body());
    }
  }

  private List<String> queries(String size) {
    return QuerySet.read(data.resolve("queries-" + size + ".tsv")).queries().stream()
        .map(DrawnQuery::query).toList();
  }

  static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long sum = 0;
      for (Path f : files.toList()) {
        sum += Files.size(f);
      }
      return sum;
    }
  }

  static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
