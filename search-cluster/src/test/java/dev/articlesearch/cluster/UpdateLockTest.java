package dev.articlesearch.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The update lock when another process acts between two of its requests, against a small HTTP
 * server answering as OpenSearch does (taking, refusing and taking over the lock on a real cluster
 * is ClusterUpdateIT's).
 */
class UpdateLockTest {
  static final String CONFLICT = """
      {"error": {"type": "version_conflict_engine_exception",
        "reason": "[a]: version conflict, document already exists (current version [1])"},
       "status": 409}""";
  static final String CREATED = """
      {"_index": "a-update-lock", "_id": "a", "result": "created", "_seq_no": 7,
       "_primary_term": 1}""";
  static final String NOT_FOUND = """
      {"_index": "a-update-lock", "_id": "a", "found": false}""";
  static final String HELD = """
      {"_index": "a-update-lock", "_id": "a", "found": true, "_seq_no": 6, "_primary_term": 1,
       "_source": {"host": "indexer-7", "pid": 4242, "since": "2026-12-08T00:00:00Z",
         "until": "2999-01-01T00:00:00Z"}}""";

  record Canned(int status, String body) {}

  private HttpServer server;
  private ClusterClient client;
  /** {@code METHOD path} of every request, in order. */
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /**
   * A node answering each {@code METHOD path} with the next of its canned answers, the last one
   * again once they run out; anything else with a 500.
   */
  private ClusterClient node(Map<String, List<Canned>> script) throws IOException {
    Map<String, Deque<Canned>> left = new HashMap<>();
    script.forEach((k, v) -> left.put(k, new ArrayDeque<>(v)));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      requests.add(request);
      Deque<Canned> answers = left.getOrDefault(request, new ArrayDeque<>());
      Canned c = answers.size() > 1 ? answers.poll()
          : answers.isEmpty() ? new Canned(500, "{}") : answers.peek();
      byte[] body = c.body().getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(c.status(), -1);
      } else {
        exchange.sendResponseHeaders(c.status(), body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    client = new ClusterClient(List.of(URI.create("http://127.0.0.1:" + server.getAddress()
        .getPort())), Duration.ofSeconds(10));
    return client;
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  @Test
  void aLockReleasedBetweenTheRefusedCreateAndTheReadOfItsHolderIsTakenOnTheNextTry()
      throws IOException {
    ClusterClient http = node(Map.of(
        "HEAD /a-update-lock", List.of(new Canned(200, "")),
        "PUT /a-update-lock/_create/a", List.of(new Canned(409, CONFLICT),
            new Canned(201, CREATED)),
        "GET /a-update-lock/_doc/a", List.of(new Canned(404, NOT_FOUND)),
        "DELETE /a-update-lock/_doc/a", List.of(new Canned(200, "{}"))));
    UpdateLock.take(http, "a").close();
    assertEquals(List.of("HEAD /a-update-lock", "PUT /a-update-lock/_create/a",
        "GET /a-update-lock/_doc/a", "PUT /a-update-lock/_create/a",
        "DELETE /a-update-lock/_doc/a"), requests);
  }

  @Test
  void aLockTakenAndReleasedByOthersAtEveryTryIsRefusedAsBusy() throws IOException {
    ClusterClient http = node(Map.of(
        "HEAD /a-update-lock", List.of(new Canned(200, "")),
        "PUT /a-update-lock/_create/a", List.of(new Canned(409, CONFLICT)),
        "GET /a-update-lock/_doc/a", List.of(new Canned(404, NOT_FOUND))));
    ClusterException e = assertThrows(ClusterException.class, () -> UpdateLock.take(http, "a"));
    assertEquals(409, e.status());
    assertEquals("Other updates of the index behind 'a' took and released the lock 5 times while"
        + " this one asked for it: try again", e.getMessage());
    assertEquals(UpdateLock.RELEASED_RETRIES,
        Collections.frequency(requests, "PUT /a-update-lock/_create/a"));
  }

  @Test
  void aLiveHolderIsNamedInTheRefusal() throws IOException {
    ClusterClient http = node(Map.of(
        "HEAD /a-update-lock", List.of(new Canned(200, "")),
        "PUT /a-update-lock/_create/a", List.of(new Canned(409, CONFLICT)),
        "GET /a-update-lock/_doc/a", List.of(new Canned(200, HELD))));
    ClusterException e = assertThrows(ClusterException.class, () -> UpdateLock.take(http, "a"));
    assertEquals(409, e.status());
    assertEquals("Another update of the index behind 'a' is running (process 4242 on indexer-7,"
        + " since 2026-12-08T00:00:00Z): try again once it has ended", e.getMessage());
    assertEquals(List.of("HEAD /a-update-lock", "PUT /a-update-lock/_create/a",
        "GET /a-update-lock/_doc/a"), requests);
  }
}
