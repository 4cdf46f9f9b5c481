package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.util.BytesRef;

/**
 * The order of hits: BM25 score, then article id, then paragraph number ({@link ArticleOrder}).
 * The tie-break makes pages stable across rebuilds: documents are indexed by several threads, so
 * Lucene's own tie-break (the document id) changes from one build of the same corpus to the next.
 */
public final class Ranking {
  private static final Sort ORDER =
      new Sort(SortField.FIELD_SCORE, new SortField(Fields.ARTICLE_ID, new ArticleOrder()));

  /**
   * The best {@code n} hits in order, with their scores, and the total: exact up to {@code
   * countLimit} (or {@code n}, if more), a lower bound past it.
   */
  public static TopDocs top(IndexSearcher searcher, Query query, int n, int countLimit) throws IOException {
    TopDocs top;
    try {
      top = searcher.search(query, new TopFieldCollectorManager(ORDER, n, Math.max(n, countLimit)));
    } catch (UncheckedIOException e) {
      throw e.getCause(); // an article id the comparator could not read: the index's own error
    }
    for (ScoreDoc sd : top.scoreDocs) {
      sd.score = (Float) ((FieldDoc) sd).fields[0];
    }
    return top;
  }

  /** The article id of a hit from {@link #top}: the sort already read it (null if it has none). */
  public static String articleId(ScoreDoc hit) {
    BytesRef id = key(hit).articleId();
    return id == null ? null : id.utf8ToString();
  }

  /** The paragraph number of a hit from {@link #top}. */
  public static int paragraph(ScoreDoc hit) {
    return key(hit).paragraph();
  }

  private static ArticleOrder.Key key(ScoreDoc hit) {
    return (ArticleOrder.Key) ((FieldDoc) hit).fields[1];
  }

  private Ranking() {}
}
