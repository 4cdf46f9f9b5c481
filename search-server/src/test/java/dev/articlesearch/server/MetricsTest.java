package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.articlesearch.core.Limits;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real server on port 0, read with {@link PrometheusText} (the text
 * format's rules, strictly) after known requests: exact names, tags and values.
 */
class MetricsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void index() throws IOException {
    ApiTest.startServer(dir).close(); // builds dir/index from the seeds and the Chinese corpus
  }

  private static SearchServer serve(Limits limits) {
    return SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index"), limits));
  }

  /** Scrapes /metrics, checking its status, content type and format. */
  static PrometheusText scrape(SearchServer server) {
    Reply r = ApiTest.get(server, "/metrics");
    assertEquals(200, r.status(), r.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("content-type"));
    return PrometheusText.parse(r.body());
  }

  private static Map<String, String> request(String method, String uri, int status) {
    return Map.of("method", method, "uri", uri, "status", Integer.toString(status));
  }

  @Test
  void requestsAreTimedPerRouteTemplateMethodAndStatusNeverPerPathOrQuery() {
    try (SearchServer server = serve(Limits.DEFAULTS)) {
      for (String q : List.of("智谱", "研究人员", "ChatGLM3-6B")) {
        assertEquals(200, ApiTest.get(server, "/api/search?q=" + enc(q)).status());
      }
      assertEquals(404, ApiTest.get(server, "/api/articles/" + enc("没有这篇")).status());
      assertEquals(200, ApiTest.get(server, "/api/articles/zh_001").status());
      assertEquals(404, ApiTest.get(server, "/nope/" + enc("秘密") + "?q=secret").status());
      assertEquals(400, ApiTest.raw(server, "GET /api/search?q=%zz HTTP/1.1").status());
      assertEquals(200, ApiTest.send(server, "HEAD", "/api/health").status());
      assertEquals(405, ApiTest.send(server, "POST", "/api/search?q=GLM").status());
      assertEquals(200, ApiTest.get(server, "/").status());
      scrape(server);

      PrometheusText m = scrape(server);
      assertEquals("histogram", m.types.get("http_server_requests_seconds"));
      assertEquals("gauge", m.types.get("http_server_requests_seconds_max"));
      String count = "http_server_requests_seconds_count";
      assertEquals(3.0, m.value(count, request("GET", "/api/search", 200)));
      assertEquals(1.0, m.value(count, request("GET", "/api/articles/{id}", 404)));
      assertEquals(1.0, m.value(count, request("GET", "/api/articles/{id}", 200)));
      assertEquals(1.0, m.value(count, request("GET", "NOT_FOUND", 404)));
      assertEquals(1.0, m.value(count, request("GET", "/api/search", 400)), "refused before the route ran");
      assertEquals(1.0, m.value(count, request("HEAD", "/api/health", 200)));
      assertEquals(1.0, m.value(count, request("POST", "/api/search", 405)));
      assertEquals(1.0, m.value(count, request("GET", "STATIC", 200)), "the web page");
      assertEquals(1.0, m.value(count, request("GET", "/metrics", 200)), "the first scrape");
      assertEquals(9, m.all(count).size(), m.all(count).toString());
      // Buckets: the 3 searches took more than nothing and are all under +Inf.
      Map<String, String> searches = request("GET", "/api/search", 200);
      assertTrue(m.value("http_server_requests_seconds_sum", searches) > 0);
      assertEquals(3.0, m.value("http_server_requests_seconds_bucket", with(searches, "le", "+Inf")));
      assertEquals(13, m.all("http_server_requests_seconds_bucket").stream()
          .filter(s -> s.labels().get("uri").equals("/api/search") && s.labels().get("status").equals("200"))
          .count(), "12 bounds from 1 ms to 5 s, and +Inf");
      Set<String> uris = Set.of("/api/search", "/api/articles/{id}", "NOT_FOUND", "/api/health",
          "STATIC", "/metrics");
      for (PrometheusText.Sample s : m.samples) {
        // (The requests being answered have a series per route template from the start.)
        if (s.labels().containsKey("uri") && !s.name().startsWith("http_server_requests_active")) {
          assertTrue(uris.contains(s.labels().get("uri")), s.toString());
        }
      }
      String text = ApiTest.get(server, "/metrics").body();
      for (String raw : List.of("secret", "秘密", "没有这篇", "zh_001", "智谱", "/nope")) {
        assertFalse(text.contains(raw), "the raw path or query '" + raw + "' is in the metrics");
      }
    }
  }

  @Test
  void requestsBeingAnsweredAreCountedByRouteTemplateUntilTheirAnswerIsWritten() {
    try (SearchServer server = serve(Limits.DEFAULTS)) {
      assertEquals(200, ApiTest.get(server, "/api/search?q=" + enc("研究人员")).status());
      assertEquals(404, ApiTest.get(server, "/nope/" + enc("秘密")).status());
      PrometheusText m = scrape(server);
      String active = "http_server_requests_active_seconds_count";
      assertEquals(1.0, m.value(active, Map.of("uri", "/metrics")), "the scrape itself");
      assertEquals(0.0, m.value(active, Map.of("uri", "/api/search")), "answered");
      assertEquals(0.0, m.value(active, Map.of("uri", "UNKNOWN")), "answered");
      assertEquals(Set.of("/api/search", "/api/suggest", "/api/highlight", "/api/related",
          "/api/articles", "/api/articles/{id}", "/api/analyze", "/api/health", "/openapi.json",
          "/metrics", "UNKNOWN"), Set.copyOf(m.all(active).stream().map(s -> s.labels().get("uri")).toList()));
      assertEquals(11, m.all(active).size());
      assertEquals("summary", m.types.get("http_server_requests_active_seconds"));
      assertTrue(m.value("http_server_requests_active_seconds_sum", Map.of("uri", "/metrics")) > 0,
          "how long the scrape has been running");
      assertEquals(0.0, m.value("http_server_requests_active_seconds_sum", Map.of("uri", "/api/search")));
    }
  }

  @Test
  void jvmMemoryGcAndThreadsAreThere() {
    try (SearchServer server = serve(Limits.DEFAULTS)) {
      PrometheusText m = scrape(server);
      for (String memory : List.of("jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes")) {
        assertTrue(m.all(memory).stream().anyMatch(s -> s.labels().get("area").equals("heap")), memory);
        assertTrue(m.all(memory).stream().anyMatch(s -> s.labels().get("area").equals("nonheap")), memory);
      }
      assertEquals("gauge", m.types.get("jvm_gc_live_data_size_bytes"));
      assertEquals("counter", m.types.get("jvm_gc_memory_allocated_bytes_total"));
      assertTrue(m.value("jvm_threads_live_threads", Map.of()) >= 2);
      assertEquals(6, m.all("jvm_threads_states_threads").size(), "one per thread state");
      assertTrue(m.value("process_uptime_seconds", Map.of()) > 0);
    }
  }

  @Test
  void indexGaugesAreTheServedIndex() throws IOException {
    try (SearchServer server = serve(Limits.DEFAULTS)) {
      PrometheusText m = scrape(server);
      assertEquals(6.0, m.value("articlesearch_articles", Map.of()));
      assertEquals(56.0 + 11, m.value("articlesearch_paragraphs", Map.of()));
      assertEquals(1.0, m.value("articlesearch_segments", Map.of()));
      assertEquals(0.0, m.value("articlesearch_deleted_documents", Map.of()));
      assertEquals(0.0, m.value("articlesearch_requests_waiting", Map.of()), "an idle server");
      long bytes;
      try (Stream<Path> files = Files.list(dir.resolve("index"))) {
        bytes = files.filter(f -> !f.getFileName().toString().equals("write.lock"))
            .mapToLong(f -> f.toFile().length()).sum();
      }
      assertEquals((double) bytes, m.value("articlesearch_index_size_bytes", Map.of()));
      Instant committed = Instant.parse(ApiTest.get(server, "/api/health").json().get("committed_at").asText());
      double age = m.value("articlesearch_index_age_seconds", Map.of());
      double expected = Duration.between(committed, Instant.now()).toMillis() / 1000.0;
      assertTrue(age > 0 && Math.abs(age - expected) < 5, age + " s, expected about " + expected);
      for (String gauge : List.of("articlesearch_articles", "articlesearch_paragraphs",
          "articlesearch_segments", "articlesearch_deleted_documents",
          "articlesearch_index_size_bytes", "articlesearch_index_age_seconds",
          "articlesearch_requests_waiting")) {
        assertEquals("gauge", m.types.get(gauge), gauge);
      }
    }
  }

  @Test
  void requestsPastALimitOrTheTimeBudgetAreCountedByReasonAndLimit() {
    String over = "articlesearch_requests_over_limit_total";
    try (SearchServer server = serve(Limits.DEFAULTS.withMaxExpansions(2))) {
      // (1,001 Chinese characters, percent-encoded, are past the 8 KiB request line: 414.)
      assertEquals(400, ApiTest.get(server, "/api/search?q=" + "a".repeat(1_001)).status());
      assertEquals(400, ApiTest.get(server, "/api/search?q=" + "b".repeat(1_001)).status());
      assertEquals(400, ApiTest.get(server, "/api/suggest?q=" + "c".repeat(1_001)).status());
      Reply wildcard = ApiTest.get(server, "/api/search?syntax=lucene&q=" + enc("a*"));
      assertEquals("limit_exceeded", wildcard.json().get("error").asText(), wildcard.body());
      assertEquals(200, ApiTest.get(server, "/api/search?q=" + enc("智谱")).status());
      PrometheusText m = scrape(server);
      assertEquals("counter", m.types.get(over));
      assertEquals(2.0, m.value(over, Map.of("uri", "/api/search", "reason", "limit_exceeded",
          "limit", "max_query_length")));
      assertEquals(1.0, m.value(over, Map.of("uri", "/api/suggest", "reason", "limit_exceeded",
          "limit", "max_query_length")));
      assertEquals(1.0, m.value(over, Map.of("uri", "/api/search", "reason", "limit_exceeded",
          "limit", "max_expansions")));
      assertEquals(3, m.all(over).size());
    }
    try (SearchServer hurried = serve(Limits.DEFAULTS.withTimeout(Duration.ofNanos(1)))) {
      assertEquals(503, ApiTest.get(hurried, "/api/search?q=" + enc("清华大学")).status());
      assertEquals(List.of(new PrometheusText.Sample(over,
              Map.of("limit", "timeout", "reason", "timeout", "uri", "/api/search"), 1.0)),
          scrape(hurried).all(over));
    }
  }

  @Test
  void aRebuildIsTimedByOutcome() {
    try (ServerMetrics metrics = new ServerMetrics()) {
      assertEquals("index", metrics.time(ServerMetrics.IndexWrite.REBUILDS, () -> "index"));
      IllegalStateException failure = new IllegalStateException("the disk is full");
      assertEquals(failure, assertThrows(IllegalStateException.class,
          () -> metrics.time(ServerMetrics.IndexWrite.REBUILDS, () -> {
            throw failure;
          })));
      metrics.time(ServerMetrics.IndexWrite.REBUILDS, () -> 1);
      PrometheusText m = PrometheusText.parse(metrics.scrape(() -> null));
      assertEquals("summary", m.types.get("articlesearch_rebuilds_seconds"));
      assertEquals(2.0, m.value("articlesearch_rebuilds_seconds_count", Map.of("outcome", "success")));
      assertEquals(1.0, m.value("articlesearch_rebuilds_seconds_count", Map.of("outcome", "failure")));
      assertTrue(m.value("articlesearch_rebuilds_seconds_max", Map.of("outcome", "failure")) >= 0);
      assertTrue(Double.isNaN(m.value("articlesearch_articles", Map.of())), "no index figures yet");
    }
  }

  @Test
  void theCommandLinesRebuildIsCountedAndServed(@TempDir Path work) throws Exception {
    Path corpus = Files.createDirectories(work.resolve("corpus"));
    Files.writeString(corpus.resolve("zh.txt"), "研究人员发布了新的模型。\n\n智谱AI的团队参与了研究。\n", UTF_8);
    try (ServerProcess process = ServerProcess.start(work, "--rebuild", "--port", "0",
        "--index", "index", "--corpus", "corpus")) {
      Matcher serving = process.awaitOut(Pattern.compile(
          "Serving 1 article, 2 paragraphs at http://127\\.0\\.0\\.1:(\\d+)/ .*"), Duration.ofSeconds(30));
      int port = Integer.parseInt(serving.group(1));
      Reply r = ApiTest.exchange(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build());
      assertEquals(200, r.status());
      PrometheusText m = PrometheusText.parse(r.body());
      assertEquals(1.0, m.value("articlesearch_rebuilds_seconds_count", Map.of("outcome", "success")));
      assertTrue(m.value("articlesearch_rebuilds_seconds_sum", Map.of("outcome", "success")) > 0);
      assertEquals(null, m.value("articlesearch_rebuilds_seconds_count", Map.of("outcome", "failure")));
      assertEquals(2.0, m.value("articlesearch_paragraphs", Map.of()));
    }
  }

  @Test
  void servingFromAClusterTheIndexGaugesComeFromItsIndexStats() throws IOException {
    HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    node.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String answer = path.endsWith("/_mapping") ? ClusterErrorsApiTest.MAPPING
          : path.equals("/articles/_stats/docs,store,segments") ? """
              {"_shards": {"total": 2, "successful": 2, "failed": 0},
               "_all": {"primaries": {"docs": {"count": 7, "deleted": 2},
                 "store": {"size_in_bytes": 13579}, "segments": {"count": 3}},
                 "total": {"docs": {"count": 14, "deleted": 4},
                 "store": {"size_in_bytes": 27158}, "segments": {"count": 6}}}}"""
          : """
              {"timed_out": false, "_shards": {"total": 1, "successful": 1, "failed": 0},
               "hits": {"total": {"value": 7, "relation": "eq"}, "hits": []}}""";
      byte[] body = answer.getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    node.start();
    String url = "http://127.0.0.1:" + node.getAddress().getPort();
    try (SearchServer server = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        Map.of("backend", "opensearch", "opensearch.urls", url), Limits.DEFAULTS, List.of()))) {
      PrometheusText m = scrape(server);
      assertEquals(1.0, m.value("articlesearch_articles", Map.of()));
      assertEquals(7.0, m.value("articlesearch_paragraphs", Map.of()));
      assertEquals(3.0, m.value("articlesearch_segments", Map.of()));
      assertEquals(2.0, m.value("articlesearch_deleted_documents", Map.of()));
      assertEquals(13_579.0, m.value("articlesearch_index_size_bytes", Map.of()), "the primaries");
      double age = Duration.between(Instant.parse("2026-11-23T20:00:00Z"), Instant.now()).toSeconds();
      assertEquals(age, m.value("articlesearch_index_age_seconds", Map.of()), 5);

      node.stop(0); // the cluster gone: the rest of the metrics are still served
      PrometheusText down = scrape(server);
      assertTrue(Double.isNaN(down.value("articlesearch_paragraphs", Map.of())));
      assertTrue(Double.isNaN(down.value("articlesearch_index_age_seconds", Map.of())));
      assertEquals(1.0, down.value("http_server_requests_seconds_count", request("GET", "/metrics", 200)));
    } finally {
      node.stop(0);
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> out = new java.util.HashMap<>(labels);
    out.put(name, value);
    return out;
  }
}
