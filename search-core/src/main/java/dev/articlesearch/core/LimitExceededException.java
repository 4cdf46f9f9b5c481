package dev.articlesearch.core;

/**
 * A request past one of the index's {@link Limits}: the message names the limit, its value and
 * how far the request went, e.g. "The query is 1,204 characters; the limit (max_query_length) is
 * 1,000". An {@link InvalidQueryException}, so code that already refuses bad queries refuses these.
 */
public class LimitExceededException extends InvalidQueryException {
  private static final long serialVersionUID = 1L;
  private final String limit;

  public LimitExceededException(String limit, String message, int position) {
    super(message, position);
    this.limit = limit;
  }

  /** The limit's name as in {@link Limits} and the server's flags, e.g. {@code max_query_length}. */
  public String limit() {
    return limit;
  }
}
