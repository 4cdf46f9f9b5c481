package dev.articlesearch.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.LimitExceededException;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when the cluster fails: one line naming the cluster, the right exception, no
 * raw JSON, never a partial answer; and the next node when one is down. The cluster here is a
 * small HTTP server giving canned OpenSearch answers (error cases only: the answers themselves
 * are tested against a real cluster in ClusterEquivalenceIT).
 */
class ClusterSearchFailuresTest {
  /** The alias's mapping as a finished rebuild leaves it. */
  static final String MAPPING = """
      {"equivalence-v1": {"mappings": {"_meta": {"articlesearch": {"state": "complete",
        "articles": 2, "paragraphs": 3, "committed_at": "2026-11-23T20:00:00Z"}}}}}""";

  /** The index's _stats (docs, store, segments) as OpenSearch 3.8 answers them: 3 primaries, 1 replica each. */
  static final String STATS = """
      {"_shards": {"total": 6, "successful": 6, "failed": 0},
       "_all": {"primaries": {"docs": {"count": 3, "deleted": 1},
           "store": {"size_in_bytes": 24680, "reserved_in_bytes": 0}, "segments": {"count": 4}},
         "total": {"docs": {"count": 6, "deleted": 2},
           "store": {"size_in_bytes": 49360, "reserved_in_bytes": 0}, "segments": {"count": 8}}},
       "indices": {"equivalence-v1": {"uuid": "x", "primaries": {}, "total": {}}}}""";

  static final String RED = """
      {"error": {"root_cause": [], "type": "search_phase_execution_exception",
        "reason": "all shards failed", "phase": "dfs", "grouped": true, "failed_shards": []},
       "status": 503}""";

  static final String PARTIAL = """
      {"took": 3, "timed_out": false, "_shards": {"total": 3, "successful": 2, "skipped": 0,
        "failed": 1, "failures": [{"shard": 1, "index": "equivalence-v1", "node": "x",
        "reason": {"type": "node_not_connected_exception", "reason": "[node-2] disconnected"}}]},
       "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": null, "hits": []}}""";

  static final String NO_HITS = """
      {"took": 3, "timed_out": false, "_shards": {"total": 3, "successful": 3, "skipped": 0,
        "failed": 0}, "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}""";

  private final List<HttpServer> servers = new ArrayList<>();
  private final Map<String, AtomicInteger> searches = new ConcurrentHashMap<>();

  record Canned(int status, String body, long delayMillis) {}

  /** A fake node: the mapping for GET …/_mapping, the stats for …/_stats/…, {@code search} for every search. */
  private URI node(Function<Integer, Canned> search) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String name = "node" + servers.size();
    searches.put(name, new AtomicInteger());
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      Canned c = path.endsWith("/_mapping") ? new Canned(200, MAPPING, 0)
          : path.equals("/equivalence/_stats/docs,store,segments") ? new Canned(200, STATS, 0)
          : search.apply(searches.get(name).incrementAndGet());
      try {
        Thread.sleep(c.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = c.body().getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(c.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private static URI deadNode() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }

  private static ClusterSearch open(URI... nodes) {
    return ClusterSearch.open(List.of(nodes), "equivalence", Limits.DEFAULTS);
  }

  private static void assertOneLineNaming(URI node, SearchException e) {
    assertTrue(e.getMessage().contains(node.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("{"), e.getMessage());
  }

  @Test
  void unreachableClusterIsUnavailableNamingEveryUrl() throws IOException {
    URI a = deadNode();
    URI b = deadNode();
    ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class, () -> open(a, b));
    assertOneLineNaming(a, e);
    assertTrue(e.getMessage().startsWith("Cannot reach OpenSearch at " + a + ", " + b), e.getMessage());
  }

  @Test
  void aDeadNodeIsSkippedForTheNext() throws IOException {
    URI live = node(n -> new Canned(200, NO_HITS, 0));
    try (ClusterSearch search = open(deadNode(), live)) {
      for (int i = 0; i < 4; i++) { // each request starts at the next node in turn
        assertEquals(0, search.search(SearchRequest.of("智谱 清华大学")).total());
      }
    }
  }

  @Test
  void missingAliasSaysHowToBuildIt() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = """
          {"error": {"root_cause": [{"type": "index_not_found_exception", "reason": "no such index [equivalence]"}],
           "type": "index_not_found_exception", "reason": "no such index [equivalence]"}, "status": 404}"""
          .getBytes(UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    servers.add(server);
    URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class, () -> open(node));
    assertEquals("OpenSearch at " + node + " has no index or alias 'equivalence': build it with"
        + " bin/search-server --rebuild-only --opensearch URL", e.getMessage());
  }

  @Test
  void redClusterIsUnavailableAfterTryingTwice() throws IOException {
    URI node = node(n -> new Canned(503, RED, 0));
    try (ClusterSearch search = open(node)) {
      ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class,
          () -> search.search(SearchRequest.of("智谱")));
      assertEquals("OpenSearch at " + node + " could not search 'equivalence' (503,"
          + " search_phase_execution_exception): a shard has no started copy (the cluster may be"
          + " red); try again later", e.getMessage());
      assertEquals(503, e.status());
      assertEquals(2, searches.get("node0").get());
    }
  }

  @Test
  void rejectedSearchIsUnavailable() throws IOException {
    URI node = node(n -> new Canned(429, """
        {"error": {"type": "rejected_execution_exception", "reason": "rejected execution of"},
         "status": 429}""", 0));
    try (ClusterSearch search = open(node)) {
      ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class,
          () -> search.search(SearchRequest.of("Zhipu AI")));
      assertEquals("OpenSearch at " + node + " rejected the request (429, too many requests): it"
          + " is overloaded; try again shortly", e.getMessage());
    }
  }

  @Test
  void serverErrorIsRetriedOnceThenUnavailable() throws IOException {
    URI node = node(n -> n == 1 ? new Canned(500, "{\"error\": {\"type\": \"null_pointer_exception\"}}", 0)
        : new Canned(200, NO_HITS, 0));
    try (ClusterSearch search = open(node)) {
      assertEquals(0, search.search(SearchRequest.of("model")).total()); // the second try answers
    }
    URI failing = node(n -> new Canned(500, "<html>proxy error</html>", 0));
    try (ClusterSearch search = open(failing)) {
      ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class,
          () -> search.search(SearchRequest.of("model")));
      assertEquals("OpenSearch at " + failing + " failed (500); try again later", e.getMessage());
    }
  }

  @Test
  void partialAnswerIsAskedAgainThenRefusedNeverReturned() throws IOException {
    URI flaky = node(n -> new Canned(200, n == 1 ? PARTIAL : NO_HITS, 0));
    try (ClusterSearch search = open(flaky)) {
      assertEquals(0, search.search(SearchRequest.of("清华")).total());
      assertEquals(2, searches.get("node0").get());
    }
    URI broken = node(n -> new Canned(200, PARTIAL, 0));
    try (ClusterSearch search = open(broken)) {
      ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class,
          () -> search.search(SearchRequest.of("清华")));
      assertEquals("OpenSearch at " + broken + " answered from 2 of 3 shards of 'equivalence'"
          + " twice (node_not_connected_exception): no partial answer is given; try again",
          e.getMessage());
    }
  }

  @Test
  void slowClusterRunsPastTheBudgetAsTheEmbeddedEngineDoes() throws IOException {
    URI slow = node(n -> new Canned(200, NO_HITS, 2_000));
    Limits limits = Limits.DEFAULTS.withTimeout(Duration.ofMillis(300));
    try (ClusterSearch search = ClusterSearch.open(List.of(slow), "equivalence", limits)) {
      long started = System.nanoTime();
      SearchTimeoutException e = assertThrows(SearchTimeoutException.class,
          () -> search.search(SearchRequest.of("智谱")));
      assertEquals("The search ran past the time limit (timeout) of 300 ms", e.getMessage());
      assertTrue(System.nanoTime() - started < 1_500_000_000L, "waited for the slow answer");
    }
    URI timedOut = node(n -> new Canned(200, NO_HITS.replace("\"timed_out\": false",
        "\"timed_out\": true"), 0));
    try (ClusterSearch search = open(timedOut)) {
      assertThrows(SearchTimeoutException.class, () -> search.search(SearchRequest.of("智谱")));
    }
  }

  @Test
  void limitsAreCheckedBeforeAnythingIsSent() throws IOException {
    URI node = node(n -> new Canned(200, NO_HITS, 0));
    try (ClusterSearch search = ClusterSearch.open(List.of(node), "equivalence",
        Limits.DEFAULTS.withMaxQueryLength(4))) {
      LimitExceededException e = assertThrows(LimitExceededException.class,
          () -> search.search(SearchRequest.of("清华大学人工智能")));
      assertEquals("max_query_length", e.limit());
      assertEquals(0, searches.get("node0").get());
    }
  }

  @Test
  void settingsAreCheckedByName() throws IOException {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ArticleSearch.open(Map.of("backend", "opensearch")));
    assertTrue(missing.getMessage().startsWith("Setting 'opensearch.urls' is required"),
        missing.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ArticleSearch.open(Map.of("backend", "opensearch", "opensearch.urls", "ftp://x:1")));
    assertTrue(bad.getMessage().startsWith("Setting 'opensearch.urls': 'ftp://x:1' is not"),
        bad.getMessage());
    IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
        () -> ArticleSearch.open(Map.of("backend", "opensearch", "opensearch.urls",
            "http://127.0.0.1:9200", "opensearch.index", "Articles!")));
    assertTrue(alias.getMessage().startsWith("Setting 'opensearch.index': The index alias"),
        alias.getMessage());
    URI node = node(n -> new Canned(200, NO_HITS, 0));
    try (ArticleSearch search = ArticleSearch.open(Map.of("backend", "opensearch",
        "opensearch.urls", node.toString(), "opensearch.index", "equivalence", "timeout_ms", "750"))) {
      assertEquals("opensearch " + node + " index equivalence", search.source());
      assertEquals(Duration.ofMillis(750), search.limits().timeout());
      IndexStats stats = search.stats();
      assertEquals(2, stats.articles());
      assertEquals(Instant.parse("2026-11-23T20:00:00Z"), stats.committedAt());
      // The primaries' figures, not the replicas' too.
      assertEquals(4, stats.segments());
      assertEquals(1, stats.deletedDocuments());
      assertEquals(24_680, stats.sizeInBytes());
    }
  }
}
