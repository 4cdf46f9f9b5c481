package dev.articlesearch.core.internal.query;

import dev.articlesearch.core.LimitExceededException;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.util.LimitMessages;
import java.util.List;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The checks every engine makes before anything runs, and the plan of a query: the query's length,
 * the paging window and the context against the limits, then the query parsed in its syntax.
 */
public final class QueryPlanner {
  private QueryPlanner() {}

  /**
   * The plan of a query, after the length check; for the {@code lucene} syntax its clauses,
   * nesting, expansions and regular expressions are checked as it is parsed.
   *
   * @throws LimitExceededException when the query goes past one of the limits
   * @throws dev.articlesearch.core.InvalidQueryException for a malformed {@code lucene} query
   */
  public static QueryPlan plan(String query, QuerySyntax syntax, boolean fuzzy, Limits limits,
      Aliases aliases) {
    checkLength(query, limits);
    return switch (syntax) {
      case SIMPLE -> SimpleQueryParser.parse(query, aliases, fuzzy);
      case LUCENE -> query.isBlank() ? new QueryPlan(List.of(), List.of(), List.of())
          : QueryPlan.single(LuceneSyntaxParser.toQuery(query, limits));
    };
  }

  /** The length of a query against {@code max_query_length}, before any analysis. */
  public static void checkLength(String query, Limits limits) {
    int length = query.codePointCount(0, query.length());
    if (length > limits.maxQueryLength()) {
      throw new LimitExceededException("max_query_length", "The query is "
          + LimitMessages.thousands(length) + " characters; "
          + LimitMessages.named("max_query_length", limits.maxQueryLength()), limits.maxQueryLength());
    }
  }

  /** The paging window and the context against {@code max_window} and {@code max_context}. */
  public static void checkPaging(SearchRequest request, Limits limits) {
    int window = request.offset() + request.limit();
    if (window > limits.maxWindow()) {
      throw new LimitExceededException("max_window", "Paging goes to hit "
          + LimitMessages.thousands(window) + " (offset " + LimitMessages.thousands(request.offset()) + " + limit "
          + request.limit() + "); " + LimitMessages.named("max_window", limits.maxWindow()), -1);
    }
    if (request.context() > limits.maxContext()) {
      throw new LimitExceededException("max_context", "Context of " + request.context()
          + " paragraphs; " + LimitMessages.named("max_context", limits.maxContext()), -1);
    }
  }

  /** The limit the highlight call holds a whole article to, given its paragraph count. */
  public static void checkHighlightParagraphs(String articleId, long paragraphs, Limits limits) {
    if (paragraphs > limits.maxHighlightParagraphs()) {
      throw new LimitExceededException(MAX_HIGHLIGHT_PARAGRAPHS, "Article '" + articleId + "' has "
          + LimitMessages.thousands(paragraphs) + " paragraphs; "
          + LimitMessages.named(MAX_HIGHLIGHT_PARAGRAPHS, limits.maxHighlightParagraphs())
          + ": highlight it a paragraph at a time", -1);
    }
  }

  private static final String MAX_HIGHLIGHT_PARAGRAPHS = "max_highlight_paragraphs";

  /** Only the paragraphs of these articles; null (no filter) for none. */
  public static Query articleFilter(List<String> ids) {
    if (ids.isEmpty()) {
      return null;
    }
    return new TermInSetQuery(Fields.ARTICLE_ID, ids.stream().map(BytesRef::new).toList());
  }
}
