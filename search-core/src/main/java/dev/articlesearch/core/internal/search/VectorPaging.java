package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * Pages of a search by meaning, and of a hybrid search: the nearest paragraphs alone, or fused
 * with the keyword tiers' ranking by reciprocal rank (Cormack, Clarke and Büttcher, SIGIR 2009):
 * {@code Σ 1/(k + rank)} over the rankings a paragraph is in. Ranks, not scores, are fused, so
 * BM25's unbounded scores and the vectors' similarities need no common scale.
 */
public final class VectorPaging {
  /** The fusion's constant: larger flattens the difference between the top ranks. */
  static final int RRF_K = 60;

  private static final List<SearchMode> SEMANTIC_ONLY = List.of(SearchMode.SEMANTIC);
  private static final List<SearchMode> BOTH = List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC);

  private VectorPaging() {}

  /** How deep each ranking is read: the candidates, or the page's end if deeper. */
  static int depth(int offset, int limit) {
    return Math.max(SearchRequest.SEMANTIC_CANDIDATES, offset + limit);
  }

  /** The nearest paragraphs, by paragraph or grouped by article. */
  public static Paging.Page semantic(Snapshot s, String field, float[] vector, Query filter,
      int offset, int limit, boolean grouped) throws IOException {
    List<Ranked> near = s.nearest(field, vector, depth(offset, limit), filter);
    Map<Ranked, List<SearchMode>> by = new HashMap<>();
    near.forEach(r -> by.put(r, SEMANTIC_ONLY));
    if (grouped) {
      return Paging.grouped(near, offset, limit, by);
    }
    return new Paging.Page(near.size(), true, Paging.window(near, offset, limit), Map.of(), by);
  }

  /**
   * The keyword tiers and the nearest paragraphs fused. Grouped, every keyword hit takes part (as
   * in a keyword search, every matching article is counted); else each ranking to {@link
   * #depth}. The total is the keyword total plus the paragraphs found only by meaning; exact when
   * the keyword ranking was read whole.
   */
  public static Paging.Page hybrid(Snapshot s, List<Query> tiers, String field, float[] vector,
      Query filter, int offset, int limit, boolean grouped, int countLimit) throws IOException {
    int depth = depth(offset, limit);
    long keywordTotal;
    boolean keywordExact;
    List<Ranked> keyword;
    if (grouped) {
      keyword = new ArrayList<>();
      for (Query tier : tiers) {
        keyword.addAll(s.all(tier));
      }
      keywordTotal = keyword.size();
      keywordExact = true;
    } else {
      Paging.Page page = Paging.paragraphs(s, tiers, 0, depth, countLimit);
      keyword = page.hits();
      keywordTotal = page.total();
      keywordExact = page.totalExact() && keywordTotal <= keyword.size();
    }
    List<Ranked> near = s.nearest(field, vector, depth, filter);
    Map<Ranked, List<SearchMode>> by = new HashMap<>();
    List<Ranked> fused = fuse(keyword, near, by);
    if (grouped) {
      return Paging.grouped(fused, offset, limit, by);
    }
    long meaningOnly = fused.size() - keyword.size();
    return new Paging.Page(keywordTotal + meaningOnly, keywordExact,
        Paging.window(fused, offset, limit), Map.of(), by);
  }

  /**
   * Reciprocal rank fusion of two rankings, in the library's order (fused score, then article id,
   * then paragraph); {@code by} is told which ranking found each fused hit.
   */
  static List<Ranked> fuse(List<Ranked> keyword, List<Ranked> near,
      Map<Ranked, List<SearchMode>> by) {
    Map<String, Ranked> first = new LinkedHashMap<>();
    Map<String, Double> score = new HashMap<>();
    Map<String, List<SearchMode>> found = new HashMap<>();
    add(keyword, SearchMode.KEYWORD, first, score, found);
    add(near, SearchMode.SEMANTIC, first, score, found);
    List<Ranked> out = new ArrayList<>(first.size());
    for (Map.Entry<String, Ranked> e : first.entrySet()) {
      Ranked r = e.getValue();
      Ranked f = new Ranked(r.articleId(), r.paragraph(), score.get(e.getKey()).floatValue(),
          r.doc(), r.stored());
      out.add(f);
      by.put(f, found.get(e.getKey()).size() == 2 ? BOTH : found.get(e.getKey()));
    }
    out.sort(Comparator.comparingDouble((Ranked r) -> -r.score())
        .thenComparing(Ranked::articleId).thenComparingInt(Ranked::paragraph));
    return out;
  }

  private static void add(List<Ranked> ranking, SearchMode mode, Map<String, Ranked> first,
      Map<String, Double> score, Map<String, List<SearchMode>> found) {
    for (int i = 0; i < ranking.size(); i++) {
      Ranked r = ranking.get(i);
      String key = r.articleId() + "#" + r.paragraph();
      first.putIfAbsent(key, r);
      score.merge(key, 1.0 / (RRF_K + i + 1), Double::sum);
      found.merge(key, List.of(mode), (a, b) -> a.contains(mode) ? a : BOTH);
    }
  }
}
