package dev.articlesearch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * An engine {@link ArticleSearch#open} can choose by name. Found with {@link ServiceLoader}: a
 * module that brings an engine lists its class in {@code
 * META-INF/services/dev.articlesearch.core.ArticleSearchBackend}.
 */
public interface ArticleSearchBackend {
  /** The value of {@value ArticleSearch#BACKEND_KEY} that chooses this engine. */
  String name();

  /**
   * Opens this engine.
   *
   * @param settings every setting, the engine's own keys among them
   * @param limits the limits read from the settings
   */
  ArticleSearch open(Map<String, String> settings, Limits limits);

  /** The engine of that name on the class path. */
  static ArticleSearchBackend named(String name) {
    List<String> known = new ArrayList<>(List.of(ArticleSearch.EMBEDDED));
    for (ArticleSearchBackend b : ServiceLoader.load(ArticleSearchBackend.class,
        ArticleSearchBackend.class.getClassLoader())) {
      if (b.name().equals(name)) {
        return b;
      }
      known.add(b.name());
    }
    throw new IllegalArgumentException("Setting '" + ArticleSearch.BACKEND_KEY + "' names '" + name
        + "', which is not on the class path; available: " + String.join(", ", known)
        + (name.equals("opensearch") ? " (add the dev.articlesearch:search-cluster module)" : ""));
  }
}
