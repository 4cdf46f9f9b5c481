package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.JSON;
import static dev.articlesearch.server.ApiTest.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json}: a real server process writes one JSON object per line on stderr, a
 * request's line with its fields, the query only at debug level, an error with its stack trace;
 * the plain format keeps the trace too.
 */
class LogFormatTest {
  private static final Pattern SERVING =
      Pattern.compile("Serving .* at http://127\\.0\\.0\\.1:(\\d+)/ \\(started in \\d+ ms\\)");
  private static final Pattern FAILING_SERVING = Pattern.compile("Serving at (\\d+)");
  private static final Duration START_WITHIN = Duration.ofSeconds(30);

  private static Path corpus(Path work) throws IOException {
    Path corpus = Files.createDirectories(work.resolve("corpus"));
    Files.writeString(corpus.resolve("zh_news.txt"), "研究人员发布了新的中文模型。\n\n模型的代码已经开源。\n", UTF_8);
    Files.writeString(corpus.resolve("en.txt"), "Researchers released a model.\n", UTF_8);
    return corpus;
  }

  private static Reply get(int port, String pathAndQuery) {
    return ApiTest.exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build());
  }

  /** Every stderr line parsed as JSON: a line that is not one object fails the test. */
  private static List<JsonNode> jsonLines(ServerProcess server) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : server.err()) {
      try {
        JsonNode node = JSON.readTree(line);
        assertTrue(node.isObject(), line);
        out.add(node);
      } catch (IOException e) {
        throw new AssertionError("not a JSON line: " + line + "\n" + server.transcript(), e);
      }
    }
    return out;
  }

  /** Waits up to 5 s for a stderr line matching {@code line} (the log is written as it comes). */
  private static void awaitErr(ServerProcess server, Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.errMatching(line).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** The request lines so far, waiting until there are {@code n}. */
  private static List<JsonNode> requestLines(ServerProcess server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<JsonNode> lines;
    do {
      lines = jsonLines(server).stream().filter(l -> l.has("route")).toList();
      if (lines.size() >= n) {
        break;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertEquals(n, lines.size(), server::transcript);
    return lines;
  }

  @Test
  void jsonLinesCarryTheRequestsFieldsButNotItsQuery(@TempDir Path work) throws Exception {
    corpus(work);
    try (ServerProcess server = ServerProcess.start(work, "--log-format", "json", "--port", "0",
        "--index", "index", "--corpus", "corpus")) {
      int port = Integer.parseInt(server.awaitOut(SERVING, START_WITHIN).group(1));
      Reply found = get(port, "/api/search?q=" + enc("研究人员"));
      assertEquals(200, found.status());
      assertEquals(404, get(port, "/api/articles/" + enc("不存在")).status());
      List<JsonNode> requests = requestLines(server, 2);

      JsonNode search = requests.get(0);
      assertEquals(List.of("time", "message", "logger", "thread", "level", "method", "route",
          "status", "ms", "results"), ApiTest.fieldNames(search));
      Instant time = Instant.parse(search.get("time").asText());
      assertTrue(Duration.between(time, Instant.now()).abs().toMinutes() < 5, time.toString());
      assertEquals("INFO", search.get("level").asText());
      assertEquals("dev.articlesearch.server.SearchServer", search.get("logger").asText());
      assertTrue(search.get("message").asText().matches("GET /api/search 200 \\d+\\.\\dms"), search.toString());
      assertTrue(search.get("thread").asText().matches("JettyServerThreadPool-Virtual-\\d+"),
          "each request on a virtual thread of its own: " + search);
      assertEquals("GET", search.get("method").asText());
      assertEquals("/api/search", search.get("route").asText());
      assertEquals(200, search.get("status").asInt());
      assertTrue(search.get("ms").isNumber() && search.get("ms").asDouble() >= 0, search.toString());
      assertEquals(found.json().get("total").asInt(), search.get("results").asInt());
      assertEquals(1, search.get("results").asInt());

      JsonNode missing = requests.get(1);
      assertEquals("/api/articles/{id}", missing.get("route").asText());
      assertEquals(404, missing.get("status").asInt());
      assertFalse(missing.has("results"));
      assertFalse(String.join("\n", server.err()).contains("研究人员"), "no query at info level");

      server.process().destroy();
      assertEquals(0, server.awaitExit(Duration.ofSeconds(10)));
      jsonLines(server); // every line, to the last, is JSON
    }
  }

  @Test
  void atDebugLevelTheQueryIsLoggedToo(@TempDir Path work) throws Exception {
    corpus(work);
    try (ServerProcess server = ServerProcess.start(work, "--log-format", "json", "--log-level",
        "debug", "--port", "0", "--index", "index", "--corpus", "corpus")) {
      int port = Integer.parseInt(server.awaitOut(SERVING, START_WITHIN).group(1));
      assertEquals(200, get(port, "/api/search?q=" + enc("中文模型\n开源")).status());
      JsonNode search = requestLines(server, 1).get(0);
      assertEquals("中文模型\n开源", search.get("query").asText());
      assertTrue(search.get("message").asText().endsWith("ms q=\"中文模型\\u000a开源\""),
          "a newline cannot start a forged line in the plain form: " + search);
    }
  }

  @Test
  void anErrorLogsItsStackTraceAsOneJsonField(@TempDir Path work) throws Exception {
    try (ServerProcess server = ServerProcess.start(work, FailingServerMain.class, "JSON",
        "java.lang.IllegalStateException")) {
      int port = Integer.parseInt(server.awaitOut(FAILING_SERVING, START_WITHIN).group(1));
      assertEquals(500, get(port, "/api/search?q=" + enc("智谱")).status());
      requestLines(server, 1);
      JsonNode error = jsonLines(server).stream().filter(l -> l.path("level").asText().equals("ERROR"))
          .findFirst().orElseThrow(() -> new AssertionError(server.transcript()));
      assertEquals("GET /api/search failed", error.get("message").asText());
      String trace = error.get("stack_trace").asText();
      assertTrue(trace.startsWith("java.lang.IllegalStateException: thrown by the failing engine\n"), trace);
      assertTrue(trace.contains("\tat dev.articlesearch.server.FailingBackend"), trace);
      assertTrue(trace.contains("\tat dev.articlesearch.server.Api.search"), trace);
    }
  }

  @Test
  void anErrorInTheEngineLogsItsStackTraceInBothFormats(@TempDir Path work) throws Exception {
    try (ServerProcess plain = ServerProcess.start(work, FailingServerMain.class, "PLAIN",
            "java.lang.StackOverflowError");
        ServerProcess json = ServerProcess.start(work, FailingServerMain.class, "JSON",
            "java.lang.StackOverflowError")) {
      int plainPort = Integer.parseInt(plain.awaitOut(FAILING_SERVING, START_WITHIN).group(1));
      int jsonPort = Integer.parseInt(json.awaitOut(FAILING_SERVING, START_WITHIN).group(1));
      assertEquals(500, get(plainPort, "/api/articles").status());
      assertEquals(500, get(jsonPort, "/api/articles").status());
      requestLines(json, 1);
      JsonNode error = jsonLines(json).stream().filter(l -> l.has("stack_trace")).findFirst()
          .orElseThrow(() -> new AssertionError(json.transcript()));
      assertEquals("ERROR", error.get("level").asText());
      assertTrue(error.get("stack_trace").asText().startsWith(
          "java.lang.StackOverflowError: thrown by the failing engine\n\tat "), error.toString());

      awaitErr(plain, Pattern.compile("\tat .*"));
      List<String> lines = plain.err();
      int at = lines.indexOf(lines.stream().filter(l -> l.matches(
          "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[ERROR\\] SearchServer - A request failed with"
              + " java.lang.StackOverflowError: thrown by the failing engine")).findFirst()
          .orElseThrow(() -> new AssertionError(plain.transcript())));
      assertEquals("java.lang.StackOverflowError: thrown by the failing engine", lines.get(at + 1));
      assertTrue(lines.get(at + 2).startsWith("\tat "), plain.transcript());
    }
  }

  @Test
  void anOperatorsLogbackFileTakesOverAndTheFlagsChangeNothing(@TempDir Path work) throws Exception {
    corpus(work);
    Path file = work.resolve("operator-logback.xml");
    Files.writeString(file, """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>OPERATOR %level %logger{0} | %msg%n</pattern></encoder>
          </appender>
          <logger name="org.eclipse.jetty" level="WARN"/>
          <logger name="io.javalin" level="WARN"/>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """, UTF_8);
    try (ServerProcess server = ServerProcess.start(work,
        List.of("-Dlogback.configurationFile=" + file), Main.class,
        "--log-format", "json", "--log-level", "debug", "--port", "0", "--index", "index",
        "--corpus", "corpus")) {
      int port = Integer.parseInt(server.awaitOut(SERVING, START_WITHIN).group(1));
      assertEquals(200, get(port, "/api/search?q=" + enc("研究人员")).status());
      Pattern line = Pattern.compile("OPERATOR INFO SearchServer \\| GET /api/search 200 \\d+\\.\\dms");
      awaitErr(server, line);
      assertEquals(1, server.errMatching(line).size(), server::transcript);
      // This test's JVM has no vector module: Lucene warns, through java.util.logging.
      assertEquals(1, server.errMatching(Pattern.compile(
          "OPERATOR WARN VectorizationProvider \\| .*jdk\\.incubator\\.vector.*")).size(),
          server::transcript);
      for (String l : server.err()) {
        assertTrue(l.startsWith("OPERATOR "),
            "only the operator's format, not JSON nor the query of --log-level debug: " + l);
      }
    }
  }

  @Test
  void anOperatorsFileThatCannotBeFoundLeavesTheBuiltInFormatAndSaysSo(@TempDir Path work)
      throws Exception {
    corpus(work);
    Path missing = work.resolve("no-such-logback.xml");
    try (ServerProcess server = ServerProcess.start(work,
        List.of("-Dlogback.configurationFile=" + missing), Main.class,
        "--port", "0", "--index", "index", "--corpus", "corpus")) {
      int port = Integer.parseInt(server.awaitOut(SERVING, START_WITHIN).group(1));
      assertEquals(200, get(port, "/api/search?q=" + enc("研究人员")).status());
      Pattern request = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[INFO\\]"
          + " SearchServer - GET /api/search 200 \\d+\\.\\dms");
      awaitErr(server, request);
      assertEquals(1, server.errMatching(request).size(), server::transcript);
      assertEquals(1, server.errMatching(Pattern.compile(".* \\[WARN\\] Logging - -Dlogback"
          + "\\.configurationFile=.*no-such-logback\\.xml names no URL, class-path resource or file:"
          + " the built-in log format is used")).size(), server::transcript);
      // Not logback's bare default: nothing at debug, and stdout holds the server's own lines only.
      assertTrue(server.out().stream().noneMatch(l -> l.contains("DEBUG")), server::transcript);
      assertTrue(server.err().stream().noneMatch(l -> l.contains("DEBUG")), server::transcript);
    }
  }

  @Test
  void aBadLogFormatOrLevelIsAUsageError() {
    for (List<String> args : List.of(List.of("--log-format", "xml"), List.of("--log-level", "verbose"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = Main.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), false,
          args.toArray(String[]::new));
      assertEquals(2, status);
      assertEquals(args.get(0).equals("--log-format")
              ? "search-server: Invalid value for option '--log-format': must be plain or json, was 'xml' (see --help)\n"
              : "search-server: Invalid value for option '--log-level': must be one of error, warn, info, debug, was 'verbose' (see --help)\n",
          err.toString(UTF_8));
    }
  }
}
