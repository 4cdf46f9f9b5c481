package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.Corpus;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.IndexSchema;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SkippedFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Rebuilds the cluster's index from a corpus folder without searches ever seeing a half-built one:
 * the corpus goes into a new index, {@code <alias>-v<UTC time>}, and only once every paragraph is
 * in it, refreshed, fully replicated and counted does the alias move to it, in one atomic step
 * that fails if another rebuild moved the alias meanwhile. Then the versions before it go, after a
 * grace period for searches still running on them. A failed or killed rebuild leaves the alias
 * where it was; its unfinished index is deleted then, or by the next rebuild.
 */
public final class ClusterIndexer {
  /** The alias searches go through, unless told otherwise. */
  public static final String DEFAULT_ALIAS = "articles";

  /** The {@code _meta} key under which an index says what it holds. */
  static final String META = "articlesearch";

  private static final String BUILDING = "building";
  private static final String COMPLETE = "complete";

  private static final Pattern ALIAS_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,200}");
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmss'-'SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * A rebuild still loading says so in its index's {@code _meta} at least this often; a version
   * whose last word is older was left by a rebuild that died, and the next rebuild deletes it.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  /** How old a loading version's heartbeat must be before another rebuild treats it as dead. */
  static final Duration STALE = Duration.ofMinutes(15);

  /** A bulk request is sent once it holds this many bytes of documents, or as many documents. */
  static final int BULK_BYTES = 4 << 20;
  static final int BULK_DOCS = 2_000;

  /**
   * Where and how to build.
   *
   * @param urls the cluster's nodes (any of them; the next is tried when one cannot be reached)
   * @param alias the alias searches use ({@value #DEFAULT_ALIAS})
   * @param shards primary shards of the new index; 0: one per data node
   * @param replicas copies of each shard beyond the primary; -1: one if there are two data nodes
   *     or more, else none
   * @param grace how long the previous versions stay after the alias has moved, for searches
   *     still running on them
   */
  public record Target(List<URI> urls, String alias, int shards, int replicas, Duration grace) {
    public Target {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("No OpenSearch URL given");
      }
      if (alias == null || !ALIAS_NAME.matcher(alias).matches()) {
        throw new IllegalArgumentException("The index alias must be lower-case letters, digits,"
            + " '-' and '_', was '" + alias + "'");
      }
      if (shards < 0 || shards > 1024) {
        throw new IllegalArgumentException("Shards must be from 0 (one per data node) to 1024, was "
            + shards);
      }
      if (replicas < -1 || replicas > 16) {
        throw new IllegalArgumentException("Replicas must be from 0 to 16 (-1: automatic), was "
            + replicas);
      }
    }

    /** The cluster at {@code urls} (comma-separated), the default alias, shards and replicas. */
    public static Target of(String urls) {
      return new Target(ClusterHttp.parseUrls("--opensearch", urls), DEFAULT_ALIAS, 0, -1,
          Duration.ofSeconds(5));
    }

    public Target withAlias(String alias) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withShards(int shards) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withReplicas(int replicas) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withGrace(Duration grace) {
      return new Target(urls, alias, shards, replicas, grace);
    }
  }

  /**
   * What a rebuild did.
   *
   * @param report the same report an embedded rebuild gives
   * @param index the new index the alias now points to
   * @param shards its primary shards
   * @param replicas its replicas of each
   * @param deleted the earlier versions removed after the move
   */
  public record Result(RebuildReport report, String index, int shards, int replicas,
      List<String> deleted) {
    public Result {
      deleted = List.copyOf(deleted);
    }
  }

  /**
   * Rebuilds, telling {@code listener} how far it has got after every file and once more before
   * the alias moves.
   *
   * @throws CorpusException if the corpus folder is missing or no article in it can be read
   * @throws ClusterException if the cluster cannot be reached or refuses a step; the alias then
   *     still points where it did
   */
  public static Result rebuild(Path corpus, Target target, Consumer<RebuildProgress> listener) {
    long started = System.nanoTime();
    List<Path> files = Corpus.files(corpus);
    String aliasFile = Corpus.aliasFile(corpus);
    ClusterHttp http = new ClusterHttp(target.urls(), Duration.ofMinutes(5));
    JsonNode health = http.call("GET", "/_cluster/health", null);
    if ("red".equals(health.path("status").asText())) {
      throw new ClusterException("OpenSearch at " + http.describe() + " is red (a primary shard"
          + " has no copy): the rebuild did not start", 0);
    }
    int dataNodes = Math.max(1, health.path("number_of_data_nodes").asInt(1));
    int shards = target.shards() == 0 ? dataNodes : target.shards();
    int replicas = target.replicas() == -1 ? Math.min(1, dataNodes - 1) : target.replicas();
    if (replicas > dataNodes - 1) {
      throw new ClusterException(replicas + " replica(s) of each shard need " + (replicas + 1)
          + " data nodes; OpenSearch at " + http.describe() + " has " + dataNodes, 0);
    }
    List<String> before = aliased(http, target.alias());
    String index = target.alias() + "-v" + VERSION.format(Instant.now());
    create(http, index, shards, corpus, aliasFile);
    RebuildReport report;
    try {
      report = load(http, index, corpus, files, listener, started);
      finish(http, index, replicas, report);
      move(http, target.alias(), before, index);
    } catch (RuntimeException e) {
      deleteQuietly(http, index);
      throw e;
    }
    List<String> deleted = removeOlder(http, target, index);
    return new Result(report, index, shards, replicas, deleted);
  }

  /** The indices the alias points to now (none if it does not exist yet). */
  private static List<String> aliased(ClusterHttp http, String alias) {
    ClusterHttp.Answer a = http.exchange("GET", "/_alias/" + alias, null);
    if (a.status() == 404) {
      ClusterHttp.Answer index = http.exchange("HEAD", "/" + alias, null);
      if (index.status() == 200) {
        throw new ClusterException("OpenSearch at " + http.describe() + " has an index named '"
            + alias + "', the name the alias needs: delete it, or choose another alias", 0);
      }
      return List.of();
    }
    if (a.status() != 200) {
      throw ClusterHttp.failure("GET", "/_alias/" + alias, a);
    }
    List<String> indices = new ArrayList<>();
    a.body().fieldNames().forEachRemaining(indices::add);
    return indices;
  }

  private static void create(ClusterHttp http, String index, int shards, Path corpus,
      String aliasFile) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    ObjectNode settings = body.putObject("settings").putObject("index");
    settings.put("number_of_shards", shards);
    settings.put("number_of_replicas", 0); // added once loaded: copying is cheaper than indexing twice
    settings.put("refresh_interval", "-1");
    ObjectNode mappings;
    try {
      mappings = (ObjectNode) ClusterHttp.JSON.readTree(IndexSchema.openSearchMapping());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode meta = mappings.putObject("_meta").putObject(META);
    meta.put("state", BUILDING);
    meta.put("heartbeat", Instant.now().toString());
    meta.put("corpus", corpus.toAbsolutePath().normalize().toString());
    if (aliasFile != null) {
      meta.put("aliases_csv", aliasFile);
    }
    body.set("mappings", mappings);
    ClusterHttp.Answer a = http.exchange("PUT", "/" + index, body);
    if (a.status() != 200) {
      String text = String.valueOf(a.body());
      if (text.contains("articlesearch_") && text.contains("analyzer")) {
        throw new ClusterException("OpenSearch at " + http.describe() + " lacks this project's"
            + " analysis plugin: install search-opensearch/target/analysis-articlesearch-*.zip on"
            + " every node (bin/opensearch-plugin install file:///…zip) and restart them", a.status());
      }
      throw ClusterHttp.failure("PUT", "/" + index, a);
    }
  }

  private static RebuildReport load(ClusterHttp http, String index, Path corpus, List<Path> files,
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
    Bulk bulk = new Bulk(http, index);
    int articles = 0;
    long bytes = 0;
    int handled = 0;
    for (Path file : files) {
      Corpus.File f = Corpus.read(file);
      bytes += f.bytes();
      handled++;
      if (f.skipped() != null) {
        Corpus.checkStillThere(corpus);
        skipped.add(f.skipped());
      } else {
        articles++;
        bulk.add(f.article());
      }
      listener.accept(new RebuildProgress(handled, files.size(), bulk.paragraphs(), bytes,
          totalBytes, Duration.ofNanos(System.nanoTime() - started), false));
    }
    bulk.flush();
    Corpus.checkStillThere(corpus);
    if (articles == 0) {
      throw new CorpusException("No article could be read from " + corpus + " (" + files.size()
          + " .txt files, " + skipped.size() + " skipped): the cluster's index was left as it was");
    }
    listener.accept(new RebuildProgress(handled, files.size(), bulk.paragraphs(), bytes,
        totalBytes, Duration.ofNanos(System.nanoTime() - started), true));
    return new RebuildReport(corpus, articles, bulk.paragraphs(), bytes,
        Duration.ofNanos(System.nanoTime() - started), skipped);
  }

  /** Newline-delimited index actions, sent in batches; any refused document fails the rebuild. */
  private static final class Bulk {
    private final ClusterHttp http;
    private final String index;
    private final StringBuilder body = new StringBuilder();
    private int docs;
    private long paragraphs;
    private long lastBeat = System.nanoTime();

    Bulk(ClusterHttp http, String index) {
      this.http = http;
      this.index = index;
    }

    long paragraphs() {
      return paragraphs;
    }

    void add(Article article) {
      for (Map<String, Object> doc : IndexSchema.openSearchDocuments(article)) {
        ObjectNode action = ClusterHttp.JSON.createObjectNode();
        action.putObject("index").put("_id", article.id() + "/" + doc.get("paragraph"));
        try {
          body.append(ClusterHttp.JSON.writeValueAsString(action)).append('\n')
              .append(ClusterHttp.JSON.writeValueAsString(doc)).append('\n');
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        docs++;
        paragraphs++;
      }
      if (docs >= BULK_DOCS || body.length() >= BULK_BYTES) {
        flush();
      }
    }

    void flush() {
      if (docs == 0) {
        return;
      }
      String path = "/" + index + "/_bulk";
      for (int attempt = 1; ; attempt++) {
        ClusterHttp.Answer a = http.exchange("POST", path, body.toString());
        if (a.status() == 429 && attempt < 8) {
          sleep(100L << attempt); // the nodes' write queues are full: give them time
          continue;
        }
        if (a.status() != 200) {
          throw ClusterHttp.failure("POST", path, a);
        }
        if (a.body().path("errors").asBoolean()) {
          JsonNode rejected = null;
          for (JsonNode item : a.body().path("items")) {
            if (item.path("index").has("error")) {
              rejected = item.path("index");
              break;
            }
          }
          if (rejected != null && rejected.path("status").asInt() == 429 && attempt < 8) {
            sleep(100L << attempt); // every document is sent again by id: nothing doubles
            continue;
          }
          JsonNode error = rejected == null ? null : rejected.path("error");
          throw new ClusterException("OpenSearch at " + a.node() + " refused paragraph "
              + (rejected == null ? "?" : rejected.path("_id").asText()) + ": "
              + (error == null ? "no reason given"
                  : error.path("type").asText() + ": " + error.path("reason").asText()), 0);
        }
        break;
      }
      body.setLength(0);
      docs = 0;
      if (System.nanoTime() - lastBeat > HEARTBEAT.toNanos()) {
        heartbeat(http, index);
        lastBeat = System.nanoTime();
      }
    }
  }

  /** Tells other rebuilds this one is alive: {@code _meta.heartbeat} is now. */
  private static void heartbeat(ClusterHttp http, String index) {
    ObjectNode mapping = ClusterHttp.JSON.createObjectNode();
    ObjectNode meta = mapping.putObject("_meta").putObject(META);
    meta(http, index).properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
    meta.put("heartbeat", Instant.now().toString());
    http.call("PUT", "/" + index + "/_mapping", mapping);
  }

  /** What an index's {@code _meta} says about it (empty if nothing). */
  private static JsonNode meta(ClusterHttp http, String index) {
    return http.call("GET", "/" + index + "/_mapping", null)
        .path(index).path("mappings").path("_meta").path(META);
  }

  /** Replicas, refresh, every copy started, every paragraph counted; then marked complete. */
  private static void finish(ClusterHttp http, String index, int replicas, RebuildReport report) {
    ObjectNode settings = ClusterHttp.JSON.createObjectNode();
    ObjectNode s = settings.putObject("index");
    s.put("number_of_replicas", replicas);
    s.putNull("refresh_interval"); // back to the default
    http.call("PUT", "/" + index + "/_settings", settings);
    http.call("POST", "/" + index + "/_refresh", null);
    heartbeat(http, index); // the wait below may take minutes
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
    ObjectNode mapping = ClusterHttp.JSON.createObjectNode();
    ObjectNode meta = mapping.putObject("_meta").putObject(META);
    JsonNode current = meta(http, index);
    current.properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
    meta.put("state", COMPLETE);
    meta.put("articles", report.articles());
    meta.put("paragraphs", report.paragraphs());
    meta.put("committed_at", Instant.now().toString());
    http.call("PUT", "/" + index + "/_mapping", mapping);
  }

  /**
   * Moves the alias from the indices it pointed to when the rebuild began to the new one, in one
   * request; {@code must_exist} makes it fail, changing nothing, if another rebuild moved it since.
   */
  private static void move(ClusterHttp http, String alias, List<String> before, String index) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (String old : before) {
      actions.addObject().putObject("remove")
          .put("index", old).put("alias", alias).put("must_exist", true);
    }
    actions.addObject().putObject("add").put("index", index).put("alias", alias);
    ClusterHttp.Answer a = http.exchange("POST", "/_aliases", body);
    if (a.status() == 404) {
      throw new ClusterException("Another rebuild moved the alias '" + alias + "' while this one"
          + " ran (it pointed to " + before + "): this rebuild's index was deleted; the alias"
          + " stays where the other put it", 404);
    }
    if (a.status() != 200) {
      throw ClusterHttp.failure("POST", "/_aliases", a);
    }
    List<String> now = aliased(http, alias);
    if (!now.equals(List.of(index))) {
      throw new ClusterException("After the move the alias '" + alias + "' points to " + now
          + ", not only to " + index + ": another rebuild ran at the same time", 0);
    }
  }

  /**
   * Deletes the versions of this alias older than {@code index} that it no longer points to and
   * no rebuild is filling: the ones it just left (complete), after the grace period, and any a
   * dead rebuild left behind (still loading, but silent for {@link #STALE}). A version another
   * rebuild is loading now, older or newer, stays: that rebuild moves the alias or deletes it.
   */
  private static List<String> removeOlder(ClusterHttp http, Target target, String index) {
    JsonNode all = http.call("GET", "/_cat/indices/" + target.alias()
        + "-v*?format=json&h=index&expand_wildcards=all", null);
    TreeSet<String> older = new TreeSet<>();
    for (JsonNode row : all) {
      String name = row.path("index").asText();
      if (name.compareTo(index) < 0 && name.matches(Pattern.quote(target.alias())
          + "-v\\d{8}-\\d{6}-\\d{3}") && !loading(meta(http, name))) {
        older.add(name);
      }
    }
    if (older.isEmpty()) {
      return List.of();
    }
    sleep(target.grace().toMillis());
    List<String> deleted = new ArrayList<>();
    for (String name : older) {
      if (aliased(http, target.alias()).contains(name)) {
        continue; // another rebuild pointed the alias back at it meanwhile
      }
      ClusterHttp.Answer a = http.exchange("DELETE", "/" + name, null);
      if (a.status() == 200 || a.status() == 404) {
        deleted.add(name);
      } else {
        throw ClusterHttp.failure("DELETE", "/" + name, a);
      }
    }
    return deleted;
  }

  /** Whether a version's rebuild is alive: still loading, and heard from within {@link #STALE}. */
  private static boolean loading(JsonNode meta) {
    if (!BUILDING.equals(meta.path("state").asText())) {
      return false;
    }
    try {
      Instant beat = Instant.parse(meta.path("heartbeat").asText());
      return beat.isAfter(Instant.now().minus(STALE));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static void deleteQuietly(ClusterHttp http, String index) {
    try {
      http.exchange("DELETE", "/" + index, null);
    } catch (RuntimeException ignored) {
      // the rebuild is failing with the more useful error; the next rebuild removes it
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted", e);
    }
  }

  private ClusterIndexer() {}
}
