package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.related.RelatedQueries;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Query;

/**
 * One call's view of an engine's index: how a planned Lucene query is ranked and counted, and
 * where stored paragraphs, matches and statistics come from. The embedded engine runs the queries
 * on its own searcher; the cluster engine translates them and asks OpenSearch.
 */
public interface Snapshot extends AutoCloseable {
  /**
   * The best {@code n} hits of {@code query} in the library's order, with the total: exact up to
   * {@code countLimit} (or {@code n}, if more), a lower bound past it.
   */
  public TopHits top(Query query, int n, int countLimit) throws IOException;

  /** The number of matches of {@code query}, or {@code limit} if there are at least as many. */
  public long count(Query query, int limit) throws IOException;

  /**
   * The best {@code n} hits of {@code query} and its number of matches, or {@code limit} ({@code
   * >= n}) if there are at least as many; exact when below {@code limit}. By default ranked with
   * skipping ({@code top(query, n, n)}) and then counted, unless the ranking already saw every
   * match; an engine that can tell a query has few matches ranks and counts them at once.
   */
  default TopHits topAndCount(Query query, int n, int limit) throws IOException {
    TopHits top = top(query, n, n);
    long total = top.exact() ? Math.min(top.total(), limit) : count(query, limit);
    return new TopHits(total, total < limit, top.hits());
  }

  /** Every match of {@code query} in the library's order (stored paragraphs not needed). */
  public List<Ranked> all(Query query) throws IOException;

  /**
   * The stored paragraph of each hit, in order.
   *
   * @throws RuntimeException of the engine's kind if a hit is gone (the index changed meanwhile)
   */
  public List<StoredParagraph> fetch(List<Ranked> hits) throws IOException;

  /** The paragraphs {@code from} to {@code to} (inclusive) of an article, in order. */
  public List<StoredParagraph> range(String articleId, int from, int to) throws IOException;

  /**
   * For each paragraph, its article's paragraphs from {@code context} before it to {@code
   * context} after it, itself left out, in order. By default one {@link #range} each; an engine
   * that pays per request reads them all at once.
   */
  default List<List<StoredParagraph>> around(List<StoredParagraph> paragraphs, int context)
      throws IOException {
    List<List<StoredParagraph>> out = new ArrayList<>(paragraphs.size());
    for (StoredParagraph p : paragraphs) {
      out.add(range(p.articleId(), p.number() - context, p.number() + context).stream()
          .filter(a -> a.number() != p.number()).toList());
    }
    return out;
  }

  /** The number of paragraphs of an article, or {@code limit} if it has at least as many. */
  public long paragraphCount(String articleId, int limit) throws IOException;

  /**
   * The matches of {@code query} in each paragraph: with {@code whole}, every match in the whole
   * text; else every match and the best sentence passage, for a snippet.
   */
  public MatchHighlighter.Matches[] matches(Query query, List<StoredParagraph> paragraphs, boolean whole)
      throws IOException;

  /** Whether the paragraph matches {@code query}. */
  public boolean matches(Query query, StoredParagraph paragraph) throws IOException;

  /** Did-you-mean: the vocabulary's closest word to {@code word} when no paragraph has it; else null. */
  public String correction(String word) throws IOException;

  /** Vocabulary terms starting with {@code key}, most paragraphs first, at most {@code n}. */
  public List<Suggestion> completions(String key, int n) throws IOException;

  /** The MoreLikeThis queries of a paragraph, weighed by this index's statistics. */
  public RelatedQueries relatedQueries(String articleId, int paragraph, String text) throws IOException;

  /** Every article, by id in byte order. */
  public List<ArticleSummary> articles() throws IOException;

  /** What the index holds. */
  public IndexStats stats() throws IOException;

  /**
   * The {@link Embedder#id()} the index's paragraph vectors were made with, or null if it has
   * none. Engines without vector search have none.
   */
  public default String vectorsBy() throws IOException {
    return null;
  }

  /**
   * The {@code k} paragraphs whose vectors in {@code field} are nearest {@code vector}, nearest
   * first (HNSW: approximate), each with its similarity as the score; only those matching {@code
   * filter} unless it is null. Asked only when {@link #vectorsBy()} is not null.
   */
  public default List<Ranked> nearest(String field, float[] vector, int k, Query filter)
      throws IOException {
    throw new UnsupportedOperationException("no vector search in this engine");
  }

  /** The stored vectors of a paragraph in these spaces (none if it has none). */
  public default List<Embedder.Vector> vectorsOf(StoredParagraph paragraph,
      List<Embedder.Space> spaces) throws IOException {
    return List.of();
  }

  @Override
  public void close();
}
