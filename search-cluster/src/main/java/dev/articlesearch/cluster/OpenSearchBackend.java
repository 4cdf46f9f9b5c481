package dev.articlesearch.cluster;

import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.ArticleSearchBackend;
import dev.articlesearch.core.Limits;
import java.util.Map;

/**
 * The engine {@code backend=opensearch}: a {@link ClusterSearch} on the cluster named by {@value
 * #URLS_KEY} (comma-separated node URLs, required), through the alias {@value #INDEX_KEY}
 * (default {@value ClusterIndexer#DEFAULT_ALIAS}).
 */
public final class OpenSearchBackend implements ArticleSearchBackend {
  public static final String NAME = "opensearch";
  public static final String URLS_KEY = "opensearch.urls";
  public static final String INDEX_KEY = "opensearch.index";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException naming the setting, for a missing or malformed URL list or
   *     alias name
   * @throws ClusterUnavailableException if no node can be reached or the alias names no index
   */
  @Override
  public ArticleSearch open(Map<String, String> settings, Limits limits) {
    String urls = settings.get(URLS_KEY);
    if (urls == null || urls.isBlank()) {
      throw new IllegalArgumentException("Setting '" + URLS_KEY + "' is required: the cluster's"
          + " node URLs, comma-separated, such as http://10.0.0.1:9200,http://10.0.0.2:9200");
    }
    String alias = settings.getOrDefault(INDEX_KEY, ClusterIndexer.DEFAULT_ALIAS);
    ClusterIndexer.Target target;
    try {
      target = ClusterIndexer.Target.of(urls).withAlias(alias);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage().replace("--opensearch", "Setting '" + URLS_KEY + "'");
      throw new IllegalArgumentException(message.startsWith("The index alias")
          ? "Setting '" + INDEX_KEY + "': " + message : message, e);
    }
    return ClusterSearch.open(target.urls(), target.alias(), limits);
  }
}
