package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * Pages of a search by meaning, and of a hybrid search: the nearest paragraphs in each space the
 * query has a vector in, alone or fused with the keyword tiers, by reciprocal rank (Cormack,
 * Clarke and Büttcher, SIGIR 2009): {@code Σ w/(k + rank)} over the rankings a paragraph is in.
 * Ranks, not scores, are fused, so BM25's unbounded scores and two models' similarities need no
 * common scale.
 */
public final class VectorPaging {
  /**
   * The fusion's constant: larger flattens the difference between the top ranks. The usual 60
   * was tried on the judged set with 20 and 10 (hybrid nDCG@10 overall 0.758, 0.769, 0.780): on
   * paragraphs the first few ranks of each retriever carry most of what it knows.
   */
  static final int RRF_K = 10;

  /**
   * The weight of the keyword tier "some of the words" against "every word" (1) and each
   * semantic ranking (1): a paragraph with only some of the words, often only the common ones,
   * is weak evidence. Tried 1, 0.5, 0.25: the meaning and questions groups gain most at 0.5 to
   * 0.25 with no group losing more than 0.01.
   */
  static final double SOME_WORDS_WEIGHT = 0.5;

  private static final List<SearchMode> KEYWORD = List.of(SearchMode.KEYWORD);
  private static final List<SearchMode> SEMANTIC = List.of(SearchMode.SEMANTIC);
  private static final List<SearchMode> BOTH = List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC);

  private VectorPaging() {}

  /** How deep each ranking is read: the candidates, or the page's end if deeper. */
  static int depth(int offset, int limit) {
    return Math.max(SearchRequest.SEMANTIC_CANDIDATES, offset + limit);
  }

  /** The nearest paragraphs to each of the query's vectors, in its space. */
  private static List<List<Ranked>> nearest(Snapshot s, List<Embedder.Vector> query, Query filter,
      int depth) throws IOException {
    List<List<Ranked>> out = new ArrayList<>(query.size());
    for (Embedder.Vector v : query) {
      out.add(s.nearest(Fields.vector(v.space()), v.values(), depth, filter));
    }
    return out;
  }

  /**
   * The nearest paragraphs, by paragraph or grouped by article. With one query vector they rank
   * by similarity; with several, by their fused ranks.
   */
  public static Paging.Page semantic(Snapshot s, List<Embedder.Vector> query, Query filter,
      int offset, int limit, boolean grouped) throws IOException {
    List<List<Ranked>> near = nearest(s, query, filter, depth(offset, limit));
    Map<Ranked, List<SearchMode>> by = new HashMap<>();
    List<Ranked> ranking;
    if (near.size() == 1) {
      ranking = near.get(0);
      ranking.forEach(r -> by.put(r, SEMANTIC));
    } else {
      ranking = fuse(List.of(), near, by);
    }
    if (grouped) {
      return Paging.grouped(ranking, offset, limit, by);
    }
    return new Paging.Page(ranking.size(), true, Paging.window(ranking, offset, limit), Map.of(), by);
  }

  /**
   * The keyword tiers and the nearest paragraphs fused. Grouped, every keyword hit takes part (as
   * in a keyword search, every matching article is counted); else each ranking to {@link
   * #depth}. The total is the keyword total plus the paragraphs found only by meaning; exact when
   * the keyword ranking was read whole.
   */
  public static Paging.Page hybrid(Snapshot s, List<Query> tiers, List<Embedder.Vector> query,
      Query filter, int offset, int limit, boolean grouped, int countLimit) throws IOException {
    int depth = depth(offset, limit);
    long keywordTotal = 0;
    boolean keywordExact = true;
    List<List<Ranked>> keyword = new ArrayList<>(tiers.size());
    int keywordHits = 0;
    for (Query tier : tiers) {
      List<Ranked> hits;
      if (grouped) {
        hits = s.all(tier);
        keywordTotal += hits.size();
      } else {
        Paging.Page page = Paging.paragraphs(s, List.of(QueryPlan.Tier.alone(tier)), 0,
            Math.max(0, depth - keywordHits),
            (int) Math.max(0, countLimit - keywordTotal));
        hits = page.hits();
        keywordTotal += page.total();
        keywordExact &= page.totalExact() && page.total() <= hits.size();
      }
      keyword.add(hits);
      keywordHits += hits.size();
    }
    Map<Ranked, List<SearchMode>> by = new HashMap<>();
    List<Ranked> fused = fuse(keyword, nearest(s, query, filter, depth), by);
    if (grouped) {
      return Paging.grouped(fused, offset, limit, by);
    }
    long meaningOnly = fused.size() - keywordHits;
    return new Paging.Page(keywordTotal + meaningOnly, keywordExact,
        Paging.window(fused, offset, limit), Map.of(), by);
  }

  /**
   * Reciprocal rank fusion, in the library's order (fused score, then article id, then
   * paragraph). The keyword tiers are one ranking, each tier below the one before; {@code by} is
   * told which retrievers found each fused hit.
   */
  static List<Ranked> fuse(List<List<Ranked>> keywordTiers, List<List<Ranked>> near,
      Map<Ranked, List<SearchMode>> by) {
    Map<String, Ranked> first = new LinkedHashMap<>();
    Map<String, Double> score = new HashMap<>();
    Map<String, List<SearchMode>> found = new HashMap<>();
    int rank = 0;
    for (int t = 0; t < keywordTiers.size(); t++) {
      add(keywordTiers.get(t), rank, t == 0 ? 1 : SOME_WORDS_WEIGHT, KEYWORD, first, score, found);
      rank += keywordTiers.get(t).size();
    }
    for (List<Ranked> ranking : near) {
      add(ranking, 0, 1, SEMANTIC, first, score, found);
    }
    List<Ranked> out = new ArrayList<>(first.size());
    for (Map.Entry<String, Ranked> e : first.entrySet()) {
      Ranked r = e.getValue();
      Ranked f = new Ranked(r.articleId(), r.paragraph(), score.get(e.getKey()).floatValue(),
          r.doc(), r.stored());
      out.add(f);
      by.put(f, found.get(e.getKey()));
    }
    out.sort(Comparator.comparingDouble((Ranked r) -> -r.score())
        .thenComparing(Ranked::articleId).thenComparingInt(Ranked::paragraph));
    return out;
  }

  private static void add(List<Ranked> ranking, int startRank, double weight,
      List<SearchMode> retriever, Map<String, Ranked> first, Map<String, Double> score,
      Map<String, List<SearchMode>> found) {
    for (int i = 0; i < ranking.size(); i++) {
      Ranked r = ranking.get(i);
      String key = r.articleId() + "#" + r.paragraph();
      first.putIfAbsent(key, r);
      score.merge(key, weight / (RRF_K + startRank + i + 1), Double::sum);
      found.merge(key, retriever, (a, b) -> a.equals(b) ? a : BOTH);
    }
  }
}
