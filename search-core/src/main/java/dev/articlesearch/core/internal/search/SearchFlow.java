package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.AliasMatch;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.HighlightRequest;
import dev.articlesearch.core.HighlightResult;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.ModeUnavailableException;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.Related;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.core.SearchTimeoutException;
import dev.articlesearch.core.Span;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.query.LuceneSyntaxParser;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.query.QueryPlanner;
import dev.articlesearch.core.internal.related.RelatedQueries;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import dev.articlesearch.core.internal.suggest.Spelling;
import dev.articlesearch.core.internal.suggest.Suggestions;
import dev.articlesearch.core.internal.util.LimitMessages;
import dev.articlesearch.core.internal.util.Validate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.ExitableDirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Every call of the library, once, for every engine: parse → plan → retrieve → page or group →
 * fetch and highlight → result. The {@link Engine} supplies only how a planned query runs and
 * where paragraphs and statistics come from; the checks, the paging, the grouping, did-you-mean,
 * context, highlights, alias matches and the time budget are all here.
 *
 * <p>Thread-safe: any number of threads may call it at once.
 */
public final class SearchFlow {
  /** Totals are exact up to this many (the deepest page, {@link SearchRequest#MAX_WINDOW}). */
  public static final int COUNT_LIMIT = SearchRequest.MAX_WINDOW;

  /** How many related paragraphs a list holds at most. */
  public static final int MAX_RELATED = 50;

  /** How many suggestions a call returns at most. */
  public static final int MAX_SUGGESTIONS = 20;

  /** Paragraphs highlighted between two looks at the time budget. */
  private static final int HIGHLIGHT_SLICE = 100;

  private final Engine engine;
  private final Limits limits;
  private final TimeBudget budget;

  /** @param budget the time budget the engine's searches also look at */
  public SearchFlow(Engine engine, Limits limits, TimeBudget budget) {
    this.engine = engine;
    this.limits = limits;
    this.budget = budget;
  }

  public Limits limits() {
    return limits;
  }

  /** The Lucene queries a search runs, best tier first; empty when it has nothing to look for. */
  public List<Query> tiers(SearchRequest request) {
    QueryPlan plan = plan(request.query(), request.syntax(), request.fuzzy());
    return plan.isEmpty() ? List.of() : plan.tiers(QueryPlanner.articleFilter(request.articles()));
  }

  public SearchResult search(SearchRequest request) {
    long started = System.nanoTime();
    QueryPlanner.checkPaging(request, limits);
    SearchMode mode = request.mode();
    if (mode != SearchMode.KEYWORD && engine.embedder() == null) {
      throw new ModeUnavailableException(unavailable(mode) + engine.whyNoSemanticSearch());
    }
    QueryPlan plan = plan(request.query(), request.syntax(), request.fuzzy());
    if (plan.isEmpty()) {
      return new SearchResult(request, 0, true, since(started), List.of(), null);
    }
    return call(s -> {
      Query filter = QueryPlanner.articleFilter(request.articles());
      List<QueryPlan.Tier> ranked = plan.rankedTiers(filter);
      List<Query> tiers = ranked.stream().map(QueryPlan.Tier::query).toList();
      int offset = request.offset();
      int limit = request.limit();
      boolean grouped = request.groupByArticle();
      Paging.Page page;
      if (mode == SearchMode.KEYWORD) {
        page = grouped ? Paging.articles(s, tiers, offset, limit)
            : Paging.paragraphs(s, ranked, offset, limit, COUNT_LIMIT);
      } else {
        List<Embedder.Vector> v = queryVectors(s, request);
        page = mode == SearchMode.SEMANTIC
            ? VectorPaging.semantic(s, v, filter, offset, limit, grouped)
            : VectorPaging.hybrid(s, tiers, v, filter, offset, limit, grouped, COUNT_LIMIT);
      }
      List<Hit> hits = hits(s, page, plan, request);
      String didYouMean = request.syntax() == QuerySyntax.SIMPLE && mode != SearchMode.SEMANTIC
          ? didYouMean(s, request, tiers.get(0)) : null;
      return new SearchResult(request, page.total(), page.totalExact(), since(started), hits,
          didYouMean);
    });
  }

  private static String unavailable(SearchMode mode) {
    return "Search mode '" + mode.name().toLowerCase(java.util.Locale.ROOT) + "' is not available: ";
  }

  /**
   * That the served index holds vectors by the engine's embedder, as a search or related list
   * in {@code mode} needs: a vector is only comparable with vectors of the same model.
   */
  private void checkVectors(Snapshot s, SearchMode mode) throws IOException {
    Embedder embedder = engine.embedder();
    if (embedder == null) {
      throw new ModeUnavailableException(unavailable(mode) + engine.whyNoSemanticSearch());
    }
    String by = s.vectorsBy();
    if (by == null) {
      throw new ModeUnavailableException(unavailable(mode) + engine.where()
          + " has no paragraph vectors: add them with an update or rebuild with the embedder"
          + " loaded (bin/search-server --semantic does it on start)");
    }
    if (!by.equals(embedder.id())) {
      throw new ModeUnavailableException(unavailable(mode) + "the vectors in "
          + engine.where() + " were made by " + by + ", the embedder loaded is " + embedder.id()
          + ": rebuild the index with it");
    }
  }

  /** The query's vectors, once the index is known to hold vectors by the engine's embedder. */
  private List<Embedder.Vector> queryVectors(Snapshot s, SearchRequest request)
      throws IOException {
    checkVectors(s, request.mode());
    List<Embedder.Vector> v = engine.embedder().embedQuery(request.query());
    budget.check(); // a model run is not interruptible: the budget is looked at after it
    return v;
  }

  private List<Hit> hits(Snapshot s, Paging.Page page, QueryPlan plan, SearchRequest request)
      throws IOException {
    List<StoredParagraph> paragraphs = s.fetch(page.hits());
    MatchHighlighter.Matches[] matches = request.highlight()
        ? keywordMatches(s, page, plan, paragraphs) : null;
    List<List<StoredParagraph>> around = request.context() > 0
        ? s.around(paragraphs, request.context()) : null;
    List<Hit> hits = new ArrayList<>(paragraphs.size());
    for (int i = 0; i < paragraphs.size(); i++) {
      budget.check();
      StoredParagraph p = paragraphs.get(i);
      Ranked r = page.hits().get(i);
      List<Paragraph> before = List.of();
      List<Paragraph> after = List.of();
      if (around != null) {
        before = around.get(i).stream().filter(a -> a.number() < p.number())
            .map(StoredParagraph::paragraph).toList();
        after = around.get(i).stream().filter(a -> a.number() > p.number())
            .map(StoredParagraph::paragraph).toList();
      }
      List<SearchMode> foundBy = page.foundBy(r);
      boolean byWords = foundBy.contains(SearchMode.KEYWORD);
      hits.add(new Hit(p.articleId(), p.title(), p.titleDerived(), p.number(), r.score(), p.text(),
          matches == null ? null : MatchHighlighter.snippet(p.text(), matches[i], request.markup()),
          matches == null ? List.of() : matches[i].spans(), before, after,
          page.otherParagraphs().getOrDefault(r, List.of()),
          request.explain() && byWords ? aliasMatches(s, plan, p) : List.of(),
          request.explain() ? foundBy : List.of()));
    }
    return hits;
  }

  /**
   * The query's matches in the hits its words found; a hit found only by its meaning has none,
   * and its snippet no marks: a query word it happens to contain is not why it was found.
   */
  private static MatchHighlighter.Matches[] keywordMatches(Snapshot s, Paging.Page page,
      QueryPlan plan, List<StoredParagraph> paragraphs) throws IOException {
    List<StoredParagraph> byWords = new ArrayList<>(paragraphs.size());
    for (int i = 0; i < paragraphs.size(); i++) {
      if (page.foundBy(page.hits().get(i)).contains(SearchMode.KEYWORD)) {
        byWords.add(paragraphs.get(i));
      }
    }
    MatchHighlighter.Matches[] found = s.matches(plan.matchQuery(), byWords, false);
    MatchHighlighter.Matches[] out = new MatchHighlighter.Matches[paragraphs.size()];
    for (int i = 0, next = 0; i < paragraphs.size(); i++) {
      out[i] = next < byWords.size() && byWords.get(next) == paragraphs.get(i)
          ? found[next++] : MatchHighlighter.Matches.NONE;
    }
    return out;
  }

  /** Which other names of the query's alias groups the paragraph contains. */
  private static List<AliasMatch> aliasMatches(Snapshot s, QueryPlan plan, StoredParagraph p)
      throws IOException {
    List<AliasMatch> out = new ArrayList<>();
    for (QueryPlan.AliasUse use : plan.aliasUses()) {
      for (int i = 0; i < use.others().size(); i++) {
        if (s.matches(use.otherQueries().get(i), p)) {
          out.add(new AliasMatch(use.typed(), use.others().get(i)));
        }
      }
    }
    return out;
  }

  /**
   * The query with misspellings corrected, when the correction finds paragraphs with every word
   * that this query does not, or at least twice as many.
   */
  private String didYouMean(Snapshot s, SearchRequest request, Query allWords)
      throws IOException {
    String corrected = Spelling.correct(request.query(), s::correction);
    if (corrected == null) {
      return null;
    }
    QueryPlan plan = plan(corrected, QuerySyntax.SIMPLE, request.fuzzy());
    if (plan.isEmpty()) {
      return null;
    }
    long now = s.count(allWords, COUNT_LIMIT);
    long then = s.count(plan.tiers(QueryPlanner.articleFilter(request.articles())).get(0),
        COUNT_LIMIT);
    return then > 0 && (now == 0 || then >= 2 * now) ? corrected : null;
  }

  /** The article, or one paragraph of it, with every match of the query marked. */
  public Optional<HighlightResult> highlight(HighlightRequest request) {
    QueryPlan plan = plan(request.query(), request.syntax(), false);
    return call(s -> {
      String id = request.articleId();
      if (request.paragraph() == 0) {
        QueryPlanner.checkHighlightParagraphs(id,
            s.paragraphCount(id, limits.maxHighlightParagraphs() + 1), limits);
      }
      List<StoredParagraph> paragraphs = request.paragraph() == 0
          ? s.range(id, Integer.MIN_VALUE, Integer.MAX_VALUE)
          : s.range(id, request.paragraph(), request.paragraph());
      if (paragraphs.isEmpty()) {
        return Optional.empty();
      }
      List<HighlightResult.HighlightedParagraph> out = new ArrayList<>(paragraphs.size());
      // In slices, with a look at the budget between them: the highlighter itself never looks.
      for (int from = 0; from < paragraphs.size(); from += HIGHLIGHT_SLICE) {
        budget.check();
        List<StoredParagraph> slice =
            paragraphs.subList(from, Math.min(paragraphs.size(), from + HIGHLIGHT_SLICE));
        MatchHighlighter.Matches[] matches = plan.isEmpty() ? null
            : s.matches(plan.matchQuery(), slice, true);
        for (int i = 0; i < slice.size(); i++) {
          StoredParagraph p = slice.get(i);
          List<Span> spans = matches == null ? List.of() : matches[i].spans();
          out.add(new HighlightResult.HighlightedParagraph(p.number(), p.text(),
              request.markup().apply(p.text(), spans, 0, p.text().length()), spans));
        }
      }
      StoredParagraph first = paragraphs.get(0);
      return Optional.of(new HighlightResult(id, first.title(), first.titleDerived(), out));
    });
  }

  /**
   * The paragraphs most like one paragraph, from other articles and from its own: by its words
   * (MoreLikeThis), by its own vector (the nearest paragraphs in its space: no model runs), or
   * both fused by rank as a hybrid search fuses.
   */
  public Optional<Related> related(String articleId, int paragraph, int limit, SearchMode mode) {
    Validate.notBlank("articleId", articleId);
    Validate.atLeast("paragraph", paragraph, 1);
    Validate.between("limit", limit, 1, MAX_RELATED);
    Validate.notNull("mode", mode);
    return call(s -> {
      List<StoredParagraph> self = s.range(articleId, paragraph, paragraph);
      if (self.isEmpty()) {
        return Optional.empty();
      }
      StoredParagraph p = self.get(0);
      RelatedQueries byWords = mode == SearchMode.SEMANTIC ? null
          : s.relatedQueries(articleId, paragraph, p.text());
      List<Embedder.Vector> vectors = List.of();
      if (mode != SearchMode.KEYWORD) {
        checkVectors(s, mode);
        vectors = s.vectorsOf(p, engine.embedder().spaces());
      }
      Query otherArticles = RelatedQueries.inOtherArticles(MatchAllDocsQuery.INSTANCE, articleId);
      Query sameArticle =
          RelatedQueries.inSameArticle(MatchAllDocsQuery.INSTANCE, articleId, paragraph);
      return Optional.of(new Related(articleId, paragraph,
          relatedParagraphs(s, byWords == null ? null : byWords.otherArticles(), vectors,
              otherArticles, limit),
          relatedParagraphs(s, byWords == null ? null : byWords.sameArticle(), vectors,
              sameArticle, limit)));
    });
  }

  /**
   * The first {@code limit} of the paragraphs {@code byWords} finds, those nearest {@code
   * vectors} among {@code filter}'s, or both rankings fused.
   */
  private static List<Related.RelatedParagraph> relatedParagraphs(Snapshot s, Query byWords,
      List<Embedder.Vector> vectors, Query filter, int limit) throws IOException {
    // Fused, each ranking is read deeper than the list: a paragraph second in both can win.
    int depth = byWords != null && !vectors.isEmpty() ? VectorPaging.depth(0, limit) : limit;
    List<Ranked> keyword = byWords == null ? null : s.top(byWords, depth, depth).hits();
    List<List<Ranked>> near = new ArrayList<>(vectors.size());
    for (Embedder.Vector v : vectors) {
      near.add(s.nearest(Fields.vector(v.space()), v.values(), depth, filter));
    }
    List<Ranked> ranking;
    if (near.isEmpty()) {
      ranking = keyword == null ? List.of() : keyword;
    } else if (keyword == null && near.size() == 1) {
      ranking = near.get(0);
    } else {
      ranking = VectorPaging.fuse(keyword == null ? List.of() : List.of(keyword), near,
          new HashMap<>());
    }
    List<Ranked> top = ranking.subList(0, Math.min(limit, ranking.size()));
    List<StoredParagraph> stored = s.fetch(top);
    List<Related.RelatedParagraph> out = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      StoredParagraph p = stored.get(i);
      out.add(new Related.RelatedParagraph(p.articleId(), p.title(), p.number(),
          top.get(i).score(), p.text()));
    }
    return out;
  }

  /** Words and two-word phrases of the articles that start with {@code prefix}. */
  public List<Suggestion> suggest(String prefix, int limit) {
    Validate.notNull("prefix", prefix);
    Validate.between("limit", limit, 1, MAX_SUGGESTIONS);
    String key = Suggestions.key(prefix, limits);
    if (key == null) {
      return List.of();
    }
    return call(s -> Suggestions.useful(prefix,
        s.completions(key, Suggestions.candidates(limit)), limit));
  }

  public List<ArticleSummary> articles() {
    return call(Snapshot::articles);
  }

  public Optional<Article> article(String id) {
    return call(s -> {
      List<StoredParagraph> ps = s.range(id, Integer.MIN_VALUE, Integer.MAX_VALUE);
      if (ps.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Article(id, ps.get(0).title(), ps.get(0).titleDerived(),
          ps.stream().map(StoredParagraph::paragraph).toList()));
    });
  }

  public IndexStats stats() {
    return call(Snapshot::stats);
  }

  /** Keyword always; by meaning too when the served index holds the engine's embedder's vectors. */
  public List<SearchMode> modes() {
    Embedder embedder = engine.embedder();
    if (embedder == null) {
      return List.of(SearchMode.KEYWORD);
    }
    return call(s -> embedder.id().equals(s.vectorsBy())
        ? List.of(SearchMode.values()) : List.of(SearchMode.KEYWORD));
  }

  // ---------------------------------------------------------------------------------------------

  private QueryPlan plan(String query, QuerySyntax syntax, boolean fuzzy) {
    return QueryPlanner.plan(query, syntax, fuzzy, limits, engine.aliases());
  }

  /** Work on one snapshot. */
  private interface Work<T> {
    T run(Snapshot snapshot) throws IOException;
  }

  /**
   * Runs on one snapshot, so every read in a call sees the same index version, within the time
   * budget: past it, throws {@link SearchTimeoutException} instead of returning what it found so
   * far (Lucene's searcher quietly returns partial results when the budget says stop).
   */
  private <T> T call(Work<T> work) {
    boolean owner = budget.start();
    boolean ranOut = false;
    T result;
    try (Snapshot s = engine.snapshot()) {
      result = work.run(s);
    } catch (ExitableDirectoryReader.ExitingReaderException e) {
      ranOut = true;
      throw new SearchTimeoutException(limits.timeout());
    } catch (IndexSearcher.TooManyClauses e) {
      int max = Math.min(limits.maxClauses(), IndexSearcher.getMaxClauseCount());
      throw LuceneSyntaxParser.tooManyClauses("expands to more than " + LimitMessages.thousands(max), max);
    } catch (IOException e) {
      throw new SearchException("Cannot read " + engine.where() + ": " + e, e);
    } finally {
      ranOut |= owner && budget.end();
    }
    if (ranOut) {
      throw new SearchTimeoutException(limits.timeout());
    }
    return result;
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
