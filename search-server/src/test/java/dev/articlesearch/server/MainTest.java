package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.ArticleIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line, as an operator meets it. Flags, bad values and one-shot rebuilds run in this
 * JVM through {@link Main#run}; serving, the request log, SIGTERM and a rebuild under load run
 * {@code search-server} as a real child JVM ({@link ServerProcess}) on a corpus made here.
 */
@ExtendWith(DecimalCommaLocale.class)
class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Generous for a child JVM on a busy 2-core machine: starting, loading smartcn, indexing. */
  private static final Duration START_WITHIN = Duration.ofSeconds(30);

  /** A served index looks for a new commit every second: a few seconds is "by itself". */
  private static final Duration NOTICE_WITHIN = Duration.ofSeconds(5);

  /** One request log line, as the plain log format writes it on stderr (Logging). */
  private static final Pattern REQUEST_LOG = Pattern.compile(
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[INFO\\] SearchServer - "
          + "([A-Z]+) (\\S+) (\\d{3}) (\\d+\\.\\d)ms");

  // ---- in this JVM: flags and values -------------------------------------------------------------

  @Test
  void helpListsEveryFlagAndExitsZero() {
    Result r = run("--help");
    assertEquals(0, r.status());
    assertEquals(List.of(), r.err());
    assertEquals("Usage: search-server [-hV] [--rebuild] [--rebuild-only] [--semantic]",
        r.out().get(0));
    for (String flag : List.of("--timeout-ms=MS", "--max-query-length=N", "--max-expansions=N",
        "--max-highlight-paragraphs=N")) {
      // A long flag may push its description to the next line.
      assertEquals(1, r.out().stream().filter(l -> l.matches(" +" + Pattern.quote(flag) + "(  .*)?")).count(),
          "one help line for " + flag + "\n" + String.join("\n", r.out()));
    }
    for (String flag : List.of("--corpus=DIR", "--index=DIR", "--host=<host>", "--port=<port>",
        "--cors-origin=ORIGIN", "--rebuild", "--rebuild-only", "--update", "--update-only",
        "--semantic", "--natives=DIR", "--watch", "--spare-carrier", "-h, --help", "-V, --version")) {
      assertEquals(1, r.out().stream().filter(l -> l.matches(" +" + Pattern.quote(flag) + "  .*")).count(),
          "one help line for " + flag + "\n" + String.join("\n", r.out()));
    }
    for (String line : List.of(
        "      --corpus=DIR           Folder of article .txt files (default: ./seeds).",
        "      --index=DIR            Index folder (default: ./data/index); built from",
        "      --host=<host>          Interface to listen on (default: 127.0.0.1).",
        "      --port=<port>          Port to listen on; 0 picks a free one (default:",
        "      --timeout-ms=MS        Time budget of one request; past it the answer is",
        "      --max-query-length=N   Longest query in characters (default: 1000).",
        "      --cors-origin=ORIGIN   Web pages from ORIGIN may read the answers (CORS,")) {
      assertTrue(r.out().contains(line), () -> line + "\n" + String.join("\n", r.out()));
    }
    int exitStatus = r.out().indexOf("Exit status:");
    assertEquals(List.of(
            "  0     success (after --rebuild-only or --update-only, or stopped by SIGTERM",
            "          or Ctrl-C)",
            "  1     the index or the server failed",
            "  2     a bad flag, value, corpus or index folder",
            "  143   SIGTERM during a rebuild, before serving (the old index stays)"),
        r.out().subList(exitStatus + 1, r.out().size()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --shards 3                                          | --shards needs --opensearch
      --replicas 0                                        | --replicas needs --opensearch
      --opensearch-index news                             | --opensearch-index needs --opensearch
      --opensearch http://127.0.0.1:9200/news             | --opensearch: 'http://127.0.0.1:9200/news' is not an OpenSearch URL such as http://127.0.0.1:9200 (scheme, host, port; no path)
      --opensearch ,                                      | --opensearch needs at least one OpenSearch URL, such as http://127.0.0.1:9200 (several: comma-separated)
      --opensearch http://127.0.0.1:9200 --index data/x   | --index and --opensearch cannot be used together: the index is the cluster's
      --opensearch http://127.0.0.1:9200 --replicas 20    | Replicas must be from 0 to 16 (-1: automatic), was 20
      --opensearch http://127.0.0.1:9200 --opensearch-index 文章 | The index alias must be lower-case letters, digits, '-' and '_', was '文章'
      """)
  void badClusterFlagExitsTwoWithOneLineNamingIt(String args, String message) {
    Result r = run(args.split(" "));
    assertEquals(new Result(2, List.of(), List.of("search-server: " + message + " (see --help)")), r);
  }

  @Test
  void rebuildIntoAClusterThatCannotBeReachedExitsOneNamingIt(@TempDir Path dir) throws IOException {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Result r = run("--rebuild-only", "--corpus", corpus(dir).toString(),
        "--opensearch", "http://127.0.0.1:" + closed);
    assertEquals(new Result(1, List.of(), List.of("search-server: Cannot reach OpenSearch at"
        + " http://127.0.0.1:" + closed + " (connection refused)")), r);
  }

  @Test
  void versionPrintsNameAndVersion() {
    Result r = run("--version");
    assertEquals(new Result(0, List.of("search-server 0.1.0"), List.of()), r);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --bogus                 | Unknown option: '--bogus'
      -x                      | Unknown option: '-x'
      extra                   | Unmatched argument at index 4: 'extra'
      --port abc              | Invalid value for option '--port': 'abc' is not an int
      --port 70000            | Invalid value for option '--port': must be from 0 to 65535, was 70000
      --port -1               | Invalid value for option '--port': must be from 0 to 65535, was -1
      --port=                 | Invalid value for option '--port': '' is not an int
      --port                  | Missing required parameter for option '--port' (<port>)
      --host                  | Missing required parameter for option '--host' (<host>)
      --rebuild --rebuild-only | --rebuild and --rebuild-only cannot be used together
      --timeout-ms 0          | Invalid value for option '--timeout-ms': must be at least 1, was 0
      --timeout-ms 2s         | Invalid value for option '--timeout-ms': '2s' is not a long
      --max-query-length -5   | Invalid value for option '--max-query-length': must be at least 1, was -5
      --max-expansions 0      | Invalid value for option '--max-expansions': must be at least 1, was 0
      --max-highlight-paragraphs x | Invalid value for option '--max-highlight-paragraphs': 'x' is not an int
      """)
  void badFlagOrValueExitsTwoWithOneLineNamingIt(String args, String message, @TempDir Path dir) {
    Path index = dir.resolve("index");
    List<String> argv =
        new ArrayList<>(List.of("--index", index.toString(), "--corpus", corpus(dir).toString()));
    argv.addAll(List.of(args.split(" ")));
    Result r = run(argv.toArray(String[]::new));
    assertEquals(new Result(2, List.of(), List.of("search-server: " + message + " (see --help)")), r);
    assertFalse(Files.exists(index), "nothing is built when a flag is wrong");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--rebuild-only", "--rebuild", "(no flag, no index yet)"})
  void missingCorpusFolderExitsTwoNamingItAndCreatesNoIndex(String flag, @TempDir Path dir) {
    Path index = dir.resolve("index");
    List<String> argv = new ArrayList<>(
        List.of("--corpus", "/no/such/dir", "--index", index.toString(), "--port", "0"));
    if (flag.startsWith("--")) {
      argv.add(flag);
    }
    Result r = run(argv.toArray(String[]::new));
    assertEquals(2, r.status());
    assertEquals(List.of("search-server: Corpus folder does not exist: /no/such/dir"), r.err());
    assertEquals(flag.startsWith("--")
            ? List.of()
            : List.of("No index in " + index + " yet: building it from /no/such/dir"),
        r.out());
    assertFalse(Files.exists(index));
  }

  @Test
  void corpusThatIsAFileExitsTwoNamingIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("corpus.txt"), "not a folder");
    Result r = run("--rebuild-only", "--corpus", file.toString(), "--index", dir.resolve("index").toString());
    assertEquals(new Result(2, List.of(), List.of("search-server: Corpus path is not a folder: " + file)), r);
    assertFalse(Files.exists(dir.resolve("index")));
  }

  @Test
  void indexThatIsARegularFileExitsTwoAndIsLeftAlone(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("index"), "keep me");
    Result r = run("--rebuild-only", "--corpus", corpus(dir).toString(), "--index", file.toString());
    assertEquals(new Result(2, List.of(),
        List.of("search-server: --index is not a folder: " + file + " (see --help)")), r);
    assertEquals("keep me", Files.readString(file));
  }

  /** Exit status 2 is "a bad ... index folder": a path that can never be a folder is one. */
  @Test
  void indexInsideARegularFileExitsTwo(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "keep me");
    Path index = file.resolve("index");
    Result r = run("--rebuild-only", "--corpus", corpus(dir).toString(), "--index", index.toString());
    assertEquals(2, r.status(), r::toString);
    assertEquals(List.of(), r.out());
    assertEquals(1, r.err().size(), r::toString);
    assertTrue(r.err().get(0).startsWith("search-server: --index is not a folder: " + index), r::toString);
    assertEquals("keep me", Files.readString(file));
  }

  /**
   * A --host that cannot be listened on is a bad value: refused before any rebuild, in one line
   * naming --host, rather than "Port already in use ... port 0" after the rebuild.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nosuch.invalid", "192.0.2.1"})
  @Timeout(30)
  void hostThatCannotBeListenedOnExitsTwoBeforeRebuilding(String host, @TempDir Path dir) {
    Path index = dir.resolve("index");
    Result r = run("--host", host, "--port", "0",
        "--corpus", corpus(dir).toString(), "--index", index.toString());
    assertEquals(2, r.status(), r::toString);
    assertEquals(List.of(), r.out());
    assertEquals(1, r.err().size(), r::toString);
    assertTrue(r.err().get(0).startsWith("search-server: Invalid value for option '--host': "), r::toString);
    assertTrue(r.err().get(0).contains(host), r::toString);
    assertFalse(Files.exists(index), "the host is checked before the rebuild");
  }

  /** A damaged index is refused before the server listens: one line, the fix, no stack trace. */
  @Test
  void damagedIndexAtStartUpExitsOneWithOneLineSayingToRebuild(@TempDir Path dir) throws IOException {
    Path index = dir.resolve("索引");
    Path corpus = corpus(dir);
    ArticleIndex.rebuild(corpus, index);
    Path largest;
    try (var files = Files.list(index)) {
      largest = files.filter(f -> f.getFileName().toString().startsWith("_"))
          .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }
    try (var c = java.nio.channels.FileChannel.open(largest,
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      long middle = c.size() / 2;
      c.read(b, middle);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      c.write(b, middle);
    }
    Result r = run("--port", "0", "--corpus", corpus.toString(), "--index", index.toString());
    assertEquals(new Result(1, List.of(), List.of("search-server: The index in " + index
        + " is damaged (checksum failed in " + largest.getFileName()
        + "): rebuild it with --rebuild")), r);
  }

  /** Lucene's write.lock is held by another rebuild: this one stops at once rather than wait. */
  @Test
  @Timeout(120)
  void rebuildOnlyWhileAnotherRebuildWritesTheIndexExitsOneNamingTheLock(@TempDir Path dir)
      throws Exception {
    Path index = dir.resolve("index");
    Path corpus = corpus(dir);
    ArticleIndex.rebuild(corpus, index);
    // Another rebuild of the same index, held after its first file: it holds the lock meanwhile.
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<dev.articlesearch.core.RebuildReport> other =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> ArticleIndex.rebuild(corpus, index,
            progress -> {
              holding.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }));
    assertTrue(holding.await(60, TimeUnit.SECONDS), "the other rebuild did not start");
    try {
      Result r = run("--rebuild-only", "--corpus", corpus.toString(), "--index", index.toString());
      assertEquals(1, r.status(), r::toString);
      assertEquals(List.of("search-server: Another rebuild is writing " + index
          + " (write.lock held): try again when it has finished"), r.err());
    } finally {
      release.countDown();
    }
    assertEquals(2, other.get(60, TimeUnit.SECONDS).articles(), "the other rebuild completes");
  }

  @Test
  void rebuildOnlyReportsCountsAndEverySkippedFileWithItsReason(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Files.writeString(corpus.resolve("blank.txt"), "\n   \n\n");
    Files.write(corpus.resolve("bad.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 'b', 'a', 'd'});
    Files.write(corpus.resolve("empty.txt"), new byte[0]);
    Files.writeString(corpus.resolve("notes.md"), "not an article: not a .txt file");
    Path index = dir.resolve("index");

    Result r = run("--rebuild-only", "--corpus", corpus.toString(), "--index", index.toString());

    assertEquals(0, r.status(), r::toString);
    assertEquals(List.of(), r.err());
    assertEquals(6, r.out().size(), r::toString);
    assertEquals("Rebuild: all 5 files read, 5 paragraphs, 0.0 MB; merging and committing…", r.out().get(0));
    assertTrue(r.out().get(1).matches(Pattern.quote("Rebuilt " + index + " from " + corpus
        + ": 2 articles, 5 paragraphs, 0.0 MB in ") + "\\d+\\.\\d s"), r.out().get(1));
    assertEquals(List.of(
            "Skipped 3 file(s):",
            "  bad.txt: not valid UTF-8 (first bad byte at offset 0) nor GB18030",
            "  blank.txt: no paragraphs (only blank lines or a title line)",
            "  empty.txt: empty file"),
        r.out().subList(2, 6));
    try (ArticleIndex built = ArticleIndex.open(index)) {
      assertEquals(1, built.search("研究人员").total());
      assertEquals(2, built.stats().articles());
      assertEquals(5, built.stats().paragraphs());
    }
  }

  // ---- a child JVM: serving, the request log, SIGTERM ------------------------------------------

  @Test
  void servesOnAFreePortLogsOneLinePerRequestAndStopsOnSigterm(@TempDir Path work) throws Exception {
    corpus(work);
    int port;
    int status;
    HttpClient http = HttpClient.newHttpClient();
    try (ServerProcess server =
        ServerProcess.start(work, "--port", "0", "--index", "index", "--corpus", "corpus")) {
      Matcher serving = server.awaitOut(ServerProcess.SERVING, START_WITHIN);
      port = Integer.parseInt(serving.group(3));
      assertTrue(port > 0);
      assertEquals(List.of(
              "No index in index yet: building it from corpus",
              "Rebuild: all 2 files read, 5 paragraphs, 0.0 MB; merging and committing…"),
          server.out().subList(0, 2), server::transcript);
      assertTrue(server.out().get(2).matches(
          "Rebuilt index from corpus: 2 articles, 5 paragraphs, 0\\.0 MB in \\d+\\.\\d s"), server::transcript);
      assertEquals("2", serving.group(1));
      assertEquals("5", serving.group(2));
      assertEquals(4, server.out().size(), server::transcript);
      assertEquals(List.of(), server.errMatching(REQUEST_LOG), "the warm-up query is not a request");

      HttpResponse<String> found = get(http, port, "/api/search?q=" + encode("研究人员"));
      assertEquals(200, found.statusCode());
      JsonNode body = JSON.readTree(found.body());
      assertEquals(1, body.get("total").asInt());
      assertEquals("zh_news", body.get("hits").get(0).get("article_id").asText());
      assertRequestLogged(server, 1, "GET", "/api/search", "200");

      assertEquals(404, get(http, port, "/api/articles/nope").statusCode());
      assertRequestLogged(server, 2, "GET", "/api/articles/nope", "404");

      assertEquals(400, get(http, port, "/api/search").statusCode());
      assertRequestLogged(server, 3, "GET", "/api/search", "400");

      server.process().destroy(); // SIGTERM
      status = server.awaitExit(Duration.ofSeconds(10));
      assertEquals(3, server.errMatching(REQUEST_LOG).size(), "one line per request, no more");
      assertEquals("Stopped.", server.out().get(server.out().size() - 1), server::transcript);
      assertEquals(5, server.out().size(), server::transcript);
      assertTrue(server.errMatching(Pattern.compile(".*(ERROR|Exception).*")).isEmpty(), server::transcript);
    }
    // A clean stop: not the JVM's 143 (128 + SIGTERM) for a signal.
    assertEquals(0, status);
    System.out.println("search-server exit status on SIGTERM: " + status);
    try (Socket s = new Socket()) {
      assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 2_000));
    }
  }

  // ---- a child JVM: --rebuild-only from another process while queries are in flight --------------

  /**
   * The server serves corpus A (the default {@code ./seeds} and {@code ./data/index} of its working
   * folder) to clients that never pause; a second process rebuilds the same index from corpus B.
   * Every answer is a 200 with JSON from A or from B, never a mix; B is served within seconds of
   * the rebuild's end; the server process is the one started at the beginning.
   */
  @Test
  void rebuildOnlyFromAnotherProcessSwitchesARunningServerWithoutAFailedRequest(@TempDir Path work)
      throws Exception {
    Path serverDir = Files.createDirectories(work.resolve("server"));
    Path rebuildDir = Files.createDirectories(work.resolve("rebuild"));
    generateCorpus(serverDir.resolve("seeds"), "a", 20, 3, 5,
        "只在甲语料中的苹果 alphaword appears here.");
    Path corpusB = generateCorpus(work.resolve("corpus-b"), "b", 120, 4, 7,
        "只在乙语料中的香蕉 betaword appears here.");
    Path index = serverDir.resolve("data/index");
    // query -> the totals it may have: with A's index, with B's; nothing in between.
    Map<String, List<Integer>> totals = Map.of(
        "shared", List.of(60, 480),
        "alphaword", List.of(5, 0),
        "苹果", List.of(5, 0),
        "betaword", List.of(0, 7),
        "香蕉", List.of(0, 7));
    List<String> queries = List.copyOf(totals.keySet());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService clients = Executors.newFixedThreadPool(3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger requests = new AtomicInteger();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    try (ServerProcess server = ServerProcess.start(serverDir, "--port", "0")) {
      int port = Integer.parseInt(server.awaitOut(ServerProcess.SERVING, START_WITHIN).group(3));
      assertEquals(List.of("No index in ./data/index yet: building it from ./seeds"),
          server.out().subList(0, 1), "the defaults, relative to the working folder");
      long pid = server.process().pid();
      for (int c = 0; c < 3; c++) {
        int first = c;
        clients.submit(() -> {
          for (int i = first; !stop.get(); i++) {
            String q = queries.get(i % queries.size());
            try {
              HttpResponse<String> r = get(http, port, "/api/search?q=" + encode(q));
              JsonNode body = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
              if (body == null || !body.path("hits").isArray() || !body.path("total").isIntegralNumber()
                  || !totals.get(q).contains(body.get("total").asInt())) {
                failures.add(q + " -> " + r.statusCode() + " " + r.body());
              }
            } catch (IOException | RuntimeException e) {
              failures.add(q + " -> " + e);
            } catch (InterruptedException e) {
              return;
            }
            requests.incrementAndGet();
          }
        });
      }
      assertEquals(5, total(http, port, "alphaword"));
      assertEquals(0, total(http, port, "betaword"));
      int ownSearches = 2;

      int beforeRebuild = requests.get();
      int rebuildStatus;
      try (ServerProcess rebuild = ServerProcess.start(rebuildDir,
          "--rebuild-only", "--index", index.toString(), "--corpus", corpusB.toString())) {
        rebuildStatus = rebuild.awaitExit(START_WITHIN);
        assertEquals(0, rebuildStatus, rebuild::transcript);
        String rebuilt = "Rebuilt " + index + " from " + corpusB + ": 120 articles, 480 paragraphs, ";
        assertTrue(rebuild.out().get(rebuild.out().size() - 1).startsWith(rebuilt), rebuild::transcript);
      }
      int duringRebuild = requests.get() - beforeRebuild;

      long deadline = System.nanoTime() + NOTICE_WITHIN.toNanos();
      while (total(http, port, "betaword") == 0 && System.nanoTime() < deadline) {
        ownSearches++;
        Thread.sleep(50);
      }
      ownSearches++;
      Thread.sleep(300); // a few more answers from B while the clients go on
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(20, TimeUnit.SECONDS));

      assertEquals(List.of(), List.copyOf(failures), requests.get() + " requests");
      assertTrue(duringRebuild > 0, "queries were in flight during the rebuild");
      assertEquals(7, total(http, port, "betaword"), "B is served within " + NOTICE_WITHIN);
      assertEquals(7, total(http, port, "香蕉"));
      assertEquals(0, total(http, port, "alphaword"));
      assertEquals(0, total(http, port, "苹果"));
      ownSearches += 4;
      JsonNode health = JSON.readTree(get(http, port, "/api/health").body());
      assertEquals(120, health.get("articles").asInt());
      assertEquals(480, health.get("paragraphs").asInt());

      assertTrue(server.process().isAlive());
      assertEquals(pid, server.process().pid());
      assertEquals(1, server.out().stream().filter(l -> ServerProcess.SERVING.matcher(l).matches()).count(),
          "started once: never restarted\n" + server.transcript());
      assertTrue(server.errMatching(Pattern.compile(".*(ERROR|WARN|Exception|Cannot refresh).*")).stream()
          .allMatch(l -> l.contains("vector")), server::transcript); // Lucene's JDK advice only

      server.process().destroy();
      server.awaitExit(Duration.ofSeconds(10));
      assertEquals(requests.get() + ownSearches, server.errMatching(REQUEST_LOG).stream()
          .filter(l -> l.contains(" GET /api/search 200 ")).count(), "one log line per request");
      System.out.println(requests.get() + " requests, " + duringRebuild + " during the rebuild");
    } finally {
      stop.set(true);
      clients.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** What one in-process run printed, line by line, and its exit status. */
  record Result(int status, List<String> out, List<String> err) {}

  /** Runs the command line in this JVM, as {@code search-server ARGS} would. */
  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, UTF_8); PrintStream e = new PrintStream(err, true, UTF_8)) {
      status = Main.run(o, e, false, args);
    }
    return new Result(status, lines(out), lines(err));
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    return bytes.toString(UTF_8).lines().toList();
  }

  /**
   * Two articles, five paragraphs: one with a title and Chinese text, one without a title, mixed
   * Chinese and English.
   */
  private static Path corpus(Path dir) {
    try {
      Path corpus = Files.createDirectories(dir.resolve("corpus"));
      Files.writeString(corpus.resolve("zh_news.txt"),
          "人工智能新闻\n---\n北京的研究人员发布了新的语言模型。\n\n"
              + "The model was released in Beijing.\n");
      Files.writeString(corpus.resolve("mixed.txt"),
          "上海的地铁非常方便，每天有很多乘客。\n\n"
              + "第二段：交通系统 metro system.\n\n第三段，最后一段。\n");
      return corpus;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * {@code articles} articles of {@code paragraphs} paragraphs, each paragraph holding "shared"
   * once; the first {@code marked} articles have {@code marker} as their second paragraph.
   */
  private static Path generateCorpus(Path dir, String prefix, int articles, int paragraphs, int marked,
      String marker) throws IOException {
    Files.createDirectories(dir);
    for (int a = 1; a <= articles; a++) {
      StringBuilder text = new StringBuilder("Article " + prefix + a + "\n---\n");
      for (int p = 1; p <= paragraphs; p++) {
        String body = p == 2 && a <= marked ? marker : "共享的段落，第" + p + "段。";
        text.append(body).append(" shared paragraph ").append(p).append(" of ").append(prefix).append(a)
            .append(".\n\n");
      }
      Files.writeString(dir.resolve(String.format(Locale.ROOT, "%s%03d.txt", prefix, a)), text);
    }
    return dir;
  }

  private static void assertRequestLogged(ServerProcess server, int nth, String method, String path,
      String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.errMatching(REQUEST_LOG).size() < nth && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<String> logged = server.errMatching(REQUEST_LOG);
    assertEquals(nth, logged.size(), server::transcript);
    Matcher m = REQUEST_LOG.matcher(logged.get(nth - 1));
    assertTrue(m.matches());
    assertEquals(List.of(method, path, status), List.of(m.group(1), m.group(2), m.group(3)));
  }

  private static HttpResponse<String> get(HttpClient http, int port, String pathAndQuery)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  private static int total(HttpClient http, int port, String query) throws IOException, InterruptedException {
    HttpResponse<String> r = get(http, port, "/api/search?q=" + encode(query));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("total").asInt();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, UTF_8);
  }
}
