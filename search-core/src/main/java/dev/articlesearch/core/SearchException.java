package dev.articlesearch.core;

/** Base of every exception this library throws; no Lucene or JDK exception type escapes it. */
public class SearchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SearchException(String message) {
    super(message);
  }

  public SearchException(String message, Throwable cause) {
    super(message, cause);
  }
}
