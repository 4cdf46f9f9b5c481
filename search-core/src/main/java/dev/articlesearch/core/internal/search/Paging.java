package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.internal.query.QueryPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;

/**
 * One page of a search, from its ranked tiers: by paragraph, or by article (each article once, at
 * the rank of its best paragraph). Every hit of a tier ranks above every hit of the next.
 */
public final class Paging {
  private Paging() {}

  /**
   * A page of hits, the total they are a page of (exact, or a lower bound past the count limit),
   * and (grouped) each hit's other matching paragraphs, ascending.
   */
  public record Page(long total, boolean totalExact, List<Ranked> hits,
      Map<Ranked, List<Integer>> otherParagraphs, Map<Ranked, List<SearchMode>> foundBy) {
    /** Which retrievers found a hit of this page: a keyword page's were all found by keyword. */
    public List<SearchMode> foundBy(Ranked hit) {
      return foundBy.getOrDefault(hit, KEYWORD_ONLY);
    }
  }

  static final List<SearchMode> KEYWORD_ONLY = List.of(SearchMode.KEYWORD);

  /**
   * Paragraphs, tier by tier: a tier is only ranked as deep as the page needs, the rest counted,
   * all only as far as {@code countLimit}. Once the earlier tiers' total is exact, a later tier is
   * ranked and counted through {@link QueryPlan.Tier#withEarlier}: ranked with skipping (only the
   * page's depth is scored, the earlier hits among it dropped) and counted without scores, less
   * the earlier total. On the 1m benchmark corpus that took a second tier from 1.2 ms to 1.0 ms
   * where it is ranked and from 100 to 40 µs where it is only counted, the same hits and totals.
   * A tier with few matches is ranked and counted in one pass ({@link Snapshot#topAndCount}).
   */
  public static Page paragraphs(Snapshot s, List<QueryPlan.Tier> tiers, int offset, int limit,
      int countLimit) throws IOException {
    int need = offset + limit;
    List<Ranked> ranked = new ArrayList<>(need);
    long total = 0;
    boolean exact = true;
    for (QueryPlan.Tier tier : tiers) {
      int budget = (int) Math.max(0, countLimit - total);
      boolean earlierKnown = exact && total > 0;
      if (ranked.size() < need) {
        if (earlierKnown && total == ranked.size()) {
          TopHits top = s.topAndCount(tier.withEarlier(), need, (int) (budget + total));
          ranked.addAll(besides(top.hits(), ranked, need));
          long n = top.total() - total;
          total += n;
          exact &= n < budget;
        } else {
          TopHits top = s.top(tier.query(), need - ranked.size(), budget);
          total += top.total();
          exact &= top.exact();
          ranked.addAll(top.hits());
        }
      } else if (budget == 0) {
        exact = exact && s.count(tier.query(), 1) == 0; // a lower bound stays one: not looked at
      } else {
        long n = earlierKnown ? s.count(tier.withEarlier(), (int) (budget + total)) - total
            : s.count(tier.query(), budget);
        total += n;
        exact &= n < budget;
      }
    }
    return new Page(total, exact, window(ranked, offset, limit), Map.of(), Map.of());
  }

  /** The hits of {@code hits} that are not in {@code earlier}, as far as {@code need} in all. */
  private static List<Ranked> besides(List<Ranked> hits, List<Ranked> earlier, int need) {
    Set<Map.Entry<String, Integer>> seen = new HashSet<>();
    earlier.forEach(r -> seen.add(Map.entry(r.articleId(), r.paragraph())));
    List<Ranked> rest = new ArrayList<>(need - earlier.size());
    for (Ranked r : hits) {
      if (rest.size() + earlier.size() == need) {
        break;
      }
      if (!seen.contains(Map.entry(r.articleId(), r.paragraph()))) {
        rest.add(r);
      }
    }
    return rest;
  }

  /** Articles at the rank of their best paragraph; every hit is grouped to count the articles. */
  public static Page articles(Snapshot s, List<Query> tiers, int offset, int limit) throws IOException {
    List<Ranked> all = new ArrayList<>();
    for (Query tier : tiers) {
      all.addAll(s.all(tier));
    }
    return grouped(all, offset, limit, Map.of());
  }

  /**
   * A ranking grouped by article: each article at the rank of its best paragraph, its other
   * paragraphs of the ranking listed with it.
   */
  public static Page grouped(List<Ranked> ranking, int offset, int limit,
      Map<Ranked, List<SearchMode>> foundBy) {
    Map<String, Ranked> best = new LinkedHashMap<>();
    Map<String, List<Integer>> others = new HashMap<>();
    for (Ranked r : ranking) {
      if (best.putIfAbsent(r.articleId(), r) != null) {
        others.computeIfAbsent(r.articleId(), k -> new ArrayList<>()).add(r.paragraph());
      }
    }
    List<Ranked> page = window(new ArrayList<>(best.values()), offset, limit);
    Map<Ranked, List<Integer>> pageOthers = new HashMap<>();
    for (Ranked r : page) {
      List<Integer> rest = others.getOrDefault(r.articleId(), new ArrayList<>());
      rest.sort(null);
      pageOthers.put(r, rest);
    }
    return new Page(best.size(), true, page, pageOthers, foundBy);
  }

  public static <T> List<T> window(List<T> all, int offset, int limit) {
    int from = Math.min(offset, all.size());
    return all.subList(from, Math.min(all.size(), from + limit));
  }
}
