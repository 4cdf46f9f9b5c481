package dev.articlesearch.core;

/**
 * A {@code lucene}-syntax query that cannot be run: the message says what is wrong and where.
 * The {@code simple} syntax throws it only as {@link LimitExceededException}, for a query past the
 * index's {@link Limits}.
 */
public class InvalidQueryException extends SearchException {
  private static final long serialVersionUID = 1L;
  private final int position;

  public InvalidQueryException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Index (0-based, UTF-16) in the query where the problem starts, or -1 if not tied to one. */
  public int position() {
    return position;
  }
}
