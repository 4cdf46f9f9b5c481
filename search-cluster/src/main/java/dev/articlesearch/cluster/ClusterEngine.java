package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.SearchTimeoutException;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.search.Engine;
import dev.articlesearch.core.internal.search.Snapshot;
import dev.articlesearch.core.internal.search.TimeBudget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster engine: an index built by {@link ClusterIndexer}, through its alias. It holds what
 * every call shares (the connections, the alias's index description, the time budget) and makes
 * each request one clear answer or one clear exception; {@link ClusterSnapshot} asks the questions.
 *
 * <ul>
 *   <li>Failures: a node that cannot be reached, or drops the connection, is replaced by the next
 *       one (OpenSearch's REST client does that, in {@link ClusterClient}); a 5xx and an answer
 *       with failed shards are asked again, then refused (here): never returned as if complete.
 *       Every failure is a {@link ClusterException} with one line naming the cluster.
 *   <li>Time: the call's budget is sent as each search's {@code timeout} and held on this side as
 *       each request's deadline.
 * </ul>
 */
final class ClusterEngine implements Engine {
  /**
   * How long a read of the alias's index description is reused: an update in place changes it
   * (articles, commit time), and a watched corpus's change is to show within about a second.
   */
  static final Duration META_TTL = Duration.ofSeconds(1);

  private final ClusterClient http;
  private final String alias;
  private final Limits limits;
  private final TimeBudget budget;
  private volatile Meta meta;
  private volatile ParsedAliases aliases;
  private final ClusterStatistics statistics = new ClusterStatistics(this);

  /** What the index behind the alias says about itself ({@link ClusterIndexer}'s {@code _meta}). */
  record Meta(String index, String aliasesCsv, int articles, Instant committedAt, long readAt) {}

  private record ParsedAliases(String csv, Aliases aliases) {}

  ClusterEngine(List<URI> urls, String alias, Limits limits, TimeBudget budget) {
    this.http = new ClusterClient(urls, limits.timeout().plusSeconds(10));
    this.alias = alias;
    this.limits = limits;
    this.budget = budget;
  }

  String alias() {
    return alias;
  }

  ClusterStatistics statistics() {
    return statistics;
  }

  String describe() {
    return http.describe();
  }

  @Override
  public Snapshot snapshot() {
    return new ClusterSnapshot(this);
  }

  /** The alias file the index was built with, parsed once per version of it. */
  @Override
  public Aliases aliases() {
    String csv = meta(false).aliasesCsv();
    ParsedAliases a = aliases;
    if (a == null || !java.util.Objects.equals(a.csv(), csv)) {
      a = new ParsedAliases(csv, csv == null ? Aliases.NONE : Aliases.parse(Aliases.FILE_NAME, csv));
      aliases = a;
    }
    return a.aliases();
  }

  @Override
  public String where() {
    return "OpenSearch at " + http.describe() + " index " + alias;
  }

  /** See docs/scaling.md: the k-NN plugin would be the way, and it cannot be had here. */
  @Override
  public String whyNoSemanticSearch() {
    return "the OpenSearch engine has no vector search: it needs OpenSearch's k-NN plugin, which"
        + " is not published on Maven Central for OpenSearch " + OPENSEARCH_VERSION + ", and the"
        + " search-semantic module's embedder; serve an --index folder with --semantic instead";
  }

  /** The OpenSearch version the analysis plugin is built for. */
  private static final String OPENSEARCH_VERSION = "3.8.0";

  @Override
  public void close() {
    http.close();
  }

  /**
   * A search through the alias with the whole index's BM25 statistics, within the time budget.
   * An answer with failed shards is asked for once more (the coordinating node then picks other
   * copies), then refused.
   */
  JsonNode search(ObjectNode body) {
    body.put("timeout", Math.max(1, budget.remaining().toMillis()) + "ms");
    String path = "/" + alias + "/_search?search_type=dfs_query_then_fetch";
    JsonNode answer = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      answer = call("POST", path, body);
      if (answer.path("timed_out").asBoolean()) {
        throw new SearchTimeoutException(limits.timeout());
      }
      if (answer.path("_shards").path("failed").asInt() == 0) {
        return answer;
      }
    }
    JsonNode shards = answer.path("_shards");
    throw new ClusterUnavailableException("OpenSearch at " + http.describe() + " answered from "
        + shards.path("successful").asInt() + " of " + shards.path("total").asInt() + " shards of '"
        + alias + "' twice (" + reason(shards.path("failures").path(0).path("reason"))
        + "): no partial answer is given; try again", 0);
  }

  /**
   * The stored fields of paragraphs by id ({@code article/paragraph}); absent ids are left out.
   * Not real-time: what searches see (the last refresh), never an update's paragraphs before its
   * refresh makes the whole article visible at once.
   */
  Map<String, JsonNode> get(List<String> ids) {
    Map<String, JsonNode> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    var docs = body.putArray("docs");
    for (String id : ids) {
      // routed as indexed: by the article id, the part before the last '/'
      docs.addObject().put("_id", id).put("routing", id.substring(0, id.lastIndexOf('/')));
    }
    JsonNode answer = call("POST", "/" + alias + "/_mget?realtime=false&_source_includes="
        + String.join(",", ClusterSnapshot.SOURCE), body);
    for (JsonNode doc : answer.path("docs")) {
      if (doc.has("error")) {
        throw unavailable(doc.path("error"), 200);
      }
      if (doc.path("found").asBoolean()) {
        out.put(doc.path("_id").asText(), doc.path("_source"));
      }
    }
    return out;
  }

  /** One request within the budget; any answer but a 2xx becomes one clear exception. */
  JsonNode call(String method, String path, ObjectNode body) {
    ClusterClient.Answer a = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Duration left = budget.remaining();
      if (left.isZero()) {
        throw new SearchTimeoutException(limits.timeout());
      }
      try {
        // A little past the budget: the cluster's own timeout answers first when it can.
        a = http.exchange(method, path, body, left.plusMillis(200));
      } catch (ClusterClient.TimedOut e) {
        throw new SearchTimeoutException(limits.timeout());
      }
      if (a.status() / 100 == 2) {
        return a.body();
      }
      if (a.status() < 500) {
        break; // the same request gets the same refusal
      }
      // 5xx: a node failing, or no copy of a shard for a moment; once more, on the next node
    }
    throw unavailable(a.body() == null ? null : a.body().path("error"), a.status());
  }

  ClusterException unavailable(JsonNode error, int status) {
    String type = error == null ? "" : error.path("type").asText("");
    JsonNode root = error == null ? null : error.path("root_cause").path(0);
    String rootType = root == null ? "" : root.path("type").asText("");
    String where = "OpenSearch at " + http.describe();
    if (type.equals("index_not_found_exception") || rootType.equals("index_not_found_exception")) {
      return new ClusterUnavailableException(where + " has no index or alias '" + alias
          + "': build it with bin/search-server --rebuild-only --opensearch URL", status);
    }
    if (status == 429) {
      return new ClusterUnavailableException(where + " rejected the request (429, too many"
          + " requests): it is overloaded; try again shortly", status);
    }
    if (status == 503 || type.equals("search_phase_execution_exception") && status >= 500) {
      return new ClusterUnavailableException(where + " could not search '" + alias + "' ("
          + status + ", " + (rootType.isEmpty() ? type : rootType) + "): a shard has no started"
          + " copy (the cluster may be red); try again later", status);
    }
    if (status >= 500 || status == 0) {
      return new ClusterUnavailableException(where + " failed (" + status
          + (type.isEmpty() ? "" : ", " + type) + "); try again later", status);
    }
    // A refusal of this request: its reason (one line, cut short) says what to change.
    JsonNode cause = root != null && root.isObject() ? root : error;
    String why = cause == null ? "" : cause.path("reason").asText("").replaceAll("\\s+", " ");
    return new ClusterException(where + " refused the request on '" + alias + "' (" + status
        + (type.isEmpty() ? "" : ", " + (rootType.isEmpty() ? type : rootType))
        + (why.isEmpty() ? "" : ": " + (why.length() > 200 ? why.substring(0, 200) + "…" : why))
        + ")", status);
  }

  private static String reason(JsonNode reason) {
    String type = reason.path("type").asText("");
    return type.isEmpty() ? "no reason given" : type;
  }

  /**
   * The alias's index description, reread when older than {@link #META_TTL} (a rebuild moves the
   * alias to a new index with its own alias file) or when {@code fresh}.
   */
  Meta meta(boolean fresh) {
    Meta m = meta;
    if (!fresh && m != null && System.nanoTime() - m.readAt() < META_TTL.toNanos()) {
      return m;
    }
    JsonNode answer = call("GET", "/" + alias + "/_mapping", null);
    var indices = answer.properties().iterator();
    if (!indices.hasNext()) {
      throw new ClusterUnavailableException("OpenSearch at " + http.describe()
          + " has no index behind '" + alias + "'", 404);
    }
    var entry = indices.next();
    if (indices.hasNext()) {
      throw new ClusterUnavailableException("OpenSearch at " + http.describe() + ": '" + alias
          + "' names more than one index; it must name the one index a rebuild made", 0);
    }
    JsonNode info = entry.getValue().path("mappings").path("_meta").path(ClusterIndexer.META);
    if (!"complete".equals(info.path("state").asText())) {
      throw new ClusterUnavailableException("OpenSearch at " + http.describe() + ": the index "
          + entry.getKey() + " behind '" + alias + "' was not made by a finished rebuild"
          + " (bin/search-server --rebuild-only --opensearch URL)", 0);
    }
    Instant committed = null;
    try {
      committed = info.hasNonNull("committed_at") ? Instant.parse(info.path("committed_at").asText())
          : null;
    } catch (DateTimeParseException e) {
      committed = null; // shown as unknown rather than failing every call
    }
    m = new Meta(entry.getKey(), info.hasNonNull("aliases_csv") ? info.path("aliases_csv").asText()
        : null, info.path("articles").asInt(), committed, System.nanoTime());
    meta = m;
    return m;
  }
}
