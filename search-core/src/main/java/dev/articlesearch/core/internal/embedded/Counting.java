package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts matches only as far as anyone reads a total. An exact count visits every match: for a
 * query with a common word ({@code the}, {@code 的}) that is most of a large index, several
 * milliseconds per query spent on a number shown as "10,000+" anyway.
 */
public final class Counting {
  /** Totals are exact up to this many (the deepest page, {@link SearchRequest#MAX_WINDOW}). */
  public static final int LIMIT = SearchRequest.MAX_WINDOW;

  private Counting() {}

  /** The number of matches of {@code query}, or {@code limit} if there are at least as many. */
  public static int upTo(IndexSearcher searcher, Query query, int limit) throws IOException {
    if (limit <= 0) {
      return 0;
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

  /** Stops each segment, and skips the rest, once {@code limit} matches are counted. */
  private record UpTo(int limit, AtomicInteger count) implements Collector {
    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) {
      if (count.get() >= limit) {
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
      };
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
