package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.HighlightRequest;
import dev.articlesearch.core.HighlightResult;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.IndexSchema;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.Related;
import dev.articlesearch.core.RelatedQueries;
import dev.articlesearch.core.SearchPlan;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.core.SearchTimeoutException;
import dev.articlesearch.core.Suggestion;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * The library's calls answered by an OpenSearch cluster holding an index built by {@link
 * ClusterIndexer}, through its alias: the same answers as the embedded engine on the same corpus.
 *
 * <ul>
 *   <li>Ranking: the embedded engine's own query tiers ({@link SearchPlan}), translated by {@link
 *       QueryDsl}, with {@code dfs_query_then_fetch} so BM25 uses the whole index's statistics, as
 *       one Lucene index does, and the same order (score, article id, paragraph).
 *   <li>Matches and snippets: found in each returned paragraph's text by the library's own
 *       highlighter ({@link SearchPlan#hitHighlight}), so the offsets are exact, never guessed
 *       from the cluster's highlight fragments.
 *   <li>Limits: checked before anything is sent; the time budget is sent as the search's {@code
 *       timeout} and held on this side as the answer's deadline.
 *   <li>Failures: a node that cannot be reached, or drops the connection, is replaced by the next
 *       one; an answer with failed shards is asked again, then refused: never returned as if
 *       complete. Every failure is a {@link ClusterException} with one line naming the cluster.
 * </ul>
 *
 * <p>Thread-safe; the HTTP connections are kept alive between calls. Close it to close them.
 */
public final class ClusterSearch implements ArticleSearch {
  /** Totals are exact up to this many, as in the embedded engine. */
  static final int COUNT_LIMIT = SearchRequest.MAX_WINDOW;

  /** Hits per request when every match is read (grouping, an article's paragraphs). */
  static final int SCAN_PAGE = 5_000;

  /** How long a read of the alias's index description is reused. */
  static final Duration META_TTL = Duration.ofSeconds(5);

  private static final String[] SOURCE = {IndexSchema.ARTICLE_ID, IndexSchema.PARAGRAPH,
      IndexSchema.TEXT, IndexSchema.DISPLAY_TITLE, IndexSchema.TITLE_DERIVED};

  private final ClusterHttp http;
  private final String alias;
  private final Limits limits;
  private volatile Meta meta;

  /** What the index behind the alias says about itself ({@link ClusterIndexer}'s {@code _meta}). */
  record Meta(String index, String aliasesCsv, int articles, Instant committedAt, long readAt) {}

  private ClusterSearch(ClusterHttp http, String alias, Limits limits) {
    this.http = http;
    this.alias = alias;
    this.limits = limits;
  }

  /**
   * Opens the index behind {@code alias} on the cluster at {@code urls} (any of its nodes; the
   * next is tried when one cannot be reached).
   *
   * @throws ClusterUnavailableException if no node can be reached, or there is no such alias
   */
  public static ClusterSearch open(List<URI> urls, String alias, Limits limits) {
    ClusterSearch search = new ClusterSearch(
        new ClusterHttp(urls, limits.timeout().plusSeconds(10)), alias, limits);
    try {
      search.meta(true);
    } catch (RuntimeException e) {
      search.close();
      throw e;
    }
    return search;
  }

  @Override
  public Limits limits() {
    return limits;
  }

  /** {@code opensearch <first URL> (+N more) index <alias>}. */
  @Override
  public String source() {
    return "opensearch " + http.describe() + " index " + alias;
  }

  @Override
  public void close() {
    http.close();
  }

  // --- search ----------------------------------------------------------------------------------

  @Override
  public SearchResult search(SearchRequest request) {
    long started = System.nanoTime();
    Deadline d = new Deadline(started);
    SearchPlan plan = SearchPlan.of(request, limits, meta(false).aliasesCsv());
    if (plan.isEmpty()) {
      return new SearchResult(request, 0, true, since(started), List.of(), null);
    }
    List<ObjectNode> tiers = dsl(plan.tiers());
    Page page = request.groupByArticle()
        ? articlePage(tiers, request.offset(), request.limit(), d)
        : paragraphPage(tiers, request.offset(), request.limit(), d);
    List<Hit> hits = hits(page, plan, request, d);
    String didYouMean = request.syntax() == QuerySyntax.SIMPLE
        ? didYouMean(request, tiers.get(0), d) : null;
    return new SearchResult(request, page.total(), page.totalExact(), since(started), hits,
        didYouMean);
  }

  /** A ranked hit: its place, score and (when fetched) its stored fields. */
  record Ranked(String articleId, int paragraph, float score, JsonNode source) {
    String id() {
      return articleId + "/" + paragraph;
    }
  }

  record Page(long total, boolean totalExact, List<Ranked> hits,
      Map<String, List<Integer>> otherParagraphs) {}

  /** As the embedded engine's: a tier ranked as deep as the page needs, the rest only counted. */
  private Page paragraphPage(List<ObjectNode> tiers, int offset, int limit, Deadline d) {
    int need = offset + limit;
    List<Ranked> ranked = new ArrayList<>(need);
    long total = 0;
    boolean exact = true;
    for (ObjectNode tier : tiers) {
      int budget = (int) Math.max(0, COUNT_LIMIT - total);
      if (ranked.size() < need) {
        int n = need - ranked.size();
        ObjectNode body = ranking(tier, n, Math.max(n, budget));
        body.putArray("_source").addAll(sourceFields());
        JsonNode answer = search(body, d);
        JsonNode hitsTotal = answer.path("hits").path("total");
        total += hitsTotal.path("value").asLong();
        exact &= "eq".equals(hitsTotal.path("relation").asText());
        for (JsonNode h : answer.path("hits").path("hits")) {
          ranked.add(ranked(h, true));
        }
      } else if (budget == 0) {
        exact &= count(tier, 1, d) == 0;
      } else {
        long n = count(tier, budget, d);
        total += n;
        exact &= n < budget;
      }
    }
    return new Page(total, exact, window(ranked, offset, limit), Map.of());
  }

  /** Articles at the rank of their best paragraph: every match of every tier is read. */
  private Page articlePage(List<ObjectNode> tiers, int offset, int limit, Deadline d) {
    Map<String, Ranked> best = new LinkedHashMap<>();
    Map<String, List<Integer>> others = new HashMap<>();
    for (ObjectNode tier : tiers) {
      JsonNode after = null;
      while (true) {
        ObjectNode body = ranking(tier, SCAN_PAGE, 0);
        body.put("track_total_hits", false);
        body.put("_source", false);
        if (after != null) {
          body.set("search_after", after);
        }
        JsonNode hits = search(body, d).path("hits").path("hits");
        for (JsonNode h : hits) {
          Ranked r = ranked(h, false);
          if (best.putIfAbsent(r.articleId(), r) != null) {
            others.computeIfAbsent(r.articleId(), k -> new ArrayList<>()).add(r.paragraph());
          }
        }
        if (hits.size() < SCAN_PAGE) {
          break;
        }
        after = hits.get(hits.size() - 1).path("sort");
      }
    }
    List<Ranked> page = window(new ArrayList<>(best.values()), offset, limit);
    Map<String, JsonNode> sources = get(page.stream().map(Ranked::id).toList(), d);
    List<Ranked> withSource = new ArrayList<>(page.size());
    Map<String, List<Integer>> pageOthers = new HashMap<>();
    for (Ranked r : page) {
      JsonNode source = sources.get(r.id());
      if (source == null) {
        throw new ClusterUnavailableException("OpenSearch at " + http.describe() + " ranked "
            + r.id() + " in '" + alias + "' but then did not find it: the index changed during"
            + " the search; try again", 0);
      }
      withSource.add(new Ranked(r.articleId(), r.paragraph(), r.score(), source));
      List<Integer> rest = others.getOrDefault(r.articleId(), new ArrayList<>());
      rest.sort(null);
      pageOthers.put(r.id(), rest);
    }
    return new Page(best.size(), true, withSource, pageOthers);
  }

  /** The search body of one tier in the library's order, scores kept. */
  private static ObjectNode ranking(ObjectNode query, int size, int trackTotalHits) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
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
    ArrayNode fields = ClusterHttp.JSON.createArrayNode();
    for (String f : SOURCE) {
      fields.add(f);
    }
    return fields;
  }

  /** A hit of {@link #ranking}: its sort values hold its score, article id and paragraph. */
  private static Ranked ranked(JsonNode hit, boolean withSource) {
    JsonNode sort = hit.path("sort");
    return new Ranked(sort.get(1).asText(), sort.get(2).asInt(), (float) sort.get(0).asDouble(),
        withSource ? hit.path("_source") : null);
  }

  /** The number of matches, or {@code limit} if there are at least as many. */
  private long count(ObjectNode query, int limit, Deadline d) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.set("query", query);
    body.put("size", 0);
    body.put("track_total_hits", limit);
    return Math.min(limit, search(body, d).path("hits").path("total").path("value").asLong());
  }

  private List<Hit> hits(Page page, SearchPlan plan, SearchRequest request, Deadline d) {
    Map<String, JsonNode> around = Map.of();
    if (request.context() > 0 && !page.hits().isEmpty()) {
      List<String> ids = new ArrayList<>();
      for (Ranked r : page.hits()) {
        for (int n = r.paragraph() - request.context(); n <= r.paragraph() + request.context(); n++) {
          if (n >= 1 && n != r.paragraph()) {
            ids.add(r.articleId() + "/" + n);
          }
        }
      }
      around = get(ids, d);
    }
    List<Hit> hits = new ArrayList<>(page.hits().size());
    for (Ranked r : page.hits()) {
      d.check();
      SearchPlan.StoredParagraph stored = stored(r.source());
      SearchPlan.Highlight h = request.highlight() ? plan.hitHighlight(stored, request.markup()) : null;
      List<Paragraph> before = new ArrayList<>();
      List<Paragraph> after = new ArrayList<>();
      for (int n = r.paragraph() - request.context(); n <= r.paragraph() + request.context(); n++) {
        JsonNode p = n == r.paragraph() ? null : around.get(r.articleId() + "/" + n);
        if (p != null) {
          (n < r.paragraph() ? before : after).add(
              new Paragraph(n, p.path(IndexSchema.TEXT).asText()));
        }
      }
      hits.add(new Hit(r.articleId(), stored.displayTitle(), stored.titleDerived(), r.paragraph(),
          r.score(), stored.text(),
          h == null ? null : h.snippet(), h == null ? List.of() : h.spans(), before, after,
          page.otherParagraphs().getOrDefault(r.id(), List.of()),
          request.explain() ? plan.aliasMatches(stored) : List.of()));
    }
    return hits;
  }

  /**
   * As the embedded engine's: the query with its unknown Latin words corrected from the
   * vocabulary, when that finds paragraphs with every word this query does not, or twice as many.
   * The corrections come from OpenSearch's term suggester, which runs the same DirectSpellChecker
   * with the same settings on each shard.
   */
  private String didYouMean(SearchRequest request, ObjectNode allWords, Deadline d) {
    String corrected = SearchPlan.correctSpelling(request.query(), word -> correction(word, d));
    if (corrected == null) {
      return null;
    }
    SearchPlan plan = SearchPlan.of(SearchRequest.of(corrected).withArticles(request.articles())
        .withFuzzy(request.fuzzy()), limits, meta(false).aliasesCsv());
    if (plan.isEmpty()) {
      return null;
    }
    long now = count(allWords, COUNT_LIMIT, d);
    long then = count(QueryDsl.of(plan.tiers().get(0)), COUNT_LIMIT, d);
    return then > 0 && (now == 0 || then >= 2 * now) ? corrected : null;
  }

  /** The vocabulary's closest word to {@code word} when no paragraph has it; else null. */
  private String correction(String word, Deadline d) {
    ObjectNode known = ClusterHttp.JSON.createObjectNode();
    known.putObject("query").putObject("term").put(IndexSchema.WORDS, word);
    known.put("size", 0);
    known.put("track_total_hits", 1);
    if (search(known, d).path("hits").path("total").path("value").asLong() > 0) {
      return null;
    }
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode term = body.putObject("suggest").putObject("word").put("text", word)
        .putObject("term");
    // Lucene's DirectSpellChecker defaults, as Spelling uses it: the term as it is (no analysis),
    // three suggestions, only for a word not in the vocabulary.
    term.put("field", IndexSchema.WORDS);
    term.put("analyzer", "keyword");
    term.put("size", 3);
    term.put("suggest_mode", "missing");
    term.put("sort", "score");
    term.put("string_distance", "internal");
    term.put("max_edits", 2);
    term.put("prefix_length", 1);
    term.put("min_word_length", 4);
    term.put("accuracy", 0.5);
    term.put("max_inspections", 5);
    term.put("min_doc_freq", 0);
    term.put("max_term_freq", 0.01);
    for (JsonNode entry : search(body, d).path("suggest").path("word")) {
      for (JsonNode option : entry.path("options")) {
        String text = option.path("text").asText();
        if (text.indexOf(' ') < 0) { // a word, not one of the two-word phrases
          return text;
        }
      }
    }
    return null;
  }

  /** A paragraph's stored fields, as the highlighter needs them. */
  private static SearchPlan.StoredParagraph stored(JsonNode source) {
    return new SearchPlan.StoredParagraph(source.path(IndexSchema.ARTICLE_ID).asText(),
        source.path(IndexSchema.PARAGRAPH).asInt(), source.path(IndexSchema.TEXT).asText(),
        source.path(IndexSchema.DISPLAY_TITLE).asText(),
        source.path(IndexSchema.TITLE_DERIVED).asInt() == 1);
  }

  // --- highlight, related, suggest, articles, article, stats -----------------------------------

  @Override
  public Optional<HighlightResult> highlight(HighlightRequest request) {
    Deadline d = new Deadline(System.nanoTime());
    SearchPlan plan = SearchPlan.of(request, limits, meta(false).aliasesCsv());
    if (request.paragraph() == 0) {
      ObjectNode q = articleQuery(request.articleId());
      SearchPlan.checkHighlightParagraphs(request.articleId(),
          count(q, limits.maxHighlightParagraphs() + 1, d), limits);
    }
    List<JsonNode> paragraphs = request.paragraph() == 0
        ? paragraphsOf(request.articleId(), d)
        : Optional.ofNullable(get(List.of(request.articleId() + "/" + request.paragraph()), d)
            .get(request.articleId() + "/" + request.paragraph())).map(List::of).orElse(List.of());
    if (paragraphs.isEmpty()) {
      return Optional.empty();
    }
    List<HighlightResult.HighlightedParagraph> out = new ArrayList<>();
    for (JsonNode p : paragraphs) {
      d.check();
      out.add(plan.highlightParagraph(stored(p), request.markup()));
    }
    SearchPlan.StoredParagraph first = stored(paragraphs.get(0));
    return Optional.of(new HighlightResult(request.articleId(), first.displayTitle(),
        first.titleDerived(), out));
  }

  /**
   * The embedded engine's MoreLikeThis queries ({@link RelatedQueries}), its terms weighed by the
   * whole index's statistics fetched from the cluster: the paragraph's terms' document
   * frequencies in one request, the field counts once per index version.
   */
  @Override
  public Optional<Related> related(String articleId, int paragraph, int limit) {
    if (articleId == null || articleId.isBlank()) {
      throw new IllegalArgumentException("articleId must not be blank");
    }
    if (paragraph < 1) {
      throw new IllegalArgumentException("paragraph must be at least 1, was " + paragraph);
    }
    if (limit < 1 || limit > ArticleIndex.MAX_RELATED) {
      throw new IllegalArgumentException("limit must be between 1 and " + ArticleIndex.MAX_RELATED
          + ", was " + limit);
    }
    Deadline d = new Deadline(System.nanoTime());
    JsonNode self = get(List.of(articleId + "/" + paragraph), d).get(articleId + "/" + paragraph);
    if (self == null) {
      return Optional.empty();
    }
    String text = self.path(IndexSchema.TEXT).asText();
    FieldCounts counts = fieldCounts(d);
    Map<String, Integer> docFreqs = docFreqs(RelatedQueries.terms(text), d);
    RelatedQueries q = RelatedQueries.of(articleId, paragraph, text,
        new RelatedQueries.TermStatistics() {
          @Override
          public int numDocs() {
            return counts.numDocs();
          }

          @Override
          public int docCount(String field) {
            return counts.docCounts().getOrDefault(field, 0);
          }

          @Override
          public int docFreq(String field, String term) {
            return docFreqs.getOrDefault(field + "\u0000" + term, 0);
          }
        });
    return Optional.of(new Related(articleId, paragraph,
        relatedParagraphs(QueryDsl.of(q.otherArticles()), limit, d),
        relatedParagraphs(QueryDsl.of(q.sameArticle()), limit, d)));
  }

  /** Paragraphs in the index, and paragraphs with a term in each field MoreLikeThis reads. */
  record FieldCounts(String index, int numDocs, Map<String, Integer> docCounts) {}

  private volatile FieldCounts fieldCounts;

  private FieldCounts fieldCounts(Deadline d) {
    String index = meta(false).index();
    FieldCounts c = fieldCounts;
    if (c != null && c.index().equals(index)) {
      return c;
    }
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    ObjectNode aggs = body.putObject("aggs");
    for (String field : RelatedQueries.FIELDS) {
      // Any term at all: the documents that have the field, as Lucene's getDocCount counts them
      // (a paragraph with no CJK character has no CJK term).
      aggs.putObject(field).putObject("filter").putObject("wildcard")
          .putObject(IndexSchema.openSearchField(field)).put("value", "*");
    }
    JsonNode answer = search(body, d);
    Map<String, Integer> docCounts = new HashMap<>();
    for (String field : RelatedQueries.FIELDS) {
      docCounts.put(field, answer.path("aggregations").path(field).path("doc_count").asInt());
    }
    c = new FieldCounts(index,
        answer.path("hits").path("total").path("value").asInt(), docCounts);
    fieldCounts = c;
    return c;
  }

  /** Each term's document frequency in its field, keyed {@code field NUL term}. */
  private Map<String, Integer> docFreqs(Map<String, java.util.Set<String>> terms, Deadline d) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode aggs = body.putObject("aggs");
    List<String> keys = new ArrayList<>();
    terms.forEach((field, set) -> set.forEach(term -> {
      String name = "t" + keys.size();
      keys.add(field + "\u0000" + term);
      aggs.putObject(name).putObject("filter").set("term",
          ClusterHttp.JSON.createObjectNode().put(IndexSchema.openSearchField(field), term));
    }));
    Map<String, Integer> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    JsonNode answer = search(body, d).path("aggregations");
    for (int i = 0; i < keys.size(); i++) {
      out.put(keys.get(i), answer.path("t" + i).path("doc_count").asInt());
    }
    return out;
  }

  private List<Related.RelatedParagraph> relatedParagraphs(ObjectNode query, int limit, Deadline d) {
    ObjectNode body = ranking(query, limit, limit);
    body.putArray("_source").addAll(sourceFields());
    List<Related.RelatedParagraph> out = new ArrayList<>();
    for (JsonNode h : search(body, d).path("hits").path("hits")) {
      Ranked r = ranked(h, true);
      out.add(new Related.RelatedParagraph(r.articleId(),
          r.source().path(IndexSchema.DISPLAY_TITLE).asText(), r.paragraph(), r.score(),
          r.source().path(IndexSchema.TEXT).asText()));
    }
    return out;
  }

  /**
   * The vocabulary's words and two-word phrases that start with the prefix, most paragraphs
   * first: a terms aggregation over the vocabulary field, filtered by the same rules.
   */
  @Override
  public List<Suggestion> suggest(String prefix, int limit) {
    if (limit < 1 || limit > ArticleIndex.MAX_SUGGESTIONS) {
      throw new IllegalArgumentException("limit must be between 1 and "
          + ArticleIndex.MAX_SUGGESTIONS + ", was " + limit);
    }
    String key = SearchPlan.suggestionKey(prefix, limits);
    if (key == null) {
      return List.of();
    }
    Deadline d = new Deadline(System.nanoTime());
    int n = SearchPlan.suggestionCandidates(limit);
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode terms = body.putObject("aggs").putObject("words").putObject("terms");
    terms.put("field", IndexSchema.WORDS);
    terms.put("include", escapeRegExp(key) + ".*");
    terms.put("size", n);
    // Every shard's counts of every candidate, so the sums are the vocabulary's own counts.
    terms.put("shard_size", Math.max(n, 10_000));
    ArrayNode order = terms.putArray("order");
    order.addObject().put("_count", "desc");
    order.addObject().put("_key", "asc");
    List<Suggestion> candidates = new ArrayList<>();
    for (JsonNode b : search(body, d).path("aggregations").path("words").path("buckets")) {
      candidates.add(new Suggestion(b.path("key").asText(), b.path("doc_count").asLong()));
    }
    return SearchPlan.usefulSuggestions(prefix, candidates, limit);
  }

  /** Lucene's regular expression syntax: every character but letters and digits escaped. */
  static String escapeRegExp(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (!Character.isLetterOrDigit(c)) {
        out.append('\\');
      }
      out.appendCodePoint(c);
    });
    return out.toString();
  }

  /** Every article, by id (byte order, as the embedded engine lists them). */
  @Override
  public List<ArticleSummary> articles() {
    Deadline d = new Deadline(System.nanoTime());
    List<ArticleSummary> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode body = ClusterHttp.JSON.createObjectNode();
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
      JsonNode agg = search(body, d).path("aggregations").path("articles");
      for (JsonNode b : agg.path("buckets")) {
        JsonNode s = b.path("first").path("hits").path("hits").path(0).path("_source");
        out.add(new ArticleSummary(b.path("key").path("id").asText(),
            s.path(IndexSchema.DISPLAY_TITLE).asText(), s.path(IndexSchema.TITLE_DERIVED).asInt() == 1,
            b.path("doc_count").asInt()));
      }
      if (agg.path("buckets").size() < 1_000 || !agg.has("after_key")) {
        return out;
      }
      after = agg.path("after_key");
    }
  }

  @Override
  public Optional<Article> article(String id) {
    Deadline d = new Deadline(System.nanoTime());
    List<JsonNode> paragraphs = paragraphsOf(id, d);
    if (paragraphs.isEmpty()) {
      return Optional.empty();
    }
    JsonNode first = paragraphs.get(0);
    return Optional.of(new Article(id, first.path(IndexSchema.DISPLAY_TITLE).asText(),
        first.path(IndexSchema.TITLE_DERIVED).asInt() == 1,
        paragraphs.stream().map(p -> new Paragraph(p.path(IndexSchema.PARAGRAPH).asInt(),
            p.path(IndexSchema.TEXT).asText())).toList()));
  }

  /** What the index behind the alias holds, and when its rebuild finished. */
  @Override
  public IndexStats stats() {
    Deadline d = new Deadline(System.nanoTime());
    Meta m = meta(true);
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    body.putObject("query").putObject("match_all");
    long paragraphs = search(body, d).path("hits").path("total").path("value").asLong();
    return new IndexStats(m.articles(), paragraphs, m.committedAt());
  }

  // --- the wire --------------------------------------------------------------------------------

  /** Every paragraph of an article, in order. */
  private List<JsonNode> paragraphsOf(String articleId, Deadline d) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode after = null;
    while (true) {
      ObjectNode body = ClusterHttp.JSON.createObjectNode();
      body.set("query", articleQuery(articleId));
      body.put("size", SCAN_PAGE);
      body.put("track_total_hits", false);
      body.putArray("_source").addAll(sourceFields());
      body.putArray("sort").addObject().put(IndexSchema.PARAGRAPH, "asc");
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits = search(body, d).path("hits").path("hits");
      hits.forEach(h -> out.add(h.path("_source")));
      if (hits.size() < SCAN_PAGE) {
        return out;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
  }

  private static ObjectNode articleQuery(String articleId) {
    ObjectNode q = ClusterHttp.JSON.createObjectNode();
    q.putObject("constant_score").set("filter", termQuery(IndexSchema.ARTICLE_ID, articleId));
    return q;
  }

  private static ObjectNode termQuery(String field, Object value) {
    ObjectNode q = ClusterHttp.JSON.createObjectNode();
    ObjectNode t = q.putObject("term");
    if (value instanceof Integer i) {
      t.put(field, i);
    } else {
      t.put(field, value.toString());
    }
    return q;
  }

  /** The stored fields of paragraphs by id ({@code article/paragraph}); absent ids are left out. */
  private Map<String, JsonNode> get(List<String> ids, Deadline d) {
    Map<String, JsonNode> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    ids.forEach(body.putArray("ids")::add);
    JsonNode answer = call("POST", "/" + alias + "/_mget?_source_includes="
        + String.join(",", SOURCE), body, d);
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

  private static List<ObjectNode> dsl(List<Query> tiers) {
    List<ObjectNode> out = new ArrayList<>(tiers.size());
    for (Query q : tiers) {
      try {
        out.add(QueryDsl.scored(q)); // ranked with dfs_query_then_fetch
      } catch (IllegalArgumentException e) {
        throw new dev.articlesearch.core.InvalidQueryException(
            "This query cannot run on an OpenSearch cluster: " + e.getMessage(), -1);
      }
    }
    return out;
  }

  /**
   * A search through the alias with the whole index's BM25 statistics, within the time budget.
   * An answer with failed shards is asked for once more (the coordinating node then picks other
   * copies), then refused.
   */
  private JsonNode search(ObjectNode body, Deadline d) {
    body.put("timeout", Math.max(1, d.remaining().toMillis()) + "ms");
    String path = "/" + alias + "/_search?search_type=dfs_query_then_fetch";
    JsonNode answer = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      answer = call("POST", path, body, d);
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

  /** One request within the deadline; any answer but a 2xx becomes one clear exception. */
  private JsonNode call(String method, String path, ObjectNode body, Deadline d) {
    ClusterHttp.Answer a = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Duration left = d.remaining();
      if (left.isZero()) {
        throw new SearchTimeoutException(limits.timeout());
      }
      try {
        // A little past the budget: the cluster's own timeout answers first when it can.
        a = http.exchange(method, path, body, left.plusMillis(200));
      } catch (ClusterHttp.TimedOut e) {
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

  private ClusterException unavailable(JsonNode error, int status) {
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
  private Meta meta(boolean fresh) {
    Meta m = meta;
    if (!fresh && m != null && System.nanoTime() - m.readAt() < META_TTL.toNanos()) {
      return m;
    }
    Deadline d = new Deadline(System.nanoTime());
    JsonNode answer = call("GET", "/" + alias + "/_mapping", null, d);
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

  /** The time budget of one call, from when it started. */
  private final class Deadline {
    private final long end;

    Deadline(long started) {
      this.end = started + limits.timeout().toNanos();
    }

    Duration remaining() {
      return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    void check() {
      if (System.nanoTime() > end) {
        throw new SearchTimeoutException(limits.timeout());
      }
    }
  }

  private static <T> List<T> window(List<T> all, int offset, int limit) {
    int from = Math.min(offset, all.size());
    return new ArrayList<>(all.subList(from, Math.min(all.size(), from + limit)));
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
