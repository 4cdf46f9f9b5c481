package dev.articlesearch.cluster;

import dev.articlesearch.core.SearchException;

/**
 * The cluster could not do what was asked: unreachable, refused the request, or answered with an
 * error. The message is one line an operator can act on, naming the cluster; never its raw JSON.
 */
public class ClusterException extends SearchException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ClusterException(String message, int status) {
    super(message);
    this.status = status;
  }

  ClusterException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status the cluster answered with, or 0 when it gave no answer. */
  public int status() {
    return status;
  }
}
