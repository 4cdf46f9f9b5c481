package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.InvalidQueryException;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.highlight.ParagraphIndex;
import dev.articlesearch.core.internal.highlight.ParagraphMatcher;
import dev.articlesearch.core.internal.related.RelatedQueries;
import dev.articlesearch.core.internal.schema.IndexSchema;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import dev.articlesearch.core.internal.search.Ranked;
import dev.articlesearch.core.internal.search.Snapshot;
import dev.articlesearch.core.internal.search.TopHits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * One call's questions to the cluster: the embedded engine's query tiers translated by {@link
 * QueryDsl} and ranked with {@code dfs_query_then_fetch}, so BM25 uses the whole index's
 * statistics as one Lucene index does, in the same order (score, article id, paragraph). Matches
 * and snippets are found in each returned paragraph by the library's own highlighter over a
 * one-paragraph index ({@link ParagraphIndex}), so offsets are exact, never guessed from the
 * cluster's highlight fragments. Each request answers from the cluster's current refresh.
 */
final class ClusterSnapshot implements Snapshot {
  /** Hits per request when every match is read (grouping, an article's paragraphs). */
  static final int SCAN_PAGE = 5_000;

  /** The stored fields a paragraph is read with. */
  static final String[] SOURCE = {IndexSchema.ARTICLE_ID, IndexSchema.PARAGRAPH,
      IndexSchema.TEXT, IndexSchema.DISPLAY_TITLE, IndexSchema.TITLE_DERIVED};

  private final ClusterEngine engine;
  private final Map<Query, ObjectNode> dsl = new IdentityHashMap<>();
  private final ParagraphMatcher matcher = new ParagraphMatcher();

  ClusterSnapshot(ClusterEngine engine) {
    this.engine = engine;
  }

  @Override
  public TopHits top(Query query, int n, int countLimit) {
    ObjectNode body = ranking(dsl(query), n, Math.max(n, countLimit));
    body.putArray("_source").addAll(sourceFields());
    JsonNode answer = engine.search(body);
    JsonNode total = answer.path("hits").path("total");
    List<Ranked> hits = new ArrayList<>(n);
    for (JsonNode h : answer.path("hits").path("hits")) {
      hits.add(ranked(h, true));
    }
    return new TopHits(total.path("value").asLong(), "eq".equals(total.path("relation").asText()),
        hits);
  }

  @Override
  public long count(Query query, int limit) {
    return count(dsl(query), limit);
  }

  /** The number of matches, or {@code limit} if there are at least as many. */
  private long count(ObjectNode query, int limit) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.set("query", query);
    body.put("size", 0);
    body.put("track_total_hits", limit);
    return Math.min(limit, engine.search(body).path("hits").path("total").path("value").asLong());
  }

  /** Page after page ({@code search_after}), without stored fields. */
  @Override
  public List<Ranked> all(Query query) {
    List<Ranked> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode body = ranking(dsl(query), SCAN_PAGE, 0);
      body.put("track_total_hits", false);
      body.put("_source", false);
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits = engine.search(body).path("hits").path("hits");
      for (JsonNode h : hits) {
        out.add(ranked(h, false));
      }
      if (hits.size() < SCAN_PAGE) {
        return out;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
  }

  @Override
  public List<StoredParagraph> fetch(List<Ranked> hits) {
    List<String> missing = new ArrayList<>();
    for (Ranked r : hits) {
      if (r.stored() == null) {
        missing.add(id(r.articleId(), r.paragraph()));
      }
    }
    Map<String, JsonNode> sources = engine.get(missing);
    List<StoredParagraph> out = new ArrayList<>(hits.size());
    for (Ranked r : hits) {
      if (r.stored() != null) {
        out.add(r.stored());
        continue;
      }
      JsonNode source = sources.get(id(r.articleId(), r.paragraph()));
      if (source == null) {
        throw new ClusterUnavailableException("OpenSearch at " + engine.describe() + " ranked "
            + id(r.articleId(), r.paragraph()) + " in '" + engine.alias() + "' but then did not"
            + " find it: the index changed during the search; try again", 0);
      }
      out.add(stored(source));
    }
    return out;
  }

  @Override
  public List<StoredParagraph> range(String articleId, int from, int to) {
    if (from == to) {
      JsonNode p = engine.get(List.of(id(articleId, from))).get(id(articleId, from));
      return p == null ? List.of() : List.of(stored(p));
    }
    List<StoredParagraph> out = new ArrayList<>();
    for (JsonNode p : paragraphsOf(articleId)) {
      StoredParagraph s = stored(p);
      if (s.number() >= from && s.number() <= to) {
        out.add(s);
      }
    }
    return out;
  }

  /** All in one request: the ids of the paragraphs around every hit. */
  @Override
  public List<List<StoredParagraph>> around(List<StoredParagraph> paragraphs, int context) {
    List<String> ids = new ArrayList<>();
    for (StoredParagraph p : paragraphs) {
      for (int n = p.number() - context; n <= p.number() + context; n++) {
        if (n >= 1 && n != p.number()) {
          ids.add(id(p.articleId(), n));
        }
      }
    }
    Map<String, JsonNode> found = engine.get(ids);
    List<List<StoredParagraph>> out = new ArrayList<>(paragraphs.size());
    for (StoredParagraph p : paragraphs) {
      List<StoredParagraph> near = new ArrayList<>();
      for (int n = p.number() - context; n <= p.number() + context; n++) {
        JsonNode s = n == p.number() ? null : found.get(id(p.articleId(), n));
        if (s != null) {
          near.add(stored(s));
        }
      }
      out.add(near);
    }
    return out;
  }

  @Override
  public long paragraphCount(String articleId, int limit) {
    return count(articleQuery(articleId), limit);
  }

  @Override
  public MatchHighlighter.Matches[] matches(Query query, List<StoredParagraph> paragraphs,
      boolean whole) throws IOException {
    return matcher.matches(query, paragraphs, whole);
  }

  @Override
  public boolean matches(Query query, StoredParagraph paragraph) throws IOException {
    return matcher.matches(query, paragraph);
  }

  @Override
  public String correction(String word) {
    return ClusterVocabulary.correction(engine, word);
  }

  @Override
  public List<Suggestion> completions(String key, int n) {
    return ClusterVocabulary.completions(engine, key, n);
  }

  @Override
  public RelatedQueries relatedQueries(String articleId, int paragraph, String text) {
    return RelatedQueries.of(articleId, paragraph, text,
        engine.statistics().of(RelatedQueries.terms(text)));
  }

  /** Every article, by id (byte order, as the embedded engine lists them). */
  @Override
  public List<ArticleSummary> articles() {
    List<ArticleSummary> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      body.put("size", 0);
      body.put("track_total_hits", false);
      ObjectNode composite = body.putObject("aggs").putObject("articles");
      ObjectNode c = composite.putObject("composite");
      c.put("size", 1_000);
      c.putArray("sources").addObject().putObject("id").putObject("terms")
          .put("field", IndexSchema.ARTICLE_ID);
      if (after != null) {
        c.set("after", after);
      }
      ObjectNode top = composite.putObject("aggs").putObject("first").putObject("top_hits");
      top.put("size", 1);
      top.putArray("_source").add(IndexSchema.DISPLAY_TITLE).add(IndexSchema.TITLE_DERIVED);
      JsonNode agg = engine.search(body).path("aggregations").path("articles");
      for (JsonNode b : agg.path("buckets")) {
        JsonNode s = b.path("first").path("hits").path("hits").path(0).path("_source");
        out.add(new ArticleSummary(b.path("key").path("id").asText(),
            s.path(IndexSchema.DISPLAY_TITLE).asText(),
            s.path(IndexSchema.TITLE_DERIVED).asInt() == 1, b.path("doc_count").asInt()));
      }
      if (agg.path("buckets").size() < 1_000 || !agg.has("after_key")) {
        return out;
      }
      after = agg.path("after_key");
    }
  }

  /**
   * What the index behind the alias holds, and when its rebuild finished; its segments, deleted
   * documents and bytes from the index's {@code _stats}, counting the primary shards only (a
   * replica is a copy, not more index).
   */
  @Override
  public IndexStats stats() {
    ClusterEngine.Meta m = engine.meta(true);
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    body.putObject("query").putObject("match_all");
    long paragraphs = engine.search(body).path("hits").path("total").path("value").asLong();
    JsonNode primaries = engine.call("GET", "/" + engine.alias() + "/_stats/docs,store,segments",
        null).path("_all").path("primaries");
    return new IndexStats(m.articles(), paragraphs, m.committedAt(),
        primaries.path("segments").path("count").asInt(),
        primaries.path("docs").path("deleted").asLong(),
        primaries.path("store").path("size_in_bytes").asLong());
  }

  @Override
  public void close() {
    // nothing held between requests
  }

  // ---------------------------------------------------------------------------------------------

  /** The DSL of a query, translated once per call. */
  private ObjectNode dsl(Query query) {
    return dsl.computeIfAbsent(query, q -> {
      try {
        return QueryDsl.scored(q); // ranked with dfs_query_then_fetch
      } catch (IllegalArgumentException e) {
        throw new InvalidQueryException(
            "This query cannot run on an OpenSearch cluster: " + e.getMessage(), -1);
      }
    }).deepCopy();
  }

  /** The search body of one query in the library's order, scores kept. */
  private static ObjectNode ranking(ObjectNode query, int size, int trackTotalHits) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.set("query", query);
    body.put("size", size);
    body.put("track_total_hits", trackTotalHits);
    body.put("track_scores", true);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put("_score", "desc");
    sort.addObject().put(IndexSchema.ARTICLE_ID, "asc");
    sort.addObject().put(IndexSchema.PARAGRAPH, "asc");
    return body;
  }

  private static ArrayNode sourceFields() {
    ArrayNode fields = ClusterClient.JSON.createArrayNode();
    for (String f : SOURCE) {
      fields.add(f);
    }
    return fields;
  }

  /** A hit of {@link #ranking}: its sort values hold its score, article id and paragraph. */
  private static Ranked ranked(JsonNode hit, boolean withSource) {
    JsonNode sort = hit.path("sort");
    return new Ranked(sort.get(1).asText(), sort.get(2).asInt(), (float) sort.get(0).asDouble(), -1,
        withSource ? stored(hit.path("_source")) : null);
  }

  /** A paragraph's stored fields. */
  static StoredParagraph stored(JsonNode source) {
    return new StoredParagraph(-1, source.path(IndexSchema.ARTICLE_ID).asText(),
        source.path(IndexSchema.PARAGRAPH).asInt(), source.path(IndexSchema.DISPLAY_TITLE).asText(),
        source.path(IndexSchema.TITLE_DERIVED).asInt() == 1, source.path(IndexSchema.TEXT).asText());
  }

  /** Every paragraph of an article, in order. */
  private List<JsonNode> paragraphsOf(String articleId) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      body.set("query", articleQuery(articleId));
      body.put("size", SCAN_PAGE);
      body.put("track_total_hits", false);
      body.putArray("_source").addAll(sourceFields());
      body.putArray("sort").addObject().put(IndexSchema.PARAGRAPH, "asc");
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits = engine.search(body).path("hits").path("hits");
      hits.forEach(h -> out.add(h.path("_source")));
      if (hits.size() < SCAN_PAGE) {
        return out;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
  }

  private static ObjectNode articleQuery(String articleId) {
    ObjectNode q = ClusterClient.JSON.createObjectNode();
    q.putObject("constant_score").putObject("filter").putObject("term")
        .put(IndexSchema.ARTICLE_ID, articleId);
    return q;
  }

  private static String id(String articleId, int paragraph) {
    return articleId + "/" + paragraph;
  }
}
