package dev.articlesearch.core.internal.highlight;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * A view of an index for one highlighting call that hands the postings of one paragraph's matches
 * out again for the next paragraph. {@code Weight#matches} asks for a new postings enum for every
 * term of the query in every paragraph, and building one (cloning the index inputs and slicing
 * their memory) cost more than reading the few positions a paragraph holds: for {@code Zhipu AI
 * large model} on the seeds, whose aliases add five more names, building postings enums was 7.9%
 * of the server's CPU samples, 1.6% once the highlighter reused them (the rest: the search's own).
 *
 * <p>An enum is handed out again only after {@link #release}, which the caller calls once it has
 * read everything it was given so far; Lucene then resets it to the new term, as it does with any
 * enum passed for reuse. Terms enums are never reused: a query that walks every term (a wildcard
 * {@code *}) expects a fresh one. Not thread-safe: one call, one thread.
 */
final class PostingsReuse extends FilterDirectoryReader {
  private final Pool pool;

  private PostingsReuse(DirectoryReader in, Pool pool) throws IOException {
    super(in, new SubReaderWrapper() {
      @Override
      public LeafReader wrap(LeafReader reader) {
        return new Leaf(reader, pool);
      }
    });
    this.pool = pool;
  }

  /** A view of {@code reader} that reuses postings. */
  static PostingsReuse of(DirectoryReader reader) throws IOException {
    return new PostingsReuse(reader, new Pool());
  }

  /** Every postings enum handed out so far may be handed out again. */
  void release() {
    pool.release();
  }

  @Override
  protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
    return of(in);
  }

  @Override
  public CacheHelper getReaderCacheHelper() {
    return null; // a view for one call: nothing may be cached against it
  }

  /**
   * Enums of one field of one segment, read with the same flags: Lucene reuses an enum only within
   * its segment and field, and only for the flags it was made with (a page's walk reads no offsets,
   * a paragraph's matches do).
   */
  private record Key(LeafReader leaf, String field, int flags) {}

  private static final class Pool {
    private final Map<Key, ArrayDeque<PostingsEnum>> free = new HashMap<>();
    /** By identity: a caller may pass an enum back for reuse itself and get the same one. */
    private final Map<PostingsEnum, Key> lent = new IdentityHashMap<>();

    PostingsEnum postings(Key key, TermsEnum terms, PostingsEnum reuse, int flags)
        throws IOException {
      if (reuse == null) {
        ArrayDeque<PostingsEnum> waiting = free.get(key);
        reuse = waiting == null ? null : waiting.poll();
      }
      PostingsEnum postings = terms.postings(reuse, flags);
      lent.put(postings, key);
      return postings;
    }

    void release() {
      for (Map.Entry<PostingsEnum, Key> e : lent.entrySet()) {
        free.computeIfAbsent(e.getValue(), k -> new ArrayDeque<>()).push(e.getKey());
      }
      lent.clear();
    }
  }

  private static final class Leaf extends FilterLeafReader {
    private final Pool pool;

    Leaf(LeafReader in, Pool pool) {
      super(in);
      this.pool = pool;
    }

    @Override
    public Terms terms(String field) throws IOException {
      Terms terms = in.terms(field);
      return terms == null ? null : new ReusingTerms(terms, this, field, pool);
    }

    @Override
    public CacheHelper getCoreCacheHelper() {
      return null;
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return null;
    }
  }

  private static final class ReusingTerms extends FilterLeafReader.FilterTerms {
    private final LeafReader leaf;
    private final String field;
    private final Pool pool;

    ReusingTerms(Terms in, LeafReader leaf, String field, Pool pool) {
      super(in);
      this.leaf = leaf;
      this.field = field;
      this.pool = pool;
    }

    @Override
    public TermsEnum iterator() throws IOException {
      return new FilterLeafReader.FilterTermsEnum(in.iterator()) {
        @Override
        public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
          return pool.postings(new Key(leaf, field, flags), in, reuse, flags);
        }
      };
    }

    // FilterTerms would answer these through iterator(): the segment's own are faster.
    @Override
    public TermsEnum intersect(CompiledAutomaton compiled, BytesRef startTerm) throws IOException {
      return in.intersect(compiled, startTerm);
    }

    @Override
    public BytesRef getMin() throws IOException {
      return in.getMin();
    }

    @Override
    public BytesRef getMax() throws IOException {
      return in.getMax();
    }
  }
}
