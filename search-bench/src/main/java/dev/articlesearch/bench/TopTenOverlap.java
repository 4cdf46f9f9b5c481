package dev.articlesearch.bench;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;

/**
 * Do the library and OpenSearch find the same paragraphs? Runs each query through {@link
 * ArticleIndex#search} and, translated ({@link dev.articlesearch.cluster.QueryDsl}), through {@link OpenSearchPeer#search},
 * and compares the first page: order, set, totals and scores. The benchmark reports its
 * OpenSearch figures only next to this agreement.
 */
final class TopTenOverlap {
  /**
   * Scores closer than this (relative) count as equal: the engines sum the same float terms,
   * sometimes in another order, which moves the last bits (about 1e-7 to 1e-6 seen).
   */
  static final double SCORE_TOLERANCE = 1e-5;

  /**
   * One query on both engines.
   *
   * @param query as typed (the {@code simple} syntax)
   * @param ourTotal and {@code peerTotal}: all matching paragraphs
   * @param ours and {@code peer}: {@code articleId#paragraph} of the first page, in rank order
   * @param ourScores and {@code peerScores}: the BM25 score of each of them
   * @param untranslatable why the query has no OpenSearch form, or null
   */
  record QueryAgreement(
      String query, long ourTotal, long peerTotal, List<String> ours, List<String> peer,
      List<Float> ourScores, List<Float> peerScores, String untranslatable) {
    QueryAgreement {
      ours = List.copyOf(ours);
      peer = List.copyOf(peer);
      ourScores = List.copyOf(ourScores);
      peerScores = List.copyOf(peerScores);
    }

    boolean sameOrder() {
      return untranslatable == null && ours.equals(peer);
    }

    boolean sameSet() {
      return untranslatable == null && new HashSet<>(ours).equals(new HashSet<>(peer));
    }

    /** Hits on both pages over the longer page; 1 when both are empty. */
    double overlap() {
      if (untranslatable != null) {
        return 0;
      }
      int longer = Math.max(ours.size(), peer.size());
      if (longer == 0) {
        return 1;
      }
      Set<String> common = new HashSet<>(ours);
      common.retainAll(new HashSet<>(peer));
      return (double) common.size() / longer;
    }

    /**
     * The largest relative score difference ({@code |a - b| / max(|a|, |b|)}) of a paragraph
     * found by both; 0 if none is. Float rounding alone gives about 1e-7.
     */
    double maxScoreDifference() {
      Map<String, Float> theirs = new HashMap<>();
      for (int i = 0; i < peer.size(); i++) {
        theirs.put(peer.get(i), peerScores.get(i));
      }
      double max = 0;
      for (int i = 0; i < ours.size(); i++) {
        Float s = theirs.get(ours.get(i));
        if (s != null) {
          float ourScore = ourScores.get(i);
          double scale = Math.max(Math.abs(s), Math.abs(ourScore));
          max = Math.max(max, scale == 0 ? 0 : Math.abs(s - ourScore) / scale);
        }
      }
      return max;
    }
  }

  /**
   * Over all queries.
   *
   * @param queries compared
   * @param sameOrder with the same first page in the same order
   * @param sameSet with the same first page in any order
   * @param sameTotal with the same total
   * @param meanOverlap mean of {@link QueryAgreement#overlap()}
   * @param untranslatable with no OpenSearch form
   * @param sameScores with every paragraph both found scored the same, within {@link
   *     #SCORE_TOLERANCE}
   * @param roundingDifference largest relative score difference among those queries
   * @param maxScoreDifference largest relative score difference of all
   */
  record Summary(
      int queries, int sameOrder, int sameSet, int sameTotal, double meanOverlap,
      int untranslatable, int sameScores, double roundingDifference, double maxScoreDifference) {
    double sameSetFraction() {
      return queries == 0 ? 1 : (double) sameSet / queries;
    }
  }

  /**
   * Runs every query on both engines, a page of {@code size} hits each.
   *
   * @param index the OpenSearch index loaded from {@code ours} ({@link OpenSearchPeer#bulkLoad})
   */
  static List<QueryAgreement> compare(
      ArticleIndex ours, OpenSearchPeer peer, String index, List<String> queries, int size) {
    List<QueryAgreement> out = new ArrayList<>(queries.size());
    for (String q : queries) {
      SearchRequest request = SearchRequest.of(q).withLimit(size);
      SearchResult result = ours.search(request);
      List<String> keys = result.hits().stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
      List<Float> scores = result.hits().stream().map(Hit::score).toList();
      List<Query> tiers = ours.queryTiers(request);
      try {
        OpenSearchPeer.PeerResult theirs = peer.search(index, tiers, size, false);
        out.add(new QueryAgreement(q, result.total(), theirs.total(), keys, theirs.keys(), scores,
            theirs.scores(), null));
      } catch (IllegalArgumentException e) {
        out.add(new QueryAgreement(q, result.total(), 0, keys, List.of(), scores, List.of(), e.getMessage()));
      }
    }
    return out;
  }

  static Summary summarize(List<QueryAgreement> agreements) {
    int order = 0;
    int set = 0;
    int total = 0;
    int untranslatable = 0;
    int sameScores = 0;
    double overlap = 0;
    double rounding = 0;
    double maxDiff = 0;
    for (QueryAgreement a : agreements) {
      order += a.sameOrder() ? 1 : 0;
      set += a.sameSet() ? 1 : 0;
      total += a.untranslatable() == null && a.ourTotal() == a.peerTotal() ? 1 : 0;
      untranslatable += a.untranslatable() != null ? 1 : 0;
      overlap += a.overlap();
      double diff = a.maxScoreDifference();
      if (diff <= SCORE_TOLERANCE) {
        sameScores++;
        rounding = Math.max(rounding, diff);
      }
      maxDiff = Math.max(maxDiff, diff);
    }
    int n = agreements.size();
    return new Summary(n, order, set, total, n == 0 ? 1 : overlap / n, untranslatable, sameScores,
        rounding, maxDiff);
  }

  private TopTenOverlap() {}
}
