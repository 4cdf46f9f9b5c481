package dev.articlesearch.core;

/**
 * A {@link SearchMode#SEMANTIC} or {@link SearchMode#HYBRID} search that this index or engine
 * cannot run; the message names what is missing (the search-semantic module, the index's vectors,
 * vector search in the cluster). A keyword search of the same index still works.
 */
public class ModeUnavailableException extends SearchException {
  private static final long serialVersionUID = 1L;

  public ModeUnavailableException(String message) {
    super(message);
  }
}
