package dev.articlesearch.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.opensearch.OpenSearchCluster;
import dev.articlesearch.opensearch.OpenSearchCluster.Cluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updating the cluster's index in place: what it costs when nothing changed, what a search sees
 * while it runs, an index of an earlier version, and an update killed part way.
 * {@link ClusterUpdateEquivalenceIT} checks the answers of an updated index.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterUpdateIT {
  private static final Pattern VERSION = Pattern.compile("版本(\\p{Upper})");

  @Test
  void anUpdateWithNothingChangedSendsNothing(Cluster opensearch, @TempDir Path dir)
      throws IOException {
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS, TestCorpora.CHINESE);
    ClusterIndexer.Target target = target(opensearch, "update-quiet");
    ClusterIndexer.rebuild(corpus, target, p -> {});
    ClusterClient http = client(opensearch);
    try {
      JsonNode before = indexing(http, "update-quiet");
      UpdateReport r = ClusterUpdater.update(corpus, target, p -> {});
      assertEquals(List.of(0, 0, 0, 6), List.of(r.added(), r.changed(), r.removed(),
          r.unchanged()), r.toString());
      assertEquals(before, indexing(http, "update-quiet"), "no document indexed or deleted");
      assertTrue(settings(http, "update-quiet").path("refresh_interval").isMissingNode(),
          "the refresh setting was never touched");
      System.out.printf(Locale.ROOT, "Cluster update with nothing changed: %d ms%n",
          r.took().toMillis());
    } finally {
      http.close();
    }
  }

  @Test
  void anIndexOfAnEarlierVersionIsRebuiltSayingSo(Cluster opensearch, @TempDir Path dir)
      throws IOException {
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS, TestCorpora.CHINESE);
    ClusterIndexer.Target target = target(opensearch, "update-old");
    String old = ClusterIndexer.rebuild(corpus, target, p -> {}).index();
    ClusterClient http = client(opensearch);
    try {
      // What an earlier version wrote: its _meta without the format (its paragraphs not routed).
      ObjectNode mapping = ClusterClient.JSON.createObjectNode();
      ObjectNode meta = mapping.putObject("_meta").putObject(ClusterIndexer.META);
      ClusterVersions.meta(http, old).properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
      meta.remove("format");
      http.call("PUT", "/" + old + "/_mapping", mapping);

      UpdateReport r = ClusterUpdater.update(corpus, target, p -> {});
      assertTrue(r.rebuilt(), r.toString());
      assertEquals(6, r.added());
      List<String> now = ClusterVersions.aliased(http, "update-old");
      assertNotEquals(List.of(old), now);
      assertEquals(ClusterIndexer.FORMAT,
          ClusterVersions.meta(http, now.get(0)).path("format").asText());
      UpdateReport again = ClusterUpdater.update(corpus, target, p -> {});
      assertEquals(6, again.unchanged(), again.toString());
    } finally {
      http.close();
    }
  }

  @Test
  void noAliasYetIsRefusedAsSuch(Cluster opensearch, @TempDir Path dir) throws IOException {
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS);
    var e = assertThrows(ClusterUpdater.NoIndexException.class,
        () -> ClusterUpdater.update(corpus, target(opensearch, "update-none"), p -> {}));
    assertEquals("OpenSearch at " + opensearch.nodeUris().get(0) + " (+2 more) has no index"
        + " 'update-none' to update: build it with a rebuild first", e.getMessage());
  }

  /**
   * Searches run all the time while updates rewrite every article with another number of
   * paragraphs, in bulk requests of 10 paragraphs: no search sees an article with paragraphs of
   * two versions, or with the wrong number of paragraphs for its version.
   */
  @Test
  void aSearchDuringAnUpdateNeverSeesAnArticleHalfUpdated(Cluster opensearch, @TempDir Path dir)
      throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    int articles = 24;
    Map<String, Integer> paragraphs = Map.of("A", 20, "B", 13);
    write(corpus, articles, "A", paragraphs.get("A"));
    ClusterIndexer.Target target = target(opensearch, "update-mix");
    ClusterIndexer.rebuild(corpus, target, p -> {});
    ClusterClient http = client(opensearch);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger searches = new AtomicInteger();
    AtomicInteger acrossShards = new AtomicInteger();
    List<String> mixed = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread searcher = new Thread(() -> {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      body.put("size", 1000);
      body.putArray("_source").add("article_id").add("text");
      while (!done.get()) {
        JsonNode hits = http.call("POST", "/update-mix/_search", body).path("hits").path("hits");
        Map<String, Set<String>> versions = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode h : hits) {
          String id = h.path("_source").path("article_id").asText();
          Matcher m = VERSION.matcher(h.path("_source").path("text").asText());
          versions.computeIfAbsent(id, k -> new TreeSet<>()).add(m.find() ? m.group(1) : "?");
          counts.merge(id, 1, Integer::sum);
        }
        Set<String> seen = new TreeSet<>();
        versions.forEach((id, v) -> {
          seen.addAll(v);
          if (v.size() != 1 || !counts.get(id).equals(paragraphs.get(v.iterator().next()))) {
            mixed.add(id + " " + v + " " + counts.get(id) + " paragraphs");
          }
        });
        if (versions.size() != articles) {
          mixed.add(versions.size() + " articles");
        }
        if (seen.size() > 1) {
          acrossShards.incrementAndGet(); // articles of both versions: allowed, shard by shard
        }
        searches.incrementAndGet();
      }
    });
    searcher.start();
    try {
      for (String v : List.of("B", "A", "B", "A")) {
        write(corpus, articles, v, paragraphs.get(v));
        Thread.sleep(300); // past the reader's quiet time
        UpdateReport r = ClusterUpdater.update(corpus, target, p -> {}, 10);
        assertEquals(articles, r.changed(), r.toString());
      }
    } finally {
      done.set(true);
      searcher.join();
      http.close();
    }
    System.out.printf(Locale.ROOT, "Searches during 4 updates: %d, %d of them saw articles of"
        + " both versions (shards refreshed one after the other), %d saw an article half"
        + " updated%n", searches.get(), acrossShards.get(), mixed.size());
    assertTrue(searches.get() >= 20, "searches: " + searches.get());
    assertEquals(List.of(), mixed);
  }

  /**
   * An update killed (SIGKILL) after part of its articles were sent leaves the refresh paused and
   * its lock; a second update meanwhile is refused; the next one after the kill takes the lock
   * over, and leaves the index equal to a rebuild of the corpus.
   */
  @Test
  void theUpdateAfterAKilledUpdateCompletesItsWork(Cluster opensearch, @TempDir Path dir)
      throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    int articles = 30;
    write(corpus, articles, "A", 12);
    ClusterIndexer.Target target = target(opensearch, "update-killed");
    ClusterIndexer.rebuild(corpus, target, p -> {});
    write(corpus, articles, "B", 9);
    Thread.sleep(300);
    String urls = opensearch.nodeUris().stream().map(URI::toString)
        .collect(Collectors.joining(","));
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), SlowUpdate.class.getName(),
        corpus.toString(), urls, "update-killed").redirectErrorStream(true).start();
    ClusterClient http = client(opensearch);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("file 12")) {
        // its progress, one line per file
      }
      assertEquals("file 12", line, "the child update's output ended early");
      var refused = assertThrows(ClusterException.class,
          () -> ClusterUpdater.update(corpus, target, p -> {}));
      assertTrue(refused.getMessage().startsWith("Another update of the index behind"
          + " 'update-killed' is running (process " + child.pid()), refused.getMessage());
      child.destroyForcibly().waitFor();
      String index = ClusterVersions.aliased(http, "update-killed").get(0);
      assertEquals("-1", settings(http, index).path("refresh_interval").asText(),
          "the killed update left the refresh paused");

      UpdateReport r = ClusterUpdater.update(corpus, target, p -> {});
      assertEquals(articles, r.changed() + r.unchanged(), r.toString());
      assertTrue(r.unchanged() > 0 && r.changed() > 0, "the killed update wrote some: " + r);
      assertTrue(settings(http, index).path("refresh_interval").isMissingNode());
      assertEquals(404, http.exchange("GET", "/" + UpdateLock.index("update-killed")
          + "/_doc/update-killed", null).status(), "the lock is released");

      ArticleIndex.rebuild(corpus, dir.resolve("index"));
      Limits limits = Limits.DEFAULTS.withTimeout(Duration.ofSeconds(30));
      try (ArticleIndex embedded = ArticleIndex.open(dir.resolve("index"), limits);
          ClusterSearch cluster = ClusterSearch.open(opensearch.nodeUris(), "update-killed",
              limits)) {
        assertEquals(embedded.articles(), cluster.articles());
        for (var a : embedded.articles()) {
          assertEquals(embedded.article(a.id()), cluster.article(a.id()));
        }
        assertEquals(embedded.stats().paragraphs(), cluster.stats().paragraphs());
        assertEquals(articles, cluster.stats().articles());
      }
    } finally {
      child.destroyForcibly();
      http.close();
    }
  }

  /** The child JVM's update: one file at a time, slowly, in bulk requests of 10 paragraphs. */
  static final class SlowUpdate {
    public static void main(String[] args) {
      ClusterIndexer.Target target = ClusterIndexer.Target.of(args[1]).withAlias(args[2]);
      ClusterUpdater.update(Path.of(args[0]), target, p -> {
        if (!p.committing()) {
          System.out.println("file " + p.files());
          System.out.flush();
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }, 10);
    }
  }

  /**
   * Files changed while a rebuild reads the folder, after it read them (one rewritten, one
   * deleted) or after it listed it (one added), and written by an update, as a watching server's
   * would be, into the index the alias still points to: once the rebuild has moved the alias to
   * its new index, that index holds them too, so nothing is lost with the old one.
   */
  @Test
  void aRebuildKeepsWhatChangedWhileItReadTheFolder(Cluster opensearch, @TempDir Path dir)
      throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    write(corpus, 8, "A", 2);
    ClusterIndexer.Target target = target(opensearch, "update-during-rebuild");
    String old = ClusterIndexer.rebuild(corpus, target, p -> {}).index();
    AtomicBoolean changed = new AtomicBoolean();
    ClusterIndexer.Result rebuilt = ClusterIndexer.rebuild(corpus, target, p -> {
      if (p.files() == 4 && changed.compareAndSet(false, true)) {
        try {
          write(corpus, 1, "B", 3); // a01, read already: 3 paragraphs now
          Files.delete(corpus.resolve("a02.txt"));
          Files.writeString(corpus.resolve("a09.txt"), "文章9\n-\n新的一篇：智谱。\n", UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        UpdateReport u = ClusterUpdater.update(corpus, target, q -> {});
        assertEquals(List.of(1, 1, 1), List.of(u.added(), u.changed(), u.removed()), u.toString());
      }
    });
    assertTrue(changed.get(), "the folder was never changed during the rebuild");
    ClusterClient http = client(opensearch);
    try {
      assertEquals(List.of(rebuilt.index()), ClusterVersions.aliased(http, "update-during-rebuild"));
      assertNotEquals(old, rebuilt.index());
      assertEquals(List.of(3L, 0L, 1L, 2L), List.of(paragraphsOf(http, "a01"),
          paragraphsOf(http, "a02"), paragraphsOf(http, "a09"), paragraphsOf(http, "a08")));
      UpdateReport after = ClusterUpdater.update(corpus, target, p -> {});
      assertEquals(List.of(0, 0, 0, 8), List.of(after.added(), after.changed(), after.removed(),
          after.unchanged()), after.toString());
    } finally {
      http.close();
    }
  }

  /** The paragraphs of article {@code id} that searches through the alias see. */
  private static long paragraphsOf(ClusterClient http, String id) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.putObject("query").putObject("term").put("article_id", id);
    return http.call("POST", "/update-during-rebuild/_count", body).path("count").asLong();
  }

  /** {@code n} articles of version {@code v}, each of {@code paragraphs} paragraphs. */
  private static void write(Path corpus, int n, String v, int paragraphs) throws IOException {
    for (int a = 1; a <= n; a++) {
      StringBuilder text = new StringBuilder("文章" + a + "\n-\n");
      for (int p = 1; p <= paragraphs; p++) {
        text.append("第").append(a).append("篇文章的版本").append(v).append("第").append(p)
            .append("段：智谱与清华大学的共同研究。\n");
      }
      Path tmp = corpus.resolve(".a" + a + ".tmp");
      Files.writeString(tmp, text, UTF_8);
      Files.move(tmp, corpus.resolve(String.format(Locale.ROOT, "a%02d.txt", a)),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ClusterIndexer.Target target(Cluster opensearch, String alias) {
    return new ClusterIndexer.Target(opensearch.nodeUris(), alias, 3, 1, Duration.ZERO);
  }

  private static ClusterClient client(Cluster opensearch) {
    return new ClusterClient(opensearch.nodeUris(), Duration.ofSeconds(60));
  }

  /** Documents indexed and deleted on the primaries, ever. */
  private static JsonNode indexing(ClusterClient http, String alias) {
    JsonNode i = http.call("GET", "/" + alias + "/_stats/indexing", null)
        .path("_all").path("primaries").path("indexing");
    return ClusterClient.JSON.createObjectNode().put("index_total", i.path("index_total").asLong())
        .put("delete_total", i.path("delete_total").asLong());
  }

  private static JsonNode settings(ClusterClient http, String index) {
    JsonNode s = http.call("GET", "/" + index + "/_settings", null);
    return s.elements().next().path("settings").path("index");
  }
}
