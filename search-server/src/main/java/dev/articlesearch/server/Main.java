package dev.articlesearch.server;

import dev.articlesearch.cluster.ClusterIndexer;
import dev.articlesearch.cluster.ClusterUpdater;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.CorpusWatch;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.ModeUnavailableException;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchTimeoutException;
import dev.articlesearch.core.SkippedFile;
import dev.articlesearch.core.UpdateReport;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The command line: parses and checks flags, then rebuilds and/or serves. */
@Command(
    name = "search-server",
    mixinStandardHelpOptions = true,
    version = "search-server 0.1.0",
    sortOptions = false,
    description = "Serves full-text search over a folder of articles: a JSON API and a web page.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success (after --rebuild-only or --update-only, or stopped by SIGTERM or Ctrl-C)",
      "1:the index or the server failed",
      "2:a bad flag, value, corpus or index folder",
      "143:SIGTERM during a rebuild, before serving (the old index stays)"
    })
public final class Main implements Callable<Integer> {
  /**
   * Default paths are relative to the repository when bin/search-server says where it is (the
   * {@code articlesearch.home} system property), else to the current folder.
   */
  private static final String HOME = "${sys:articlesearch.home:-.}/";

  /**
   * Lucene announces its vectorization provider at INFO on stderr; only problems belong there.
   * Held here because java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger LUCENE_LOG =
      java.util.logging.Logger.getLogger("org.apache.lucene");

  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "DIR", defaultValue = HOME + "seeds",
      description = "Folder of article .txt files (default: ${DEFAULT-VALUE}).")
  Path corpus;

  @Option(names = "--index", paramLabel = "DIR", defaultValue = HOME + "data/index",
      description = "Index folder (default: ${DEFAULT-VALUE}); built from the corpus if empty.")
  Path index;

  @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST,
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
      description = "Time budget of one request; past it the answer is 503 (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--max-query-length", paramLabel = "N", defaultValue = "1000",
      description = "Longest query in characters (default: ${DEFAULT-VALUE}).")
  int maxQueryLength;

  @Option(names = "--max-expansions", paramLabel = "N", defaultValue = "1000",
      description = "Most terms one wildcard, regexp or range may match (default: ${DEFAULT-VALUE}).")
  int maxExpansions;

  @Option(names = "--max-highlight-paragraphs", paramLabel = "N", defaultValue = "1000",
      description = "Most paragraphs one highlight request marks (default: ${DEFAULT-VALUE}).")
  int maxHighlightParagraphs;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN",
      description = "Web pages from ORIGIN may read the answers (CORS, GET only);"
          + " repeatable, none by default.")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--spare-carrier",
      description = "Keep one thread free of searches for /api/health, /metrics and the page:"
          + " answered at once under full load, for 7-25% fewer searches/s then (1m corpus,"
          + " two cores).")
  boolean spareCarrier;

  @Option(names = "--opensearch", paramLabel = "URL[,URL…]",
      description = "Serve from, or rebuild into, this OpenSearch cluster (with the"
          + " analysis-articlesearch plugin) instead of the --index folder; several nodes"
          + " comma-separated, the next tried when one cannot be reached.")
  String opensearch;

  @Option(names = "--opensearch-index", paramLabel = "ALIAS", defaultValue = ClusterIndexer.DEFAULT_ALIAS,
      description = "With --opensearch: the alias searches go through; a rebuild fills a new"
          + " index ALIAS-v<time> and then moves the alias to it (default: ${DEFAULT-VALUE}).")
  String opensearchIndex;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "0",
      description = "With --opensearch, for a rebuild: primary shards (default: one per data node).")
  int shards;

  @Option(names = "--replicas", paramLabel = "N", defaultValue = "-1",
      description = "With --opensearch, for a rebuild: replicas of each shard (default: 1 if the"
          + " cluster has 2 data nodes or more, else 0).")
  int replicas;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "plain",
      description = "plain (a line of text) or json (one JSON object per line) (default:"
          + " ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
      description = "The server's log level: error, warn, info or debug (debug adds each"
          + " request's query) (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(names = "--rebuild", description = "Rebuild the index from the corpus, then serve.")
  boolean rebuild;

  @Option(names = "--rebuild-only",
      description = "Rebuild the index from the corpus, then exit. A server already serving the"
          + " index switches to the new one by itself.")
  boolean rebuildOnly;

  @Option(names = "--update",
      description = "Bring the index in line with the corpus (only new, changed and removed"
          + " files are written, one atomic commit; with --opensearch, the index behind the"
          + " alias, in place), then serve.")
  boolean update;

  @Option(names = "--update-only",
      description = "Bring the index in line with the corpus, then exit. A server already serving"
          + " the index switches to the new commit by itself.")
  boolean updateOnly;

  @Option(names = "--semantic",
      description = "Search by meaning too (mode=semantic and mode=hybrid): loads the embedding"
          + " models of the search-semantic module (bin/search-server adds it), stores a vector"
          + " per paragraph in the index (an index without them gets them first, which takes"
          + " about a minute per 8,000 paragraphs on two cores) and embeds only new and changed"
          + " paragraphs on --update and --watch.")
  boolean semantic;

  @Option(names = "--natives", paramLabel = "DIR",
      description = "With --semantic: where the models' native libraries are unpacked (default:"
          + " beside the index, <index>.natives).")
  Path natives;

  @Option(names = "--watch",
      description = "While serving, keep the index in sync with --corpus: a file created,"
          + " changed, renamed or deleted there is searchable about a second after it settles.")
  boolean watch;

  private final PrintStream out;
  private final boolean terminal;
  private final CountDownLatch stop = new CountDownLatch(1);
  /** This process's metrics: its rebuild, then the server's requests. Made once flags are good. */
  private ServerMetrics metrics;
  private volatile SearchServer server;
  /** With --opensearch: the cluster, alias and rebuild settings. */
  private ClusterIndexer.Target clusterTarget;
  /** With --opensearch --watch: the watch that updates the cluster, closed before the server. */
  private volatile CorpusWatch clusterWatch;
  /** With --semantic: the models, loaded once for the rebuild or update and the server. */
  private Embedder embedder;

  Main(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(run(System.out, System.err, System.console() != null, args));
  }

  /** Runs the command line; returns the exit status. Used by {@link #main} and the tests. */
  static int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
    CommandLine cli = new CommandLine(new Main(out, terminal));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("search-server: " + e.getMessage() + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, c, r) -> {
      err.println("search-server: " + e.getMessage());
      return e instanceof CorpusException ? 2 : 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--port': must be from 0 to 65535, was " + port);
    }
    Limits limits = limits(); // a bad limit fails before a rebuild, not after it
    for (String origin : corsOrigins) {
      String problem = ServerConfig.originProblem(origin);
      if (problem != null) {
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '--cors-origin': " + problem);
      }
    }
    List<String> writes = new ArrayList<>();
    for (String flag : List.of("--rebuild", "--rebuild-only", "--update", "--update-only")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        writes.add(flag);
      }
    }
    if (writes.size() > 1) {
      throw new ParameterException(spec.commandLine(),
          String.join(" and ", writes) + " cannot be used together");
    }
    if (watch && (rebuildOnly || updateOnly)) {
      throw new ParameterException(spec.commandLine(), "--watch keeps a served index in sync: it"
          + " cannot be used with " + (rebuildOnly ? "--rebuild-only" : "--update-only"));
    }
    if (natives != null && !semantic) {
      throw new ParameterException(spec.commandLine(), "--natives needs --semantic");
    }
    if (opensearch != null && semantic) {
      throw new ParameterException(spec.commandLine(), "--semantic works on an --index folder:"
          + " an OpenSearch cluster would need OpenSearch's k-NN plugin, which is not published on"
          + " Maven Central for OpenSearch 3.8.0 (see docs/scaling.md)");
    }
    if (spareCarrier) {
      ComputeSlots.addSpareCarrier(); // before the server starts the process's first virtual thread
    }
    Logging.configure(choice("--log-format", logFormat, Logging.Format.class),
        choice("--log-level", logLevel, Logging.Level.class));
    metrics = new ServerMetrics();
    try {
      return opensearch != null ? cluster(limits) : embedded(limits);
    } finally {
      metrics.close(); // a server closed them already; a rebuild alone still has them
    }
  }

  /** {@code value} as one of {@code type}'s constants, any case, or a usage error naming them. */
  private <E extends Enum<E>> E choice(String flag, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    List<String> names = java.util.Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    throw new ParameterException(spec.commandLine(), "Invalid value for option '" + flag
        + "': must be " + (names.size() == 2 ? names.get(0) + " or " + names.get(1)
            : "one of " + String.join(", ", names)) + ", was '" + value + "'");
  }

  /** Rebuild into and serve from the index folder. */
  private int embedded(Limits limits) {
    for (String flag : List.of("--opensearch-index", "--shards", "--replicas")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw new ParameterException(spec.commandLine(), flag + " needs --opensearch");
      }
    }
    if (Files.exists(index) && !Files.isDirectory(index)) {
      throw new ParameterException(spec.commandLine(), "--index is not a folder: " + index);
    }
    for (Path p = index.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new ParameterException(spec.commandLine(),
              "--index is not a folder: " + index + " (" + p + " is a file)");
        }
        break;
      }
    }
    if (!rebuildOnly && !updateOnly) {
      checkHost(); // before a rebuild that may take minutes, not after it
    }
    boolean noIndex = !hasIndex(index);
    if (semantic) {
      embedder = loadEmbedder();
    }
    try {
      return embedded(limits, noIndex);
    } finally {
      if (embedder != null && server == null) {
        embedder.close(); // a server closes it itself
      }
    }
  }

  /** The embedder of the search-semantic module, its models loaded. */
  private Embedder loadEmbedder() {
    Path folder = natives != null ? natives : ArticleSearch.nativesBeside(index);
    long started = System.nanoTime();
    Embedder e;
    try {
      e = Embedder.load(folder);
    } catch (ModeUnavailableException missing) {
      throw new ParameterException(spec.commandLine(), "--semantic: " + missing.getMessage());
    }
    out.printf(Locale.ROOT, "Loaded the embedder %s in %.1f s (native libraries in %s)%n", e.id(),
        (System.nanoTime() - started) / 1e9, folder);
    return e;
  }

  private int embedded(Limits limits, boolean noIndex) {
    if (update || updateOnly) {
      String flag = update ? "--update" : "--update-only";
      if (noIndex) {
        throw new ParameterException(spec.commandLine(), flag + ": there is no index in " + index
            + " yet; build it with --rebuild");
      }
      try {
        printUpdate("The index in " + index, index.toString(), update());
      } catch (SearchException e) {
        if (e instanceof CorpusException) {
          throw e;
        }
        throw new SearchException(flag + ": " + e.getMessage(), e);
      }
      if (updateOnly) {
        return 0;
      }
      return serve(new ServerConfig(host, port, index, limits, corsOrigins));
    }
    if (embedder != null && !rebuild && !rebuildOnly && !noIndex
        && !ArticleIndex.vectorsOf(index).filter(embedder.id()::equals).isPresent()) {
      out.println("The index in " + index + " has no paragraph vectors by " + embedder.id()
          + ": adding them (the index is rebuilt from " + corpus + ")");
      printUpdate("The index in " + index, index.toString(), update());
    }
    if (rebuild || rebuildOnly || noIndex) {
      if (noIndex && !rebuild && !rebuildOnly) {
        out.println("No index in " + index + " yet: building it from " + corpus);
      }
      printReport(index.toString(), rebuild());
      if (rebuildOnly) {
        return 0;
      }
    }
    return serve(new ServerConfig(host, port, index, limits, corsOrigins));
  }

  /** The same command against a cluster: rebuild into it (alias moved at the end), serve from it. */
  private int cluster(Limits limits) {
    if (spec.commandLine().getParseResult().hasMatchedOption("--index")) {
      throw new ParameterException(spec.commandLine(),
          "--index and --opensearch cannot be used together: the index is the cluster's");
    }
    ClusterIndexer.Target target;
    try {
      target = ClusterIndexer.Target.of(opensearch).withAlias(opensearchIndex)
          .withShards(shards).withReplicas(replicas);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!rebuildOnly) {
      checkHost();
    }
    clusterTarget = target;
    if (update || updateOnly) {
      String flag = update ? "--update" : "--update-only";
      UpdateReport report;
      try (RebuildProgressPrinter progress = new RebuildProgressPrinter(out, terminal)) {
        report = metrics.time(ServerMetrics.IndexWrite.UPDATES,
            () -> ClusterUpdater.update(corpus, target, progress));
      } catch (ClusterUpdater.NoIndexException e) {
        throw new ParameterException(spec.commandLine(), flag + ": there is no index '"
            + target.alias() + "' at " + opensearch + " yet; build it with --rebuild");
      } catch (SearchException e) {
        if (e instanceof CorpusException) {
          throw e;
        }
        throw new SearchException(flag + ": " + e.getMessage(), e);
      }
      printUpdate("The index behind '" + target.alias() + "'", "'" + target.alias() + "' at "
          + opensearch, report);
      if (updateOnly) {
        return 0;
      }
    }
    if (rebuild || rebuildOnly) {
      ClusterIndexer.Result result;
      try (RebuildProgressPrinter progress = new RebuildProgressPrinter(out, terminal,
          "replicating, refreshing and moving the alias…")) {
        result = metrics.time(ServerMetrics.IndexWrite.REBUILDS,
            () -> ClusterIndexer.rebuild(corpus, target, progress));
      }
      printReport(result.index() + " (alias " + target.alias() + ", " + result.shards()
          + " shard(s), " + result.replicas() + " replica(s)) at " + opensearch, result.report());
      if (!result.deleted().isEmpty()) {
        out.println("Deleted the previous version(s): " + String.join(", ", result.deleted()));
      }
      if (rebuildOnly) {
        return 0;
      }
    }
    return serve(new ServerConfig(host, port, Map.of(ArticleSearch.BACKEND_KEY,
        "opensearch", "opensearch.urls", opensearch, "opensearch.index", opensearchIndex),
        limits, corsOrigins));
  }

  Limits limits() {
    atLeastOne("--timeout-ms", timeoutMs);
    atLeastOne("--max-query-length", maxQueryLength);
    atLeastOne("--max-expansions", maxExpansions);
    atLeastOne("--max-highlight-paragraphs", maxHighlightParagraphs);
    return Limits.DEFAULTS.withTimeout(java.time.Duration.ofMillis(timeoutMs))
        .withMaxQueryLength(maxQueryLength).withMaxExpansions(maxExpansions)
        .withMaxHighlightParagraphs(maxHighlightParagraphs);
  }

  private void atLeastOne(String flag, long value) {
    if (value < 1) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '" + flag + "': must be at least 1, was " + value);
    }
  }

  private RebuildReport rebuild() {
    try (RebuildProgressPrinter progress = new RebuildProgressPrinter(out, terminal)) {
      return metrics.time(ServerMetrics.IndexWrite.REBUILDS,
          () -> ArticleIndex.rebuild(corpus, index, progress, embedder));
    }
  }

  private UpdateReport update() {
    try (RebuildProgressPrinter progress = new RebuildProgressPrinter(out, terminal)) {
      return metrics.time(ServerMetrics.IndexWrite.UPDATES,
          () -> ArticleIndex.update(corpus, index, progress, embedder));
    }
  }

  private void printUpdate(String theIndex, String what, UpdateReport r) {
    if (r.rebuilt()) {
      out.println(theIndex + " was written by an older version without a record"
          + " of each article's file: rebuilt it whole");
    }
    out.printf(Locale.ROOT, "Updated %s from %s: %d added, %d changed, %d removed, %d unchanged"
        + " article(s); %s added, %s removed in %.1f s%n", what, r.corpus(), r.added(),
        r.changed(), r.removed(), r.unchanged(), count(r.paragraphsAdded(), "paragraph"),
        count(r.paragraphsRemoved(), "paragraph"), r.took().toMillis() / 1000.0);
    printSkipped(r.skipped());
  }

  private void printSkipped(List<SkippedFile> skipped) {
    if (!skipped.isEmpty()) {
      out.println("Skipped " + skipped.size() + " file(s):");
      for (SkippedFile s : skipped) {
        out.println("  " + s.file() + ": " + s.reason());
      }
    }
  }

  private void printReport(String what, RebuildReport r) {
    out.printf(Locale.ROOT, "Rebuilt %s from %s: %s, %s, %.1f MB in %.1f s%n",
        what, r.corpus(), count(r.articles(), "article"), count(r.paragraphs(), "paragraph"),
        r.bytesRead() / 1048576.0, r.took().toMillis() / 1000.0);
    printSkipped(r.skipped());
  }

  private int serve(ServerConfig config) {
    long started = System.nanoTime();
    try {
      server = SearchServer.start(config, metrics, embedder);
    } catch (JavalinBindException e) {
      throw new SearchException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    try {
      server.index().search("预热 warm-up"); // the first query loads the highlighter: not a user's
      if (server.index().modes().contains(SearchMode.HYBRID)) {
        // Each model's first run takes a few hundred milliseconds more than the next ones.
        for (String q : List.of("预热", "warm-up")) {
          server.index().search(SearchRequest.of(q).withMode(SearchMode.HYBRID));
        }
      }
    } catch (SearchTimeoutException e) {
      // a --timeout-ms shorter than the first query's class loading: users' queries will be quicker
    }
    if (watch && clusterTarget != null) {
      String alias = "'" + clusterTarget.alias() + "' at " + opensearch;
      clusterWatch = ClusterUpdater.watch(corpus, clusterTarget, r -> {
        metrics.recorded(ServerMetrics.IndexWrite.UPDATES, true, r.took());
        if (r.changedAnything() || r.rebuilt() || !r.skipped().isEmpty()) {
          printUpdate("The index behind '" + clusterTarget.alias() + "'", alias, r);
        }
      });
    } else if (watch && server.index() instanceof ArticleIndex served) {
      served.watch(corpus, r -> {
        metrics.recorded(ServerMetrics.IndexWrite.UPDATES, true, r.took());
        if (r.changedAnything() || r.rebuilt() || !r.skipped().isEmpty()) {
          printUpdate("The index in " + index, index.toString(), r);
        }
      });
    }
    IndexStats stats = server.index().stats();
    // Only now: a failure above must exit with its own status, not the clean stop's 0.
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "search-server shutdown"));
    out.printf(Locale.ROOT, "Serving %s, %s at http://%s:%d/ (started in %d ms)%n",
        count(stats.articles(), "article"), count(stats.paragraphs(), "paragraph"), host.contains(":") ? "[" + host + "]" : host,
        server.port(), (System.nanoTime() - started) / 1_000_000);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * On SIGTERM or Ctrl-C while serving: stop accepting, let the requests in flight finish, close
   * the index, and exit 0, a clean stop. Java has no public API to handle a signal (sun.misc.Signal
   * is internal), and once a signal has started the JVM's shutdown its exit status is 128 + the
   * signal (143, 130) whatever main returns. So the whole stop happens here, in the shutdown hook,
   * and then halt(0) sets the status; halt skips only what is left of the shutdown, and no other
   * hook of this program has work left (the log and stdout are written synchronously). A signal
   * before serving (during a rebuild) keeps the JVM's status: that run did not finish.
   */
  private void shutdown() {
    SearchServer s = server;
    stop.countDown();
    CorpusWatch w = clusterWatch;
    if (w != null) {
      w.close(); // an update in progress finishes first
    }
    if (s != null) {
      s.close();
      out.println("Stopped.");
      out.flush();
      Runtime.getRuntime().halt(0);
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Fails at once, naming --host, if the server could never listen on it. */
  private void checkHost() {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--host': cannot resolve '" + host + "'");
    }
    try {
      new ServerSocket(0, 1, address).close(); // any port: --port is checked when the server starts
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--host': cannot listen on " + host + ": " + e.getMessage());
    }
  }

  private static boolean hasIndex(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
