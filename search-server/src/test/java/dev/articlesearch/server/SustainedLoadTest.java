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
import java.util.Locale;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server child process under sustained load (16 clients that never pause) while another
 * process runs {@code --rebuild-only} on the same index again and again, alternating two corpora
 * whose answers differ. Every answer must be a 200 from exactly one of the two versions, and after
 * the last swap the server holds no more open files than before and none of a deleted index.
 *
 * <p>It runs for {@code soak.seconds} (30 by default, for CI's 30 minutes; 60 until 2026-12-08);
 * a longer run:
 * {@code mvn -B -o verify -pl search-server -Dtest=SustainedLoadTest -Dsoak.seconds=600
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SustainedLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_WITHIN = Duration.ofSeconds(30);
  private static final Duration NOTICE_WITHIN = Duration.ofSeconds(5);
  private static final int CLIENTS = 16;
  /** Open files may differ by this much: client connections come and go, Jetty's selectors. */
  private static final int FD_MARGIN = 20;

  /** One corpus version and the answers that identify it. */
  private record Version(String prefix, int articles, int paragraphs, int marked, String fruit) {
    int shared() {
      return articles * paragraphs;
    }
  }

  private static final Version A = new Version("a", 30, 3, 6, "苹果");
  private static final Version B = new Version("b", 90, 4, 9, "香蕉");
  private static final List<Version> VERSIONS = List.of(A, B);

  @Test
  void rebuildsUnderSustainedLoadFailNoRequestMixNoVersionsAndLeakNoFiles(@TempDir Path work)
      throws Exception {
    long seconds = Long.getLong("soak.seconds", 30);
    Path serverDir = Files.createDirectories(work.resolve("server"));
    Path rebuildDir = Files.createDirectories(work.resolve("rebuild"));
    corpus(serverDir.resolve("seeds"), A);
    Path corpusA = corpus(work.resolve("corpus-a"), A);
    Path corpusB = corpus(work.resolve("corpus-b"), B);
    Path index = serverDir.resolve("data/index");

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<HttpClient> https = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong requests = new AtomicLong();
    AtomicLongArray perVersion = new AtomicLongArray(2);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    try (ServerProcess server = ServerProcess.start(serverDir, "--port", "0")) {
      int port = Integer.parseInt(server.awaitOut(ServerProcess.SERVING, START_WITHIN).group(3));
      long pid = server.process().pid();
      for (int c = 0; c < CLIENTS; c++) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        https.add(http);
        int first = c;
        clients.submit(() -> {
          for (int i = first; !stop.get(); i++) {
            try {
              int version = ask(http, port, i % 4);
              perVersion.incrementAndGet(version);
            } catch (AssertionError | IOException | RuntimeException e) {
              failures.add(e.toString());
            }
            requests.incrementAndGet();
          }
          return null;
        });
      }
      HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      https.add(own);
      Thread.sleep(3_000); // every client connected, the server warm
      int fdBefore = openFiles(pid);
      long rssBefore = rssKb(pid);
      long mappedBefore = mappedIndexFiles(pid, index);

      long end = System.nanoTime() + seconds * 1_000_000_000L;
      int swaps = 0;
      List<Long> rebuildMs = new ArrayList<>();
      for (int i = 0; swaps < 2 || System.nanoTime() < end; i++) {
        Version next = i % 2 == 0 ? B : A;
        long started = System.nanoTime();
        try (ServerProcess rebuild = ServerProcess.start(rebuildDir, "--rebuild-only",
            "--index", index.toString(), "--corpus", (next == A ? corpusA : corpusB).toString())) {
          assertEquals(0, rebuild.awaitExit(Duration.ofSeconds(60)), rebuild::transcript);
        }
        rebuildMs.add((System.nanoTime() - started) / 1_000_000);
        long deadline = System.nanoTime() + NOTICE_WITHIN.toNanos();
        while (ask(own, port, 1) != VERSIONS.indexOf(next)) {
          assertTrue(System.nanoTime() < deadline, "version " + next.prefix() + " not served within "
              + NOTICE_WITHIN + " of its rebuild");
          Thread.sleep(50);
        }
        swaps++;
        Thread.sleep(1_000); // the clients get a good look at this version
      }

      // Settle: the searcher of the last version but one is released on the next refresh.
      long settle = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<String> deleted = deletedIndexFiles(pid, index);
      while (!deleted.isEmpty() && System.nanoTime() < settle) {
        Thread.sleep(200);
        deleted = deletedIndexFiles(pid, index);
      }
      int fdAfter = openFiles(pid);
      long rssAfter = rssKb(pid);
      long mappedAfter = mappedIndexFiles(pid, index);
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));

      String figures = String.format(Locale.ROOT, "%d s, %d requests, %d failed, %d swaps"
              + " (rebuilds of %s ms), answers from A %d / B %d, open files %d -> %d, index files"
              + " mapped %d -> %d, RSS %d -> %d MB",
          seconds, requests.get(), failures.size(), swaps, rebuildMs, perVersion.get(0),
          perVersion.get(1), fdBefore, fdAfter, mappedBefore, mappedAfter, rssBefore / 1024,
          rssAfter / 1024);
      System.out.println("Sustained load: " + figures);
      // A 500 is logged by the server with its cause; its log goes with the temp folder.
      assertEquals(List.of(), failures.stream().limit(20).toList(), () -> figures
          + "\nthe server's log around failures:\n" + String.join("\n",
              server.errMatching(java.util.regex.Pattern.compile(
                  ".*( 500 |Exception|\\tat |WARN|ERROR).*")).stream().limit(80).toList()));
      assertTrue(perVersion.get(0) > 0 && perVersion.get(1) > 0, figures);
      assertEquals(List.of(), deleted, "files of a replaced index still open: " + figures);
      assertTrue(fdAfter <= fdBefore + FD_MARGIN, figures);
      assertTrue(server.process().isAlive());
      assertEquals(1, server.out().stream().filter(l -> ServerProcess.SERVING.matcher(l).matches()).count(),
          "started once: never restarted\n" + server.transcript());

      server.process().destroy();
      assertEquals(0, server.awaitExit(Duration.ofSeconds(10)), server::transcript);
    } finally {
      stop.set(true);
      clients.shutdownNow();
      https.forEach(HttpClient::close);
    }
  }

  /**
   * One request of four kinds, checked against both versions; returns the index (in {@link
   * #VERSIONS}) of the only version the whole answer fits, or throws saying what was wrong.
   */
  private static int ask(HttpClient http, int port, int kind) throws IOException, InterruptedException {
    String path = switch (kind) {
      case 0 -> "/api/search?limit=20&q=shared";
      case 1 -> "/api/search?limit=20&q=" + URLEncoder.encode("苹果 OR 香蕉", UTF_8);
      case 2 -> "/api/health";
      default -> "/api/search?group=article&limit=5&q=" + URLEncoder.encode("共享的段落", UTF_8);
    };
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
    }
    JsonNode body = JSON.readTree(r.body());
    for (int v = 0; v < VERSIONS.size(); v++) {
      if (fits(VERSIONS.get(v), kind, body)) {
        return v;
      }
    }
    throw new AssertionError(path + " -> fits neither version: " + r.body());
  }

  private static boolean fits(Version v, int kind, JsonNode body) {
    if (kind == 2) {
      return body.get("articles").asInt() == v.articles() && body.get("paragraphs").asInt() == v.paragraphs() * v.articles();
    }
    int total = switch (kind) {
      case 0 -> v.shared();
      case 1 -> v.marked();
      default -> v.articles();
    };
    if (body.get("total").asInt() != total || body.get("hits").size() != Math.min(total, kind == 3 ? 5 : 20)) {
      return false;
    }
    for (JsonNode hit : body.get("hits")) {
      String id = hit.get("article_id").asText();
      if (!id.startsWith(v.prefix()) || !hit.get("title").asText().equals("Article " + id)
          || (kind == 1 && !hit.get("text").asText().contains(v.fruit()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code v.articles()} articles of {@code v.paragraphs()} paragraphs, each paragraph holding
   * "shared" and 共享的段落 once; paragraph 2 of the first {@code v.marked()} holds the fruit.
   */
  private static Path corpus(Path dir, Version v) throws IOException {
    Files.createDirectories(dir);
    for (int a = 1; a <= v.articles(); a++) {
      String id = String.format(Locale.ROOT, "%s%03d", v.prefix(), a);
      StringBuilder text = new StringBuilder("Article " + id + "\n---\n");
      for (int p = 1; p <= v.paragraphs(); p++) {
        text.append(p == 2 && a <= v.marked() ? "这里有" + v.fruit() + "。" : "")
            .append("共享的段落，第").append(p).append("段 shared paragraph ").append(p)
            .append(" of ").append(id).append(".\n\n");
      }
      Files.writeString(dir.resolve(id + ".txt"), text);
    }
    return dir;
  }

  private static int openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) fds.count();
    }
  }

  /**
   * Files of a replaced index the process still holds, open or memory-mapped (Lucene maps index
   * files and may close their descriptors): a reader that was never released.
   */
  private static List<String> deletedIndexFiles(long pid, Path index) throws IOException {
    String folder = index.toRealPath().toString();
    TreeSet<String> deleted = new TreeSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(folder) && target.endsWith(" (deleted)")) {
            deleted.add("open " + target);
          }
        } catch (IOException e) {
          // closed between the listing and the read
        }
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
      int at = line.indexOf(folder);
      if (at >= 0 && line.endsWith(" (deleted)")) {
        deleted.add("mapped " + line.substring(at));
      }
    }
    return List.copyOf(deleted);
  }

  /** Index files the process has memory-mapped now. */
  private static long mappedIndexFiles(long pid, Path index) throws IOException {
    String folder = index.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream()
        .filter(l -> l.contains(folder)).map(l -> l.substring(l.indexOf(folder))).distinct().count();
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }
}
