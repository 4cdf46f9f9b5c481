package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.ArticleIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real server child process under load: the requests in flight finish with complete
 * answers, new connections are refused, requests on connections already open get 503 JSON, and
 * the process exits 0 within seconds, saying so.
 */
class GracefulStopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_WITHIN = Duration.ofSeconds(30);

  /** Paragraphs of the long article, each about 8 KB: a page of them with context is ~4 MB. */
  private static final int LONG_PARAGRAPHS = 100;
  /** A search that takes a second or so: 100 long hits, each with four context paragraphs. */
  private static final String BIG_REQUEST = "/api/search?q=longtext&limit=100&context=2";
  /**
   * One: a heavy search holds a carrier thread for its second of work, and with two of them on
   * two cores the scrape that shows them being answered would wait until one had finished.
   */
  private static final int HEAVY = 1;
  private static final Pattern SEARCHES_ANSWERING =
      Pattern.compile("(?m)^http_server_requests_active_seconds_count\\{uri=\"/api/search\"} (\\S+)$");
  private static final int CLIENTS = 8;

  @Test
  @Timeout(120)
  void sigtermFinishesRequestsInFlightRefusesNewOnesAndExitsZero(@TempDir Path work) throws Exception {
    corpus(work.resolve("corpus"));
    HttpClient[] https = new HttpClient[CLIENTS];
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean paused = new AtomicBoolean();
    AtomicInteger asking = new AtomicInteger(); // clients with a search sent and not yet answered
    Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    int heavyBytes = 0;
    try (ServerProcess server =
        ServerProcess.start(work, "--port", "0", "--index", "index", "--corpus", "corpus")) {
      int port = Integer.parseInt(server.awaitOut(ServerProcess.SERVING, START_WITHIN).group(3));
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);

      // Eight clients loop over small searches with known answers, each on its own connection.
      for (int c = 0; c < CLIENTS; c++) {
        HttpClient http = https[c] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        clients.submit(() -> {
          while (!stop.get()) {
            if (paused.get()) {
              Thread.sleep(5);
              continue;
            }
            asking.incrementAndGet();
            Outcome o = search(http, port, "研究人员");
            asking.decrementAndGet();
            outcomes.add(o);
            if (!o.kind().equals("200")) {
              Thread.sleep(10); // refused: no need to spin
            }
          }
          return null;
        });
      }
      while (outcomes.stream().filter(o -> o.kind().equals("200")).count() < 50) {
        Thread.sleep(20);
      }

      // Heavy searches (a hundred long paragraphs with context, highlighted: a second or more of
      // work and ~4 MB of JSON) sent just before the signal: still being answered when it comes.
      // The clients pause meanwhile, so that the server's count of searches being answered counts
      // the heavy ones alone: the signal waits until the server has begun them, not for a guessed
      // time (on a loaded machine a new connection's request was not begun after 200 ms).
      paused.set(true);
      while (asking.get() > 0) {
        Thread.sleep(5);
      }
      List<CompletableFuture<Received>> heavy = new ArrayList<>();
      for (int i = 0; i < HEAVY; i++) {
        Socket s = new Socket();
        s.setSoTimeout(30_000);
        s.connect(address, 5_000);
        s.getOutputStream().write(("GET " + BIG_REQUEST + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
        heavy.add(CompletableFuture.supplyAsync(() -> {
          try (s; InputStream in = s.getInputStream()) {
            byte[] all = in.readAllBytes();
            return new Received(all, System.nanoTime(), null);
          } catch (IOException e) {
            return new Received(new byte[0], System.nanoTime(), e);
          }
        }));
      }
      long sent = System.nanoTime();
      HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build();
      double answering = 0;
      while (answering < HEAVY) {
        assertTrue(System.nanoTime() - sent < 20_000_000_000L,
            "the heavy searches were not begun within 20 s\n" + server.transcript());
        java.util.regex.Matcher m = SEARCHES_ANSWERING.matcher(
            https[0].send(scrape, HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(m.find(), "no count of the searches being answered");
        answering = Double.parseDouble(m.group(1));
      }
      long begunAfterMs = (System.nanoTime() - sent) / 1_000_000;
      paused.set(false);
      Thread.sleep(50); // the clients' searches are in flight too

      long signalled = System.nanoTime();
      server.process().destroy(); // SIGTERM

      // New connections are refused once the stop has begun (the listening socket is closed).
      long refusedAfterMs = -1;
      while (refusedAfterMs < 0 && System.nanoTime() - signalled < 2_000_000_000L) {
        try (Socket probe = new Socket()) {
          probe.connect(address, 1_000);
          Thread.sleep(20);
        } catch (ConnectException e) {
          refusedAfterMs = (System.nanoTime() - signalled) / 1_000_000;
        }
      }

      // The answers in flight arrive whole.
      int finishedAfterSignal = 0;
      for (CompletableFuture<Received> each : heavy) {
        Received received = each.get(30, TimeUnit.SECONDS);
        if (received.failure() != null) {
          throw new AssertionError("an answer in flight failed " + (received.nanos() - signalled) / 1_000_000
              + " ms after SIGTERM: " + received.failure() + "\n" + withoutSearches(server));
        }
        byte[] all = received.bytes();
        ApiTest.Reply reply = ApiTest.parse(all);
        assertEquals(200, reply.status(), () -> "an answer in flight, "
            + (received.nanos() - signalled) / 1_000_000 + " ms after SIGTERM: " + reply.body() + "\n"
            + withoutSearches(server));
        JsonNode body;
        try {
          body = JSON.readTree(reply.body());
        } catch (IOException e) {
          throw new AssertionError("an answer in flight was cut short after " + all.length + " bytes, "
              + (received.nanos() - signalled) / 1_000_000 + " ms after SIGTERM\n"
              + server.transcript().lines().filter(l -> !l.contains("SearchServer - GET"))
                  .collect(java.util.stream.Collectors.joining("\n")));
        }
        assertEquals(LONG_PARAGRAPHS, body.get("total").asInt());
        assertEquals(LONG_PARAGRAPHS, body.get("hits").size());
        JsonNode last = body.get("hits").get(LONG_PARAGRAPHS - 1);
        assertTrue(last.get("text").asText().endsWith("第" + last.get("paragraph").asInt() + "段结束。"),
            "the last hit is complete");
        assertTrue(all.length > 3_000_000, all.length + " bytes");
        heavyBytes = all.length;
        if (received.nanos() > signalled) {
          finishedAfterSignal++;
        }
      }
      assertTrue(finishedAfterSignal > 0, "at least one was still in flight at the signal");

      int status = server.awaitExit(Duration.ofSeconds(10));
      long exitedAfterMs = (System.nanoTime() - signalled) / 1_000_000;
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));

      assertEquals(0, status, server::transcript);
      assertTrue(exitedAfterMs < 5_000, "exited " + exitedAfterMs + " ms after SIGTERM");
      assertTrue(refusedAfterMs >= 0, "new connections refused within 2 s of SIGTERM");
      assertEquals("Stopped.", server.out().get(server.out().size() - 1), server::transcript);
      assertEquals(List.of(), server.errMatching(Pattern.compile(".*(ERROR|WARN|Exception).*")).stream()
          .filter(l -> !l.contains("vector")).toList(), server::transcript); // Lucene's JDK advice only
      try (Socket after = new Socket()) {
        assertThrows(ConnectException.class, () -> after.connect(address, 2_000));
      }

      // Each looping client's answers: complete 200s with the right total; once stopping, a 503
      // JSON error on a connection already open, or a refused or closed connection: nothing else.
      Map<String, Integer> kinds = new TreeMap<>();
      List<Outcome> wrong = new ArrayList<>();
      for (Outcome o : outcomes) {
        kinds.merge(o.kind(), 1, Integer::sum);
        boolean afterSignal = o.endedNanos() > signalled;
        if (!o.kind().equals("200") && !(afterSignal && (o.kind().equals("503 unavailable")
            || o.kind().startsWith("ConnectException") || o.kind().startsWith("IOException")))) {
          wrong.add(o);
        }
      }
      assertEquals(List.of(), wrong, kinds.toString());
      System.out.printf("SIGTERM under load: %d heavy answers of %d bytes, begun %d ms after"
          + " they were sent, complete, %d of them finished after the signal; new connections"
          + " refused after %d ms; exit 0 after %d ms; client outcomes %s%n",
          HEAVY, heavyBytes, begunAfterMs, finishedAfterSignal, refusedAfterMs, exitedAfterMs, kinds);
    } finally {
      stop.set(true);
      clients.shutdownNow();
      for (HttpClient http : https) {
        if (http != null) {
          http.close();
        }
      }
    }
  }

  /** The server's transcript without the lines of the searches it answered. */
  private static String withoutSearches(ServerProcess server) {
    return server.transcript().lines()
        .filter(l -> !l.matches(".*SearchServer - GET /api/search 200 \\d+\\.\\dms"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /**
   * A client that stops reading a large answer for longer than Jetty's one-second shutdown idle
   * timeout, just as the stop begins (a busy machine), still gets the whole answer: connections
   * being answered keep their idle timeout during a stop.
   */
  @Test
  @Timeout(60)
  void aReaderThatStallsDuringTheStopStillGetsTheWholeAnswer(@TempDir Path work) throws Exception {
    SearchServer server = inProcess(work);
    long stallMs = 3 * GracefulStop.IDLE_WHILE_STOPPING_MS;
    CompletableFuture<Long> stopped;
    byte[] all;
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096); // so that the answer waits on the client, not in the kernel
      s.setSoTimeout(30_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      s.getOutputStream().write(("GET " + BIG_REQUEST + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(1_000); // the answer is being written

      long stopping = System.nanoTime();
      stopped = CompletableFuture.supplyAsync(() -> {
        server.close();
        return (System.nanoTime() - stopping) / 1_000_000;
      });
      Thread.sleep(stallMs);
      assertFalse(stopped.isDone(), "the stop waits for the answer being read");

      byte[] rest = in.readAllBytes();
      all = new byte[head.length + rest.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(rest, 0, all, head.length, rest.length);
    } finally {
      server.close();
    }
    ApiTest.Reply reply = ApiTest.parse(all);
    assertEquals(200, reply.status());
    assertEquals("close", reply.header("Connection"));
    JsonNode body = JSON.readTree(reply.body());
    assertEquals(LONG_PARAGRAPHS, body.get("hits").size(), "the whole answer, " + all.length + " bytes");
    long stopMs = stopped.get(10, TimeUnit.SECONDS);
    assertTrue(stopMs >= stallMs && stopMs < SearchServer.STOP_TIMEOUT_MS, stopMs + " ms to stop");
  }

  /**
   * A keep-alive connection with nothing to answer does not hold the stop for the stop timeout:
   * the server closes it after Jetty's shutdown idle timeout of one second.
   */
  @Test
  @Timeout(60)
  void anIdleKeepAliveConnectionIsClosedWithinASecondAndDoesNotHoldTheStop(@TempDir Path work) throws Exception {
    SearchServer server = inProcess(work);
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      s.getOutputStream().write(("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(ISO_8859_1));
      InputStream in = s.getInputStream();
      String head = "";
      while (!head.endsWith("\r\n\r\n")) {
        head += (char) in.read();
      }
      int length = Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
      assertEquals(2, JSON.readTree(in.readNBytes(length)).path("articles").asInt());

      // Like a browser, the client closes its side once the server has closed the connection.
      long stopping = System.nanoTime();
      CompletableFuture<Long> closedByServer = CompletableFuture.supplyAsync(() -> {
        try (s) {
          return in.read() == -1 ? (System.nanoTime() - stopping) / 1_000_000 : -1L;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      server.close(); // the connection is open and idle
      long stopMs = (System.nanoTime() - stopping) / 1_000_000;
      long closedMs = closedByServer.get(10, TimeUnit.SECONDS);
      assertTrue(closedMs >= 0 && closedMs < 2 * GracefulStop.IDLE_WHILE_STOPPING_MS,
          "the idle connection closed after " + closedMs + " ms");
      assertTrue(stopMs < SearchServer.STOP_TIMEOUT_MS / 2, stopMs + " ms to stop");
    } finally {
      server.close();
    }
  }

  private static SearchServer inProcess(Path work) throws IOException {
    corpus(work.resolve("corpus"));
    ArticleIndex.rebuild(work.resolve("corpus"), work.resolve("index"));
    return SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, work.resolve("index")));
  }

  /** An answer read to its end, and when it ended. */
  private record Received(byte[] bytes, long nanos, IOException failure) {}

  /** What one search ended as: "200", "503 unavailable", an exception's class, or what was wrong. */
  private record Outcome(String kind, long endedNanos) {}

  private static Outcome search(HttpClient http, int port, String query) {
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/api/search?q=" + URLEncoder.encode(query, UTF_8))).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (ConnectException e) {
      return new Outcome("ConnectException", System.nanoTime());
    } catch (HttpTimeoutException e) {
      return new Outcome("timed out", System.nanoTime());
    } catch (IOException e) {
      // A body cut short is a failure; a connection closed or reset before any answer is not.
      boolean cut = String.valueOf(e.getMessage()).contains("content-length");
      return new Outcome((cut ? "cut short: " : "IOException ") + e, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("interrupted", System.nanoTime());
    }
    long ended = System.nanoTime();
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return new Outcome(r.statusCode() + " not JSON: " + r.body(), ended);
    }
    if (r.statusCode() == 200 && body.path("total").asInt() == 1
        && body.at("/hits/0/article_id").asText().equals("zh_news")) {
      return new Outcome("200", ended);
    } else if (r.statusCode() == 503 && body.path("error").asText().equals("unavailable")
        && ApiTest.fieldNames(body).equals(List.of("error", "message"))) {
      return new Outcome("503 unavailable", ended);
    }
    return new Outcome(r.statusCode() + " " + r.body(), ended);
  }

  /**
   * A short Chinese news article and one long article whose paragraphs all hold "longtext". The
   * heavy answer (5.6 MB) must be larger than the kernel's largest send buffer (Linux's
   * tcp_wmem maximum, 4 MB here): at 3.8 MB the whole answer could sit in the server's socket
   * buffer while the client stalled, and the stop then rightly finished first (CI saw it once).
   */
  private static void corpus(Path corpus) throws IOException {
    Files.createDirectories(corpus);
    Files.writeString(corpus.resolve("zh_news.txt"),
        "人工智能新闻\n---\n北京的研究人员发布了新的语言模型。\n\nThe model was released in Beijing.\n");
    StringBuilder text = new StringBuilder("长文章 A long article\n---\n");
    for (int p = 1; p <= LONG_PARAGRAPHS; p++) {
      text.append("第").append(p).append("段：").append("长文本的测试内容，".repeat(220))
          .append(" longtext ").append("words of a long paragraph ".repeat(200))
          .append("第").append(p).append("段结束。\n\n");
    }
    Files.writeString(corpus.resolve("long.txt"), text);
  }
}
