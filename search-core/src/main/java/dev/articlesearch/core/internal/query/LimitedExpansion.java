package dev.articlesearch.core.internal.query;

import dev.articlesearch.core.LimitExceededException;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.internal.util.LimitMessages;
import java.io.IOException;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.AttributeSource;

/**
 * Rewrites a wildcard, prefix, regular expression or range as Lucene does by default (one
 * constant-score filter over its terms' postings), but first counts its terms and refuses a
 * pattern that matches more than {@code max}: {@code *a*} on a large index would otherwise read
 * the postings of most of its words. Refused rather than cut to the top terms (Lucene's
 * {@code TopTermsRewrite}), which would silently drop matches of a pattern that asked for all.
 * The count walks the terms through the reader, so the time budget stops it too.
 */
public final class LimitedExpansion extends MultiTermQuery.RewriteMethod {
  public static final String LIMIT = "max_expansions";

  private final int max;

  public LimitedExpansion(int max) {
    this.max = max;
  }

  @Override
  public Query rewrite(IndexSearcher searcher, MultiTermQuery query) throws IOException {
    Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), query.getField());
    if (terms != null) {
      TermsEnum matching = getTermsEnum(query, terms, new AttributeSource());
      int n = 0;
      while (matching.next() != null) {
        if (++n > max) {
          throw new LimitExceededException(LIMIT, "The pattern '" + query.toString(query.getField())
              + "' matches more than " + LimitMessages.thousands(max) + " terms; "
              + LimitMessages.named(LIMIT, max), -1);
        }
      }
    }
    return MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE.rewrite(searcher, query);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LimitedExpansion other && other.max == max;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(max) * 31 + LimitedExpansion.class.hashCode();
  }
}
