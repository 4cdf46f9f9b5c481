package dev.articlesearch.core.internal.highlight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesUtils;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * The matches of a rewritten query in a page of paragraphs, as {@code Weight#matches} of the
 * whole query gives them, for less. A boolean query's weight asks every optional clause for its
 * matches in every paragraph (it stops early only at a missing required one), and a phrase or term
 * clause builds its postings for that paragraph to say no:
 * with an alias group of six names, most of a page's highlighting was optional clauses that
 * matched nothing. Here a leaf of the boolean tree that once matches nothing in a paragraph walks
 * the page's paragraphs of each segment with one scorer, and from then on is asked for its matches
 * only in the paragraphs it matches.
 *
 * <p>The boolean tree is evaluated as {@code BooleanWeight#matches} does (required, prohibited,
 * optional clauses and the minimum that should match); boosts and constant scores, which do not
 * change what matches, are looked through. Any other query is a leaf.
 *
 * <p>A walk's scorer is done with when the walk ends: its postings may be handed out again (see
 * {@link PostingsReuse}).
 */
final class PageMatches {
  private final IndexSearcher searcher;
  /** The page's docs, sorted: what a leaf walks. */
  private final int[] page;
  private final Node root;

  private PageMatches(IndexSearcher searcher, int[] page, Query rewritten) throws IOException {
    this.searcher = searcher;
    this.page = page;
    this.root = node(rewritten);
  }

  /**
   * The matches of {@code rewritten} in {@code docs} (ids in {@code searcher}'s reader, any
   * order).
   */
  static PageMatches of(IndexSearcher searcher, Query rewritten, int[] docs) throws IOException {
    int[] sorted = docs.clone();
    Arrays.sort(sorted);
    return new PageMatches(searcher, sorted, rewritten);
  }

  /** As {@code Weight#matches} of the whole query: null where the paragraph does not match. */
  Matches matches(LeafReaderContext context, int doc) throws IOException {
    return root.matches(context, doc);
  }

  private Node node(Query q) throws IOException {
    if (q instanceof BoostQuery b) {
      return node(b.getQuery());
    }
    if (q instanceof ConstantScoreQuery c) {
      return node(c.getQuery());
    }
    if (q instanceof BooleanQuery b) {
      List<Occur> occurs = new ArrayList<>();
      List<Node> children = new ArrayList<>();
      for (BooleanClause c : b.clauses()) {
        occurs.add(c.occur());
        children.add(node(c.query()));
      }
      return new Bool(occurs, children, b.getMinimumNumberShouldMatch());
    }
    Weight weight = searcher.createWeight(q, ScoreMode.COMPLETE_NO_SCORES, 1f);
    return new Leaf(weight, walksLazily(q));
  }

  /**
   * Whether the query's scorer reads only what the page's paragraphs need. A wildcard's or a
   * range's scorer first collects the postings of all its terms, far more work than asking it
   * about each paragraph; such a leaf is asked in every paragraph, as the boolean weight would.
   */
  private static boolean walksLazily(Query q) {
    return q instanceof TermQuery || q instanceof PhraseQuery || q instanceof MultiPhraseQuery
        || q instanceof SynonymQuery;
  }

  /** The docs of the page that {@code weight} matches, one scorer per segment. */
  private Set<Integer> matching(Weight weight) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Set<Integer> found = new HashSet<>();
    int i = 0;
    while (i < page.length) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(page[i], leaves));
      int end = leaf.docBase + leaf.reader().maxDoc();
      int from = i;
      while (i < page.length && page[i] < end) {
        i++;
      }
      ScorerSupplier supplier = weight.scorerSupplier(leaf);
      if (supplier == null) {
        continue;
      }
      Scorer scorer = supplier.get(i - from);
      TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
      DocIdSetIterator it = twoPhase == null ? scorer.iterator() : twoPhase.approximation();
      for (int j = from; j < i; j++) {
        if (j > from && page[j] == page[j - 1]) {
          continue; // the same paragraph twice: a two-phase match is checked once per doc
        }
        int local = page[j] - leaf.docBase;
        int at = it.docID() >= local ? it.docID() : it.advance(local);
        if (at == local && (twoPhase == null || twoPhase.matches())) {
          found.add(page[j]);
        }
        if (at == DocIdSetIterator.NO_MORE_DOCS) {
          break;
        }
      }
    }
    return found;
  }

  private sealed interface Node permits Leaf, Bool {
    Matches matches(LeafReaderContext context, int doc) throws IOException;
  }

  /**
   * A query that is not a boolean one. It is asked in each paragraph until it first matches
   * nothing there: a clause that matches every paragraph (most of a plain query's words) costs no
   * more than before. Then, if its scorer is lazy, it walks the page once and is asked only where
   * it matches.
   */
  private final class Leaf implements Node {
    private final Weight weight;
    /** Whether the leaf may still walk the page: its scorer is lazy and it has not walked yet. */
    private boolean mayWalk;
    /** The page's docs the leaf matches, once walked; null before. */
    private Set<Integer> matching;

    Leaf(Weight weight, boolean lazy) {
      this.weight = weight;
      this.mayWalk = lazy;
    }

    @Override
    public Matches matches(LeafReaderContext context, int doc) throws IOException {
      if (matching != null) {
        return matching.contains(context.docBase + doc) ? weight.matches(context, doc) : null;
      }
      Matches m = weight.matches(context, doc);
      if (m == null && mayWalk) {
        matching = matching(weight);
        mayWalk = false;
      }
      return m;
    }
  }

  /** A boolean query, evaluated clause by clause as {@code BooleanWeight#matches} does. */
  private record Bool(List<Occur> occurs, List<Node> children, int minShouldMatch)
      implements Node {
    @Override
    public Matches matches(LeafReaderContext context, int doc) throws IOException {
      List<Matches> matches = new ArrayList<>();
      int shouldMatchCount = 0;
      for (int i = 0; i < children.size(); i++) {
        Occur occur = occurs.get(i);
        Matches m = children.get(i).matches(context, doc);
        if (occur == Occur.MUST_NOT && m != null) {
          return null;
        }
        if (occur == Occur.MUST || occur == Occur.FILTER) {
          if (m == null) {
            return null;
          }
          matches.add(m);
        }
        if (occur == Occur.SHOULD && m != null) {
          matches.add(m);
          shouldMatchCount++;
        }
      }
      return shouldMatchCount < minShouldMatch ? null : MatchesUtils.fromSubMatches(matches);
    }
  }
}
