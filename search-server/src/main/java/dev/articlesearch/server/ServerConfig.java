package dev.articlesearch.server;

import dev.articlesearch.core.Limits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server listens and what it serves.
 *
 * @param host the interface to bind, {@code 127.0.0.1} unless told otherwise
 * @param port the port, or 0 for any free one
 * @param indexDir the index folder (built beforehand with a rebuild)
 * @param limits what one request may cost (query length, expansions, the time budget, …)
 */
public record ServerConfig(String host, int port, Path indexDir, Limits limits) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(indexDir, "indexDir");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Parameter 'port' must be from 0 to 65535, was " + port);
    }
  }

  /** With the default {@link Limits}. */
  public ServerConfig(String host, int port, Path indexDir) {
    this(host, port, indexDir, Limits.DEFAULTS);
  }
}
