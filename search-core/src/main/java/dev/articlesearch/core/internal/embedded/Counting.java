package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DocIdStream;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;

/**
 * Counts matches only as far as anyone reads a total. An exact count visits every match: for a
 * query with a common word ({@code the}, {@code 的}) that is most of a large index, several
 * milliseconds per query spent on a number shown as "10,000+" anyway.
 */
public final class Counting {
  /** Totals are exact up to this many (the deepest page, {@link SearchRequest#MAX_WINDOW}). */
  public static final int LIMIT = SearchRequest.MAX_WINDOW;

  /**
   * A query with at most this many matches is ranked and counted in one pass ({@link
   * LuceneSnapshot#topAndCount}).
   */
  public static final int FEW_TO_SCORE = 256;

  private Counting() {}

  /** The number of matches of {@code query}, or {@code limit} if there are at least as many. */
  public static int upTo(IndexSearcher searcher, Query query, int limit) throws IOException {
    if (limit <= 0) {
      return 0;
    }
    IndexReader reader = searcher.getIndexReader();
    if (reader.maxDoc() >= limit && atLeast(reader, query, limit) >= limit) {
      return limit;
    }
    AtomicInteger count = new AtomicInteger();
    return searcher.search(query, new CollectorManager<UpTo, Integer>() {
      @Override
      public UpTo newCollector() {
        return new UpTo(limit, count);
      }

      @Override
      public Integer reduce(Collection<UpTo> collectors) {
        return Math.min(count.get(), limit);
      }
    });
  }

  /**
   * How many matches {@code query} has at least, from the index's term statistics alone (no
   * posting is read), looking no further once {@code enough} is known: a word's document frequency
   * where the index has no deleted paragraphs, the largest of a disjunction's, a required clause's
   * where the other clauses are optional. 0 where nothing is known: a conjunction, a phrase, an
   * exclusion, an index with deletions (its frequencies count deleted paragraphs too).
   *
   * <p>A query with a common word ({@code free}, {@code 的}) has more than 10,000 matches, which its
   * word's frequency says at the cost of one term lookup; counting them to 10,000 (or ranking them
   * with the exact total, every one scored) cost the search hundreds of microseconds.
   */
  public static long atLeast(IndexReader reader, Query query, long enough) throws IOException {
    if (reader.hasDeletions()) {
      return 0;
    }
    return known(reader, query, enough);
  }

  private static long known(IndexReader reader, Query query, long enough) throws IOException {
    query = matching(query);
    if (query instanceof TermQuery t) {
      return reader.docFreq(t.getTerm());
    }
    if (!(query instanceof BooleanQuery b) || b.getMinimumNumberShouldMatch() > 1) {
      return 0;
    }
    Query required = null;
    for (BooleanClause c : b) {
      switch (c.occur()) {
        case MUST, FILTER -> {
          if (required != null) {
            return 0; // a conjunction: its matches are fewer than any clause's
          }
          required = c.query();
        }
        case MUST_NOT -> {
          return 0;
        }
        case SHOULD -> { } // optional beside a required clause; a disjunction's below
      }
    }
    if (required != null) {
      // Optional clauses beside a required one only add to the score, unless some must match.
      return b.getMinimumNumberShouldMatch() == 0 ? known(reader, required, enough) : 0;
    }
    long most = 0;
    for (BooleanClause c : b) {
      most = Math.max(most, known(reader, c.query(), enough));
      if (most >= enough) {
        break;
      }
    }
    return most;
  }

  /**
   * How many matches {@code query} has at most, from the index's term statistics alone, looking no
   * further once more than {@code enough} are possible: the index's size; a word's document
   * frequency (deleted paragraphs included, so still a bound); a phrase's words' or a conjunction's
   * required clauses', the first within {@code enough} (else the fewest); the sum of a
   * disjunction's. Unbounded (the index's size) for any other query. Past {@code enough}, the
   * number returned is only known to be above it.
   */
  public static long atMost(IndexReader reader, Query query, long enough) throws IOException {
    long size = reader.maxDoc();
    return size <= enough ? size : Math.min(size, most(reader, query, enough));
  }

  private static long most(IndexReader reader, Query query, long enough) throws IOException {
    query = matching(query);
    if (query instanceof TermQuery t) {
      return reader.docFreq(t.getTerm());
    }
    if (query instanceof PhraseQuery p) {
      long fewest = Long.MAX_VALUE;
      for (Term t : p.getTerms()) {
        fewest = Math.min(fewest, reader.docFreq(t));
        if (fewest <= enough) {
          break;
        }
      }
      return fewest;
    }
    if (!(query instanceof BooleanQuery b)) {
      return Long.MAX_VALUE;
    }
    long fewest = Long.MAX_VALUE;
    boolean required = false;
    for (BooleanClause c : b) {
      if (c.isRequired()) {
        required = true;
        fewest = Math.min(fewest, most(reader, c.query(), enough));
        if (fewest <= enough) {
          return fewest;
        }
      }
    }
    if (required) {
      return fewest;
    }
    long sum = 0;
    for (BooleanClause c : b) {
      if (c.occur() == BooleanClause.Occur.SHOULD) {
        sum += Math.min(most(reader, c.query(), enough), enough + 1); // no overflow: sum <= enough
        if (sum > enough) {
          return sum;
        }
      }
    }
    return sum;
  }

  /** The query that decides what {@code query} matches: its boosts and constant scores taken off. */
  private static Query matching(Query query) {
    while (true) {
      if (query instanceof BoostQuery b) {
        query = b.getQuery();
      } else if (query instanceof ConstantScoreQuery c) {
        query = c.getQuery();
      } else {
        return query;
      }
    }
  }

  /**
   * Stops each segment, and skips the rest, once {@code limit} matches are counted. A segment
   * whose count the index already knows ({@link Weight#count}: a term without deletions, a query
   * that matches nothing there) is not visited; the others are counted a window at a time where
   * the scorer hands matches over in bulk (a disjunction's bit set), else one by one.
   */
  private static final class UpTo implements Collector {
    private final int limit;
    private final AtomicInteger count;
    private Weight weight;

    UpTo(int limit, AtomicInteger count) {
      this.limit = limit;
      this.count = count;
    }

    @Override
    public void setWeight(Weight weight) {
      this.weight = weight;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
      if (count.get() >= limit) {
        throw new CollectionTerminatedException();
      }
      int known = weight == null ? -1 : weight.count(context);
      if (known >= 0) {
        count.addAndGet(known);
        throw new CollectionTerminatedException();
      }
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) {
          if (count.incrementAndGet() >= limit) {
            throw new CollectionTerminatedException();
          }
        }

        @Override
        public void collect(DocIdStream stream) throws IOException {
          if (count.addAndGet(stream.count()) >= limit) {
            throw new CollectionTerminatedException();
          }
        }
      };
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
