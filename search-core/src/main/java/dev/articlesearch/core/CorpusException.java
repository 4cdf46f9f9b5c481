package dev.articlesearch.core;

/** The corpus cannot be indexed at all (missing folder, no readable article). */
public class CorpusException extends SearchException {
  private static final long serialVersionUID = 1L;

  public CorpusException(String message) {
    super(message);
  }

  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
