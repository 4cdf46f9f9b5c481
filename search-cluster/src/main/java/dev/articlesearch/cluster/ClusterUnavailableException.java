package dev.articlesearch.cluster;

/**
 * The cluster cannot answer now: no node reachable, overloaded (it rejected the request), red (a
 * shard has no copy), or it failed; the same request may succeed later. The server answers 503
 * with {@code Retry-After}. The message is one line naming the cluster, never its raw answer.
 */
public class ClusterUnavailableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  ClusterUnavailableException(String message, int status) {
    super(message, status);
  }

  ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
