package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.ArticleIndex;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --update}, {@code --update-only} and {@code --watch} as an operator meets them: the
 * report, the refusals (no index yet, another writer, flags that do not go together), and a
 * served index following its folder by itself.
 */
class UpdateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SERVING = Pattern.compile(
      "Serving (\\d+) articles?, (\\d+) paragraphs? at http://127\\.0\\.0\\.1:(\\d+)/ \\(started in \\d+ ms\\)");

  private static MainTest.Result run(String... args) {
    return MainTest.run(args);
  }

  private static Path corpus(Path dir) throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("zh_news.txt"),
        "人工智能新闻\n---\n北京的研究人员发布了新的语言模型。\n\nThe model was released in Beijing.\n");
    Files.writeString(corpus.resolve("mixed.txt"),
        "上海的地铁非常方便，每天有很多乘客。\n\n第二段：交通系统 metro system.\n\n第三段，最后一段。\n");
    return corpus;
  }

  @Test
  void updateOnlyReportsWhatChangedAndExitsZero(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path index = dir.resolve("index");
    ArticleIndex.rebuild(corpus, index);
    Files.writeString(corpus.resolve("new.txt"), "深度求索发布了新模型。\n");
    Files.delete(corpus.resolve("mixed.txt"));

    MainTest.Result r = run("--update-only", "--corpus", corpus.toString(), "--index", index.toString());

    assertEquals(0, r.status(), r::toString);
    assertEquals(List.of(), r.err());
    assertTrue(r.out().get(r.out().size() - 1).matches(Pattern.quote("Updated " + index + " from "
        + corpus + ": 1 added, 0 changed, 1 removed, 1 unchanged article(s); 1 paragraph added,"
        + " 3 paragraphs removed in ") + "\\d+\\.\\d s"), r::toString);
    try (ArticleIndex updated = ArticleIndex.open(index)) {
      assertEquals(1, updated.search("深度求索").total());
      assertEquals(0, updated.search("地铁").total());
    }
  }

  @Test
  void updateWithoutAnIndexYetExitsTwoSayingToRebuild(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path index = dir.resolve("index");
    for (String flag : List.of("--update", "--update-only")) {
      MainTest.Result r = run(flag, "--port", "0", "--corpus", corpus.toString(), "--index", index.toString());
      assertEquals(2, r.status(), r::toString);
      assertEquals(List.of("search-server: " + flag + ": there is no index in " + index
          + " yet; build it with --rebuild (see --help)"), r.err());
      assertTrue(Files.notExists(index));
    }
  }

  @Test
  void updateOnlyWhileAnotherWriterHoldsTheIndexExitsOneNamingTheFlagAndTheLock(@TempDir Path dir)
      throws IOException {
    Path corpus = corpus(dir);
    Path index = dir.resolve("index");
    ArticleIndex.rebuild(corpus, index);
    try (FSDirectory d = FSDirectory.open(index);
        IndexWriter other = new IndexWriter(d, new IndexWriterConfig())) {
      MainTest.Result r = run("--update-only", "--corpus", corpus.toString(), "--index", index.toString());
      assertEquals(1, r.status(), r::toString);
      assertEquals(List.of("search-server: --update-only: Another rebuild or update is writing "
          + index + " (write.lock held): try again when it has finished"), r.err());
      other.rollback();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --rebuild --update                            | --rebuild and --update cannot be used together
      --update-only --rebuild-only                  | --rebuild-only and --update-only cannot be used together
      --watch --update-only                         | --watch keeps a served index in sync: it cannot be used with --update-only
      --watch --rebuild-only                        | --watch keeps a served index in sync: it cannot be used with --rebuild-only
      """)
  void flagsThatDoNotGoTogetherExitTwoNamingThem(String args, String message) {
    MainTest.Result r = run(args.split(" "));
    assertEquals(2, r.status(), r::toString);
    assertEquals(List.of("search-server: " + message + " (see --help)"), r.err());
  }

  /** A child JVM serving with --watch: the corpus folder is the only thing the test changes. */
  @Test
  void aWatchedServerFollowsItsFolderInSearchArticlesAndHealth(@TempDir Path work)
      throws Exception {
    Path corpus = corpus(work);
    HttpClient http = HttpClient.newHttpClient();
    try (ServerProcess server = ServerProcess.start(work, "--port", "0", "--index", "index",
        "--corpus", "corpus", "--watch")) {
      Matcher serving = server.awaitOut(SERVING, Duration.ofSeconds(30));
      int port = Integer.parseInt(serving.group(3));

      Path tmp = corpus.resolve(".new.txt.tmp");
      Files.writeString(tmp, "智谱\n-\n智谱AI发布了新的大模型。\n");
      Files.move(tmp, corpus.resolve("zh_new.txt"), StandardCopyOption.ATOMIC_MOVE);
      long written = System.nanoTime();
      eventually(() -> total(http, port, "智谱") == 1, Duration.ofSeconds(10), server);
      System.out.printf("watched server: a new file searchable after %d ms%n",
          (System.nanoTime() - written) / 1_000_000);
      assertTrue(body(http, port, "/api/articles").toString().contains("\"zh_new\""));
      assertEquals(3, body(http, port, "/api/health").path("articles").asInt(),
          () -> server.transcript());

      Files.delete(corpus.resolve("zh_new.txt"));
      eventually(() -> total(http, port, "智谱") == 0, Duration.ofSeconds(10), server);
      assertEquals(2, body(http, port, "/api/health").path("articles").asInt());
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void eventually(Check check, Duration within, ServerProcess server)
      throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + within + "\n" + server.transcript());
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode body(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static int total(HttpClient http, int port, String q) throws Exception {
    return body(http, port, "/api/search?q=" + URLEncoder.encode(q, UTF_8)).path("total").asInt();
  }
}
