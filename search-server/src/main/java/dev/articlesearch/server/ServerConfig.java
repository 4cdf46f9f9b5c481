package dev.articlesearch.server;

import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the server listens and what it serves.
 *
 * @param host the interface to bind, {@code 127.0.0.1} unless told otherwise
 * @param port the port, or 0 for any free one
 * @param engine the settings that choose the engine and where its index is, as {@link
 *     ArticleSearch#open} reads them: {@code index=<folder>} for the index on this machine (built
 *     beforehand with a rebuild), {@code backend=opensearch} and {@code opensearch.urls} for a
 *     cluster
 * @param limits what one request may cost (query length, expansions, the time budget, …)
 * @param corsOrigins the origins whose web pages may read the API's answers (CORS), each exactly
 *     as a browser sends it ({@code https://example.org}, {@code http://localhost:3000}); none by
 *     default
 */
public record ServerConfig(String host, int port, Map<String, String> engine, Limits limits,
    List<String> corsOrigins) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  /** What a browser sends as Origin: scheme, host, optional port; no path, no trailing slash. */
  private static final Pattern ORIGIN =
      Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    engine = Map.copyOf(engine);
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Parameter 'port' must be from 0 to 65535, was " + port);
    }
    corsOrigins = List.copyOf(corsOrigins);
    for (String origin : corsOrigins) {
      String problem = originProblem(origin);
      if (problem != null) {
        throw new IllegalArgumentException("Parameter 'corsOrigins' " + problem);
      }
    }
  }

  /** The index in {@code indexDir}. */
  public ServerConfig(String host, int port, Path indexDir, Limits limits,
      List<String> corsOrigins) {
    this(host, port, embedded(indexDir), limits, corsOrigins);
  }

  private static Map<String, String> embedded(Path indexDir) {
    Objects.requireNonNull(indexDir, "indexDir");
    return Map.of(ArticleSearch.INDEX_KEY, indexDir.toString());
  }

  /** The default {@link Limits} and no cross-origin access. */
  public ServerConfig(String host, int port, Path indexDir) {
    this(host, port, indexDir, Limits.DEFAULTS, List.of());
  }

  /** No cross-origin access. */
  public ServerConfig(String host, int port, Path indexDir, Limits limits) {
    this(host, port, indexDir, limits, List.of());
  }

  /** The default {@link Limits}. */
  public ServerConfig(String host, int port, Path indexDir, List<String> corsOrigins) {
    this(host, port, indexDir, Limits.DEFAULTS, corsOrigins);
  }

  /** Why {@code origin} is not an origin a browser could send, or null if it is one. */
  static String originProblem(String origin) {
    return ORIGIN.matcher(origin).matches() ? null
        : "must be an origin such as https://example.org (http or https, a host, an optional port;"
            + " no path, no '*'), was '" + origin + "'";
  }
}
