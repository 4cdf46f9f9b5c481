package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
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
    description = "Measures indexing, the library, plain Lucene, the HTTP server and (with"
        + " --opensearch) OpenSearch on the corpora built by bench/build-corpora.")
final class RunCommand implements Callable<Integer> {
  private static final int[] CLIENTS = {1, 2, 4, 16};

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

  @Option(names = "--heap", defaultValue = "1g",
      description = "-Xmx of the servers (ours and OpenSearch) for the query figures (${DEFAULT-VALUE})")
  String heap;

  @Option(names = "--heap-tries", split = ",", defaultValue = "512m,384m,256m,192m,128m,96m,64m",
      description = "heaps tried, largest first, for the smallest that serves (${DEFAULT-VALUE})")
  List<String> heapTries;

  @Option(names = "--opensearch", paramLabel = "URL",
      description = "an OpenSearch node to measure beside ours (bench/run starts one)")
  URI openSearch;

  @Option(names = "--repo", defaultValue = ".", description = "the repository root (${DEFAULT-VALUE})")
  Path repo;

  @Option(names = "--command", defaultValue = "bench/run",
      description = "the command line to print in the report as how to reproduce it")
  String command;

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    List<Results.Size> measured = new ArrayList<>();
    List<Results.Startup> startups = new ArrayList<>();
    startups.add(seedStartup());
    for (String size : sizes) {
      measured.add(measure(size, startups));
    }
    String last = sizes.get(sizes.size() - 1);
    Path corpus = data.resolve("corpus-" + last);
    Path index = data.resolve("index-" + last);
    Results.Heap heapResult = smallestHeap(last, corpus, index, queries(last));
    Results.RebuildUnderLoad rebuild = rebuildUnderLoad(last, corpus, index, queries(last));
    Results.Report report = new Results.Report(Instant.now().toString(), Machine.describe(), command,
        seconds, warmup, warmupPasses, measured, startups, heapResult, rebuild);
    Files.createDirectories(out);
    json.writeValue(out.resolve("report.json").toFile(), report);
    Files.writeString(out.resolve("report.md"), Markdown.of(report), StandardCharsets.UTF_8);
    System.out.println("Wrote " + out.resolve("report.md") + " and report.json");
    return 0;
  }

  private Results.Size measure(String size, List<Results.Startup> startups) throws Exception {
    Path corpus = data.resolve("corpus-" + size);
    Path index = data.resolve("index-" + size);
    List<String> queries = queries(size);
    Results.Indexing indexing = indexing(corpus, index);
    log("%s: %,d paragraphs indexed in %.1f s (%.0f%% of the analysis ceiling)", size,
        indexing.paragraphs(), indexing.seconds(), 100 * indexing.fractionOfCeiling());
    List<Results.Engine> engines = new ArrayList<>();
    try (ArticleIndex library = ArticleIndex.open(index)) {
      engines.add(engine("library", queries, c -> q -> library.search(search(q, false)) != null,
          c -> q -> library.search(search(q, true)) != null));
      try (LuceneFloor floor = new LuceneFloor(index, library, queries)) {
        engines.add(engine("lucene-floor", queries, c -> floor::search, null));
      }
    }
    try (ServerProcess server = ServerProcess.start(repo, corpus, index, heap)) {
      engines.add(engine("http", queries, c -> http(server.port(), false),
          c -> http(server.port(), true)));
      startups.add(new Results.Startup(size, indexing.paragraphs(), server.startupMillis(),
          server.residentMb()));
    }
    Results.Peer peer = null;
    if (openSearch != null) {
      peer = peer(size, index, queries, engines);
    }
    for (Results.Engine e : engines) {
      log("%s %s: p50 %.2f ms, p99 %.2f ms; highlighted p50 %s", size, e.name(),
          e.plain().latency().p50(), e.plain().latency().p99(),
          e.highlighted() == null ? "-" : String.format(Locale.ROOT, "%.2f ms", e.highlighted().latency().p50()));
    }
    return new Results.Size(size, queries.size(), indexing, engines, peer);
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
      Map<String, List<Query>> tiers = new HashMap<>();
      for (String q : queries) {
        tiers.put(q, library.queryTiers(SearchRequest.of(q)));
      }
      engines.add(engine("opensearch", queries, c -> openSearch(name, tiers, false),
          c -> openSearch(name, tiers, true)));
      List<TopTenOverlap.QueryAgreement> agreements =
          TopTenOverlap.compare(library, node, name, queries, SearchRequest.DEFAULT_LIMIT);
      TopTenOverlap.Summary summary = TopTenOverlap.summarize(agreements);
      log("%s opensearch: same first page for %d of %d queries", size, summary.sameSet(),
          summary.queries());
      node.deleteIndex(name);
      return new Results.Peer(node.version(), bulk.documents(), bulk.load().toNanos() / 1e9,
          bulk.documentsPerSecond(), bulk.megabytesPerSecond(), bulk.refresh().toNanos() / 1e9,
          bulk.forceMerge().toNanos() / 1e9, summary, agreements.stream().filter(g -> !g.sameSet()).toList());
    }
  }

  /** A probe that runs a query's tiers on OpenSearch over its own keep-alive connection. */
  private Load.Probe openSearch(String index, Map<String, List<Query>> tiers, boolean highlight) {
    RawHttp http = new RawHttp(openSearch.getHost(), openSearch.getPort(), 30_000);
    OpenSearchPeer.Transport transport = OpenSearchPeer.over(http);
    return new ClosingProbe(http, q -> {
      OpenSearchPeer.search(index, tiers.get(q), SearchRequest.DEFAULT_LIMIT, highlight, transport);
      return true;
    });
  }

  private static SearchRequest search(String q, boolean highlight) {
    return SearchRequest.of(q).withHighlight(highlight);
  }

  /** A probe over HTTP: one keep-alive connection per client. */
  private static Load.Probe http(int port, boolean highlight) {
    RawHttp http = new RawHttp("127.0.0.1", port, 30_000);
    String suffix = highlight ? "" : "&highlight=false";
    return new ClosingProbe(http, q -> http.get("/api/search?q=" + Queries.encode(q) + suffix).status() == 200);
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
