package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.cluster.QueryDsl;
import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.SearchRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.apache.lucene.search.Query;

/**
 * One OpenSearch node over HTTP, as the benchmark's peer: creates the index that stands for ours
 * ({@link OpenSearchMapping}), loads our paragraphs into it and runs our searches on it.
 */
final class OpenSearchPeer implements AutoCloseable {
  /** A bulk request is sent once it holds this much: OpenSearch's advice is a few megabytes. */
  static final int BULK_BYTES = 4 << 20;

  /**
   * Totals are counted exactly up to this many, as the library counts them (and as OpenSearch
   * does by default): past it both engines stop counting.
   */
  static final int COUNT_LIMIT = SearchRequest.MAX_WINDOW;

  /** The library's longest snippet (its {@code MatchHighlighter.SNIPPET_LENGTH}), in chars. */
  static final int SNIPPET_LENGTH = 240;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(10); // a force merge takes a while

  private final URI base;
  private final HttpClient http;
  private final String searchType;

  OpenSearchPeer(URI base) {
    this(base, null);
  }

  /**
   * @param searchType the {@code search_type} of every search, e.g. {@code dfs_query_then_fetch}
   *     for scores from the statistics of every shard; null for OpenSearch's default
   */
  OpenSearchPeer(URI base, String searchType) {
    this.base = base;
    this.searchType = searchType;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The node's reply to a request: its HTTP status and its JSON. */
  record Reply(int status, JsonNode body) {}

  /** An error reply from OpenSearch, or no reply: the message holds the request and the body. */
  static final class PeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PeerException(String message) {
      super(message);
    }

    PeerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The node's version, e.g. {@code 3.8.0}. */
  String version() {
    return send("GET", "/", null, false).body().path("version").path("number").asText();
  }

  /** Deletes the index if it exists. */
  void deleteIndex(String index) {
    Reply reply = send("DELETE", "/" + index, null, true);
    if (reply.status() != 200 && reply.status() != 404) {
      throw new PeerException("DELETE /" + index + " answered " + reply.status() + ": " + reply.body());
    }
  }

  /** Creates the index: our fields and analysis, refresh off until {@link #bulkLoad} ends. */
  void createIndex(String index) {
    createIndex(index, OpenSearchMapping.indexBody());
  }

  /** Creates the index from {@code body}: its settings and mappings. */
  void createIndex(String index, ObjectNode body) {
    send("PUT", "/" + index, body, false);
  }

  /** A GET; the reply's JSON (2xx only). */
  JsonNode get(String path) {
    return send("GET", path, null, false).body();
  }

  /**
   * Sets the index's number of replicas and waits until the cluster is green again: the
   * replicas copied from the primaries' files, as OpenSearch recovers them. Returns the time taken.
   */
  Duration setReplicas(String index, int replicas) {
    long started = System.nanoTime();
    ObjectNode settings = JSON.createObjectNode();
    settings.putObject("index").put("number_of_replicas", replicas);
    send("PUT", "/" + index + "/_settings", settings, false);
    JsonNode health = send("GET", "/_cluster/health/" + index
        + "?wait_for_status=green&wait_for_no_relocating_shards=true&timeout=9m", null, true).body();
    if (!"green".equals(health.path("status").asText()) || health.path("timed_out").asBoolean()) {
      throw new PeerException("Index " + index + " was not green with " + replicas
          + " replica(s) within 9 minutes: " + health);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /**
   * What a bulk load did.
   *
   * @param documents paragraphs indexed
   * @param bytes bulk request bodies sent (NDJSON)
   * @param load from the first article read to the last bulk answered
   * @param refresh making the documents searchable
   * @param forceMerge merging to one segment, or zero when not asked for
   */
  record BulkReport(long documents, long bytes, Duration load, Duration refresh, Duration forceMerge) {
    double documentsPerSecond() {
      return documents / seconds(load);
    }

    double megabytesPerSecond() {
      return bytes / 1e6 / seconds(load);
    }

    private static double seconds(Duration d) {
      return Math.max(1e-9, d.toNanos() / 1e9);
    }
  }

  /**
   * Loads every paragraph of {@code source} into {@code index} (made by {@link #createIndex}),
   * read through the library's public API so ids, numbers, text and titles are exactly ours; then
   * refreshes, optionally merges to one segment, and turns periodic refresh back on.
   *
   * @param concurrency bulk requests in flight at once (OpenSearch indexes each on one thread)
   */
  BulkReport bulkLoad(ArticleIndex source, String index, int concurrency, boolean forceMerge) {
    return bulkLoad(source, index, concurrency, forceMerge, OpenSearchPeer::documents);
  }

  /** The documents of an article for {@link OpenSearchMapping}'s index. */
  private static List<ObjectNode> documents(Article article) {
    List<ObjectNode> docs = new ArrayList<>();
    for (Paragraph p : article.paragraphs()) {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("article_id", article.id());
      doc.put("paragraph", p.number());
      doc.put("text", p.text());
      doc.put("display_title", article.title());
      if (!article.titleDerived()) {
        doc.put("title", article.title()); // a derived title repeats the text: never scored
      }
      docs.add(doc);
    }
    return docs;
  }

  /**
   * As {@link #bulkLoad(ArticleIndex, String, int, boolean)}, each article sent as the documents
   * {@code documentsOf} makes of it (objects Jackson writes as JSON, e.g. {@code
   * IndexSchema::openSearchDocuments} for an index with {@code IndexSchema}'s mapping).
   */
  BulkReport bulkLoad(ArticleIndex source, String index, int concurrency, boolean forceMerge,
      Function<Article, ? extends List<?>> documentsOf) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("Parameter 'concurrency' must be at least 1, not " + concurrency);
    }
    long started = System.nanoTime();
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    ByteArrayOutputStream batch = new ByteArrayOutputStream(BULK_BYTES + (BULK_BYTES >> 2));
    byte[] action = "{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8);
    long documents = 0;
    long bytes = 0;
    for (ArticleSummary summary : source.articles()) {
      Article article = source.article(summary.id()).orElseThrow(
          () -> new IllegalStateException("Article " + summary.id() + " vanished during the load"));
      for (Object doc : documentsOf.apply(article)) {
        batch.writeBytes(action);
        batch.writeBytes(toBytes(doc));
        batch.write('\n');
        documents++;
      }
      if (batch.size() >= BULK_BYTES) {
        bytes += batch.size();
        inFlight.add(sendBulk(index, batch.toByteArray(), slots));
        batch.reset();
        for (Iterator<CompletableFuture<Void>> it = inFlight.iterator(); it.hasNext(); ) {
          CompletableFuture<Void> f = it.next();
          if (f.isDone()) {
            join(f); // fails the load as soon as one request failed
            it.remove();
          }
        }
      }
    }
    if (batch.size() > 0) {
      bytes += batch.size();
      inFlight.add(sendBulk(index, batch.toByteArray(), slots));
    }
    for (CompletableFuture<Void> f : inFlight) {
      join(f);
    }
    long loaded = System.nanoTime();
    send("POST", "/" + index + "/_refresh", null, false);
    long refreshed = System.nanoTime();
    if (forceMerge) {
      send("POST", "/" + index + "/_forcemerge?max_num_segments=1", null, false);
    }
    long merged = System.nanoTime();
    ObjectNode settings = JSON.createObjectNode();
    settings.putObject("index").putNull("refresh_interval"); // back to the default, 1 s
    send("PUT", "/" + index + "/_settings", settings, false);
    return new BulkReport(documents, bytes, Duration.ofNanos(loaded - started),
        Duration.ofNanos(refreshed - loaded), Duration.ofNanos(merged - refreshed));
  }

  /** Sends one bulk body once a slot is free; fails if any document failed. */
  private CompletableFuture<Void> sendBulk(String index, byte[] body, Semaphore slots) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerException("Interrupted during the bulk load", e);
    }
    HttpRequest request = request("POST", "/" + index + "/_bulk")
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((r, e) -> slots.release())
        .thenApply(r -> {
          JsonNode reply = parse("POST /" + index + "/_bulk", r);
          if (r.statusCode() != 200) {
            throw new PeerException("POST /" + index + "/_bulk answered " + r.statusCode() + ": " + reply);
          }
          if (reply.path("errors").asBoolean()) {
            for (JsonNode item : reply.path("items")) {
              JsonNode error = item.path("index").path("error");
              if (!error.isMissingNode()) {
                throw new PeerException("A document of a bulk request failed: " + error);
              }
            }
            throw new PeerException("A bulk request reported errors: " + reply);
          }
          return null;
        });
  }

  /**
   * One search as the library runs it: the tiers in order, a tier ranked only while the page is
   * not full, and counted otherwise, the totals added (as {@code ArticleIndex}'s paragraph page).
   *
   * @param tiers the library's queries, from {@code ArticleIndex.queryTiers}
   * @param size hits wanted (the library's {@code offset + limit})
   * @param highlight ask for a snippet per hit, as the library always makes one
   */
  PeerResult search(String index, List<Query> tiers, int size, boolean highlight) {
    return search(index, tiers, size, highlight,
        withSearchType((target, body) -> send("POST", target, body, false).body(), searchType));
  }

  /**
   * {@code transport} with {@code search_type=type} added to every search, or itself for a null
   * type.
   */
  static Transport withSearchType(Transport transport, String type) {
    if (type == null) {
      return transport;
    }
    String parameter = "search_type=" + type;
    return (target, body) -> transport.post(
        target + (target.contains("?") ? "&" : "?") + parameter, body);
  }

  /** How a search reaches the node: this peer's client, or a load client's own connection. */
  @FunctionalInterface
  interface Transport {
    /** POSTs {@code body} to {@code target}; the reply's JSON, or an exception for an error. */
    JsonNode post(String target, ObjectNode body) throws IOException;
  }

  /** As {@link #search(String, List, int, boolean)}, through {@code transport}. */
  static PeerResult search(String index, List<Query> tiers, int size, boolean highlight,
      Transport transport) {
    if (size < 1) {
      throw new IllegalArgumentException("Parameter 'size' must be at least 1, not " + size);
    }
    long started = System.nanoTime();
    long total = 0;
    long took = 0;
    List<String> keys = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    List<String> snippets = new ArrayList<>();
    for (Query tier : tiers) {
      ObjectNode dsl = QueryDsl.of(tier);
      if (keys.size() >= size) {
        // Counted only. Not _count: a size-0 search can be told not to use the request cache,
        // which would answer a repeated count without running it (the library has no such cache).
        ObjectNode count = JSON.createObjectNode();
        count.set("query", dsl);
        count.put("size", 0);
        count.put("track_total_hits", Math.max(1, COUNT_LIMIT - total));
        JsonNode reply = post(transport, "/" + index + "/_search?request_cache=false", count);
        took += reply.path("took").asLong();
        total += reply.path("hits").path("total").path("value").asLong();
        continue;
      }
      JsonNode reply = post(transport, "/" + index + "/_search?request_cache=false",
          searchBody(dsl, size - keys.size(), Math.max(size, COUNT_LIMIT - total), highlight));
      took += reply.path("took").asLong();
      total += reply.path("hits").path("total").path("value").asLong();
      for (JsonNode hit : reply.path("hits").path("hits")) {
        JsonNode source = hit.path("_source");
        keys.add(source.path("article_id").asText() + "#" + source.path("paragraph").asInt());
        scores.add((float) hit.path("_score").asDouble());
        JsonNode fragments = hit.path("highlight");
        String snippet = fragments.path("text").path(0).asText(fragments.path("text.cjk").path(0).asText(""));
        snippets.add(snippet);
      }
    }
    return new PeerResult(total, keys, scores, snippets, took, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * A page of hits from the peer.
   *
   * @param total every matching paragraph, all tiers
   * @param keys {@code articleId#paragraph} of each hit, in rank order
   * @param scores each hit's {@code _score}
   * @param snippets each hit's highlighted fragment ({@code <mark>}), empty without highlighting
   * @param tookMillis the node's own timing ({@code took}), added over the requests
   * @param elapsed measured here, HTTP and JSON included
   */
  record PeerResult(
      long total, List<String> keys, List<Float> scores, List<String> snippets, long tookMillis,
      Duration elapsed) {
    PeerResult {
      keys = List.copyOf(keys);
      scores = List.copyOf(scores);
      snippets = List.copyOf(snippets);
    }
  }

  /**
   * Sorted as the library's {@code Ranking}: score, then article id, then paragraph, so ties
   * come out in the same order; totals exact up to {@code countUpTo}, as ours are.
   */
  private static ObjectNode searchBody(ObjectNode dsl, int size, long countUpTo, boolean highlight) {
    ObjectNode body = JSON.createObjectNode();
    body.set("query", dsl);
    body.put("size", size);
    body.put("track_total_hits", countUpTo);
    body.put("track_scores", true);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put("_score", "desc");
    sort.addObject().put("article_id", "asc");
    sort.addObject().put("paragraph", "asc");
    body.putArray("_source").add("article_id").add("paragraph").add("display_title").add("text");
    if (highlight) {
      ObjectNode h = body.putObject("highlight");
      h.put("type", "unified"); // offsets from the postings, as the library's highlighter
      h.putArray("pre_tags").add("<mark>");
      h.putArray("post_tags").add("</mark>");
      h.put("encoder", "html"); // the library escapes the text around its tags too
      ObjectNode fields = h.putObject("fields");
      for (String field : List.of("text", "text.cjk")) {
        ObjectNode f = fields.putObject(field);
        f.put("fragment_size", SNIPPET_LENGTH);
        f.put("number_of_fragments", 1);
      }
    }
    return body;
  }

  /** How OpenSearch analyses {@code text} for one field of the index ({@code _analyze}). */
  List<AnalyzedToken> analyze(String index, String field, String text) {
    ObjectNode body = JSON.createObjectNode();
    body.put("field", field);
    body.put("text", text);
    JsonNode reply = send("POST", "/" + index + "/_analyze", body, false).body();
    List<AnalyzedToken> tokens = new ArrayList<>();
    for (JsonNode t : reply.path("tokens")) {
      tokens.add(new AnalyzedToken(field, t.path("token").asText(), t.path("start_offset").asInt(),
          t.path("end_offset").asInt(), t.path("position").asInt()));
    }
    return tokens;
  }

  /** A request; with {@code tolerant}, any status is returned, otherwise only 2xx. */
  private static JsonNode post(Transport transport, String target, ObjectNode body) {
    try {
      return transport.post(target, body);
    } catch (IOException e) {
      throw new PeerException("POST " + target + " failed: " + e, e);
    }
  }

  /** A transport over one keep-alive connection of a load client. */
  static Transport over(RawHttp http) {
    return (target, body) -> {
      RawHttp.Response r = http.post(target, JSON.writeValueAsString(body));
      if (r.status() != 200) {
        throw new IOException("POST " + target + " answered " + r.status() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    };
  }

  private Reply send(String method, String path, JsonNode body, boolean tolerant) {
    HttpRequest.Builder b = request(method, path);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(toBytes(body)));
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PeerException(method + " " + base.resolve(path) + " failed: " + e
          + " (is OpenSearch running? bench/opensearch start)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerException(method + " " + path + " was interrupted", e);
    }
    JsonNode reply = parse(method + " " + path, r);
    if (!tolerant && r.statusCode() / 100 != 2) {
      throw new PeerException(method + " " + path + " answered " + r.statusCode() + ": " + reply);
    }
    return new Reply(r.statusCode(), reply);
  }

  private HttpRequest.Builder request(String method, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
  }

  private static JsonNode parse(String what, HttpResponse<byte[]> r) {
    try {
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new PeerException(what + " answered " + r.statusCode() + " with no JSON: "
          + new String(r.body(), StandardCharsets.UTF_8), e);
    }
  }

  private static byte[] toBytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree in memory always serialises
    }
  }

  private static void join(CompletableFuture<Void> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerException("Interrupted during the bulk load", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PeerException p ? p
          : new PeerException("A bulk request failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
