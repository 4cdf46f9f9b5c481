package dev.articlesearch.core;

import java.nio.file.Path;
import java.util.Map;

/** The default engine: an {@link ArticleIndex} in the folder named by {@value #INDEX_KEY}. */
public final class EmbeddedBackend implements ArticleSearchBackend {
  public static final String NAME = "embedded";
  public static final String INDEX_KEY = "index";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ArticleSearch open(Map<String, String> settings, Limits limits) {
    String folder = settings.get(INDEX_KEY);
    if (folder == null || folder.isBlank()) {
      throw new IllegalArgumentException(
          "Setting '" + INDEX_KEY + "' is required: the folder of the index to search");
    }
    return ArticleIndex.open(Path.of(folder), limits);
  }
}
