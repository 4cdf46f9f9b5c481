package dev.articlesearch.core.internal.query;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;

/**
 * What to search for, as ranked tiers: paragraphs that contain every query word (every group)
 * come before paragraphs that contain only some, whatever their BM25 scores.
 *
 * @param groups each must match for the first tier; at least one for the second
 * @param excludes none may match
 * @param titleBoosts scored, never required: a title match lifts every paragraph of the article a
 *     little, within its tier
 */
public record QueryPlan(
    List<Query> groups, List<Query> excludes, List<Query> titleBoosts, List<AliasUse> aliasUses) {
  /**
   * A query word matched through its alias group: the name typed and, for each other name, the
   * query that finds it, so a hit can say which alias it contains.
   */
  public record AliasUse(String typed, List<String> others, List<Query> otherQueries) {}

  public QueryPlan(List<Query> groups, List<Query> excludes, List<Query> titleBoosts) {
    this(groups, excludes, titleBoosts, List.of());
  }

  /** A title match adds this fraction of its BM25 score. */
  public static final float TITLE_BOOST = 0.2f;

  /** A plan with one group that must match and no tiers (the lucene syntax). */
  public static QueryPlan single(Query query) {
    return new QueryPlan(List.of(query), List.of(), List.of());
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** The queries to run in order; the hits of each tier come after all hits of the previous. */
  public List<Query> tiers(Query filter) {
    return rankedTiers(filter).stream().map(Tier::query).toList();
  }

  /**
   * A tier's query, and the same query without the clause that leaves out the earlier tiers' hits.
   * That one finds the earlier hits too and scores the tier's own exactly as the tier does: where
   * the earlier hits are all known, the tier is ranked from it with Lucene's skipping of hits that
   * cannot make the page, and counted as the difference, instead of matching the earlier tiers
   * again, as an exclusion, at every candidate.
   *
   * @param withEarlier the hits of this tier and of every earlier one; the query itself for the first
   */
  public record Tier(Query query, Query withEarlier) {
    /**
     * A tier with no earlier tier: the first of a list, or a list of its own. Never a later tier,
     * whose total would then be counted less the earlier ones from a query that excludes them.
     */
    public static Tier alone(Query query) {
      return new Tier(query, query);
    }
  }

  /** {@link #tiers}, each with its query that also finds the earlier tiers' hits. */
  public List<Tier> rankedTiers(Query filter) {
    List<Tier> tiers = new ArrayList<>(2);
    tiers.add(Tier.alone(build(all(Occur.MUST), null, filter, true)));
    if (groups.size() > 1) {
      tiers.add(new Tier(build(all(Occur.SHOULD), all(Occur.MUST), filter, true),
          build(all(Occur.SHOULD), null, filter, true)));
    }
    return tiers;
  }

  /**
   * Every paragraph that matches, for highlighting: each group counts on its own. Without the
   * title boosts: only the text is highlighted, and the highlighter looks up every clause's terms
   * for every paragraph it highlights.
   */
  public Query matchQuery() {
    return build(all(Occur.SHOULD), null, null, false);
  }

  private Query all(Occur occur) {
    if (groups.size() == 1) {
      return groups.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    groups.forEach(g -> b.add(g, occur));
    return b.build();
  }

  private Query build(Query required, Query notAlso, Query filter, boolean titles) {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(required, Occur.MUST);
    if (notAlso != null) {
      b.add(notAlso, Occur.MUST_NOT);
    }
    for (Query t : titles ? titleBoosts : List.<Query>of()) {
      b.add(new BoostQuery(t, TITLE_BOOST), Occur.SHOULD);
    }
    excludes.forEach(e -> b.add(e, Occur.MUST_NOT));
    if (filter != null) {
      b.add(filter, Occur.FILTER);
    }
    return b.build();
  }
}
