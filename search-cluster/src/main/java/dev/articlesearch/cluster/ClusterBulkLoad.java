package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SkippedFile;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fills a new index version for {@link ClusterIndexer}. It is created for loading fast (no
 * replicas, no refresh) and made fit for searches only once every paragraph is in: copying the
 * loaded shards is cheaper than indexing each paragraph on every copy, and the count checked at
 * the end keeps the alias from ever moving to a version that lost some.
 */
final class ClusterBulkLoad {
  private ClusterBulkLoad() {}

  static void create(ClusterClient http, String index, int shards, Path corpus,
      String aliasFile) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    ObjectNode settings = body.putObject("settings").putObject("index");
    settings.put("number_of_shards", shards);
    settings.put("number_of_replicas", 0); // added once loaded: copying is cheaper than indexing twice
    settings.put("refresh_interval", "-1");
    ObjectNode mappings;
    try {
      mappings = (ObjectNode) ClusterClient.JSON.readTree(IndexSchema.openSearchMapping());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // Every paragraph of an article on one shard (routing = article id), so that an update's one
    // refresh makes an article's new paragraphs visible together; a write without it is refused.
    mappings.putObject("_routing").put("required", true);
    ObjectNode meta = mappings.putObject("_meta").putObject(ClusterIndexer.META);
    meta.put("state", ClusterIndexer.BUILDING);
    meta.put("format", ClusterIndexer.FORMAT);
    meta.put("heartbeat", Instant.now().toString());
    meta.put("corpus", corpus.toAbsolutePath().normalize().toString());
    if (aliasFile != null) {
      meta.put("aliases_csv", aliasFile);
    }
    body.set("mappings", mappings);
    ClusterClient.Answer a = http.exchange("PUT", "/" + index, body);
    if (a.status() != 200) {
      String text = String.valueOf(a.body());
      if (text.contains("articlesearch_") && text.contains("analyzer")) {
        throw new ClusterException("OpenSearch at " + http.describe() + " lacks this project's"
            + " analysis plugin: install search-opensearch/target/analysis-articlesearch-*.zip on"
            + " every node (bin/opensearch-plugin install file:///…zip) and restart them", a.status());
      }
      throw ClusterClient.failure("PUT", "/" + index, a);
    }
  }

  static RebuildReport load(ClusterClient http, String index, Path corpus, List<Path> files,
      Consumer<RebuildProgress> listener, long started) {
    long totalBytes = 0;
    for (Path f : files) {
      try {
        totalBytes += Files.size(f);
      } catch (IOException e) {
        // unreadable: Corpus.read reports it as skipped; the total is only for progress
      }
    }
    List<SkippedFile> skipped = new ArrayList<>();
    Bulk bulk = new Bulk(http, index, () -> ClusterVersions.heartbeat(http, index));
    int articles = 0;
    long bytes = 0;
    int handled = 0;
    for (Path file : files) {
      CorpusReader.FileResult f = CorpusReader.read(file);
      bytes += f.bytes();
      handled++;
      if (f.skipped() != null) {
        Corpus.checkStillThere(corpus);
        skipped.add(f.skipped());
      } else {
        articles++;
        bulk.index(f.article(), f.source());
        bulk.endArticle();
      }
      listener.accept(new RebuildProgress(handled, files.size(), bulk.indexed(), bytes,
          totalBytes, Duration.ofNanos(System.nanoTime() - started), false));
    }
    bulk.flush();
    Corpus.checkStillThere(corpus);
    if (articles == 0) {
      throw new CorpusException("No article could be read from " + corpus + " (" + files.size()
          + " .txt files, " + skipped.size() + " skipped): the cluster's index was left as it was");
    }
    listener.accept(new RebuildProgress(handled, files.size(), bulk.indexed(), bytes,
        totalBytes, Duration.ofNanos(System.nanoTime() - started), true));
    return new RebuildReport(corpus, articles, bulk.indexed(), bytes,
        Duration.ofNanos(System.nanoTime() - started), skipped);
  }

  /** Replicas, refresh, every copy started, every paragraph counted; then marked complete. */
  static void finish(ClusterClient http, String index, int replicas, RebuildReport report) {
    ObjectNode settings = ClusterClient.JSON.createObjectNode();
    ObjectNode s = settings.putObject("index");
    s.put("number_of_replicas", replicas);
    s.putNull("refresh_interval"); // back to the default
    http.call("PUT", "/" + index + "/_settings", settings);
    http.call("POST", "/" + index + "/_refresh", null);
    ClusterVersions.heartbeat(http, index); // the wait below may take minutes
    JsonNode health = http.call("GET", "/_cluster/health/" + index
        + "?wait_for_status=green&wait_for_no_initializing_shards=true&timeout=10m", null);
    if (health.path("timed_out").asBoolean() || !"green".equals(health.path("status").asText())) {
      throw new ClusterException("The new index " + index + " did not become green within 10"
          + " minutes (status " + health.path("status").asText() + "): the alias was not moved", 0);
    }
    long count = http.call("GET", "/" + index + "/_count", null).path("count").asLong(-1);
    if (count != report.paragraphs()) {
      throw new ClusterException("The new index " + index + " holds " + count
          + " paragraphs, not the " + report.paragraphs() + " sent: the alias was not moved", 0);
    }
    ObjectNode mapping = ClusterClient.JSON.createObjectNode();
    ObjectNode meta = mapping.putObject("_meta").putObject(ClusterIndexer.META);
    JsonNode current = ClusterVersions.meta(http, index);
    current.properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
    meta.put("state", ClusterIndexer.COMPLETE);
    meta.put("articles", report.articles());
    meta.put("paragraphs", report.paragraphs());
    meta.put("committed_at", Instant.now().toString());
    http.call("PUT", "/" + index + "/_mapping", mapping);
  }
}
