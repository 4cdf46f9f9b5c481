package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.assertError;
import static dev.articlesearch.server.ApiTest.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.articlesearch.core.Limits;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving from a cluster that then fails: the product's JSON error, 503 {@code
 * cluster_unavailable} with {@code Retry-After}, one line naming the cluster, for every route
 * that asks it. The node is a small HTTP server with canned OpenSearch answers: the index's
 * description, then the answer under test for every search.
 */
class ClusterErrorsApiTest {
  static final String MAPPING = """
      {"articles-v1": {"mappings": {"_meta": {"articlesearch": {"state": "complete",
        "articles": 1, "paragraphs": 1, "committed_at": "2026-11-23T20:00:00Z"}}}}}""";

  private HttpServer node;
  private String url;
  private final AtomicInteger status = new AtomicInteger();
  private volatile String answer;

  @BeforeEach
  void startNode() throws IOException {
    node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    node.createContext("/", exchange -> {
      boolean mapping = exchange.getRequestURI().getPath().endsWith("/_mapping");
      byte[] body = (mapping ? MAPPING : answer).getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(mapping ? 200 : status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    node.start();
    url = "http://127.0.0.1:" + node.getAddress().getPort();
  }

  @AfterEach
  void stopNode() {
    node.stop(0);
  }

  private SearchServer serve() {
    return SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, Map.of(
        "backend", "opensearch", "opensearch.urls", url), Limits.DEFAULTS, List.of()));
  }

  @Test
  void redClusterIs503ClusterUnavailableWithRetryAfterOnEveryRoute() {
    status.set(503);
    answer = """
        {"error": {"root_cause": [], "type": "search_phase_execution_exception",
          "reason": "all shards failed"}, "status": 503}""";
    try (SearchServer server = serve()) {
      for (String request : List.of("/api/search?q=" + enc("智谱"), "/api/articles",
          "/api/articles/zh_001", "/api/highlight?article=zh_001&q=" + enc("智谱"),
          "/api/suggest?q=" + enc("智"), "/api/related?article=zh_001&paragraph=1")) {
        Reply r = ApiTest.get(server, request);
        assertError(r, 503, "cluster_unavailable", "OpenSearch at " + url + " could not search"
            + " 'articles' (503, search_phase_execution_exception): a shard has no started copy"
            + " (the cluster may be red); try again later");
        assertEquals("5", r.header("retry-after"), request);
      }
    }
  }

  @Test
  void overloadedClusterIs503AndAStoppedOneToo() {
    status.set(429);
    answer = """
        {"error": {"type": "rejected_execution_exception", "reason": "queue full"}, "status": 429}""";
    try (SearchServer server = serve()) {
      Reply r = ApiTest.get(server, "/api/search?q=" + enc("Zhipu AI"));
      assertError(r, 503, "cluster_unavailable", "OpenSearch at " + url + " rejected the request"
          + " (429, too many requests): it is overloaded; try again shortly");
      node.stop(0);
      Reply gone = ApiTest.get(server, "/api/search?q=" + enc("清华大学"));
      assertEquals(503, gone.status());
      assertEquals("cluster_unavailable", gone.json().get("error").asText());
      assertEquals(true, gone.json().get("message").asText()
          .startsWith("Cannot reach OpenSearch at " + url), gone.body());
    }
  }
}
