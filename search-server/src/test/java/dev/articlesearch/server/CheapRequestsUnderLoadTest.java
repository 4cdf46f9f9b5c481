package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server child process with {@code --spare-carrier}, while long searches hold every compute
 * slot and more wait for one: a request that takes no slot ({@code /api/health}) is still
 * answered at once, not after a search ends. Each request runs on a virtual thread, which is never
 * preempted, so this holds only because the server keeps one carrier thread more than it has
 * slots ({@link ComputeSlots}). Without the flag the same run failed: /api/health 202 ms at the
 * median, the searches 268 ms.
 */
class CheapRequestsUnderLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ARTICLES = 40;
  private static final int PARAGRAPHS = 50;
  private static final int WORDS = 250;
  /** Matches every Latin word: the rewrite walks the whole term dictionary, ~490,000 terms. */
  private static final String EVERY_WORD = "/[a-z]+/";
  /** More than the slots on any machine this runs on: some searches always wait for one. */
  private static final int CLIENTS = Runtime.getRuntime().availableProcessors() + 2;
  private static final int HEALTH_CHECKS = 40;

  @Test
  @Timeout(180)
  void healthIsAnsweredAtOnceWhileLongSearchesHoldEverySlot(@TempDir Path work) throws Exception {
    corpus(work.resolve("corpus"));
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    Queue<Long> searchNanos = new ConcurrentLinkedQueue<>();
    try (ServerProcess server = ServerProcess.start(work, "--port", "0", "--index", "index",
        "--corpus", "corpus", "--max-expansions", "1000000", "--spare-carrier")) {
      int port = Integer.parseInt(server.awaitOut(ServerProcess.SERVING, Duration.ofSeconds(90)).group(3));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI search = URI.create("http://127.0.0.1:" + port + "/api/search?syntax=lucene&highlight=false&q="
          + URLEncoder.encode(EVERY_WORD, UTF_8));
      URI health = URI.create("http://127.0.0.1:" + port + "/api/health");

      // Every paragraph has Latin words (the first: "ai" and "glm" of "智谱AI…GLM-4").
      JsonNode first = JSON.readTree(get(http, search).body());
      assertEquals(ARTICLES * PARAGRAPHS, first.get("total").asInt(), first.toString());

      List<Future<Void>> loops = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        loops.add(clients.submit(() -> {
          while (!stop.get()) {
            long started = System.nanoTime();
            HttpResponse<String> r = get(own, search);
            assertEquals(200, r.statusCode(), r.body());
            searchNanos.add(System.nanoTime() - started);
          }
          return null;
        }));
      }
      Thread.sleep(2_000); // every client has a search being answered or waiting for a slot

      List<Long> healthNanos = new ArrayList<>();
      for (int i = 0; i < HEALTH_CHECKS; i++) {
        long started = System.nanoTime();
        HttpResponse<String> r = get(http, health);
        healthNanos.add(System.nanoTime() - started);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("ok", JSON.readTree(r.body()).get("status").asText(), r.body());
        Thread.sleep(25);
      }
      stop.set(true);
      for (Future<Void> loop : loops) {
        loop.get(60, TimeUnit.SECONDS); // rethrows a search that was not a 200
      }

      double healthMs = medianMs(healthNanos);
      double searchMs = medianMs(new ArrayList<>(searchNanos));
      System.out.printf("Under %d clients of %s: /api/health median %.2f ms (max %.2f), the"
              + " searches' %.2f ms (%d searches)%n", CLIENTS, EVERY_WORD, healthMs,
          healthNanos.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6, searchMs,
          searchNanos.size());
      // Without a free carrier a health check waits for a search to end: about as long as one.
      assertTrue(healthMs < searchMs / 5, "/api/health took " + healthMs
          + " ms at the median, the searches " + searchMs + " ms\n" + server.transcript());
    } finally {
      stop.set(true);
      clients.shutdownNow();
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double medianMs(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  /** Articles of random seven-letter words: nearly every word is a term of its own. */
  private static void corpus(Path corpus) throws IOException {
    Files.createDirectories(corpus);
    Random random = new Random(7);
    for (int a = 0; a < ARTICLES; a++) {
      StringBuilder text = new StringBuilder("词表 " + a + "\n---\n智谱AI发布新一代基座模型GLM-4。\n\n");
      for (int p = 1; p < PARAGRAPHS; p++) {
        for (int w = 0; w < WORDS; w++) {
          for (int c = 0; c < 7; c++) {
            text.append((char) ('a' + random.nextInt(26)));
          }
          text.append(' ');
        }
        text.append("\n\n");
      }
      Files.writeString(corpus.resolve("words_" + a + ".txt"), text);
    }
  }
}
