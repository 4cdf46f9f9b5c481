package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the engine and its limits by settings. */
class ArticleSearchTest {
  @Test
  void settingsWithAnIndexFolderOpenTheEmbeddedIndexWithTheLimitsTheyName(@TempDir Path tmp) {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(TestIndexes.SEEDS, dir);
    try (ArticleSearch search = ArticleSearch.open(
        Map.of("index", dir.toString(), "max_query_length", "20", "timeout_ms", "60000"))) {
      assertInstanceOf(ArticleIndex.class, search);
      assertEquals("index " + dir, search.source());
      assertEquals(20, search.limits().maxQueryLength());
      assertEquals(Duration.ofMinutes(1), search.limits().timeout());
      assertEquals(Limits.DEFAULT_MAX_WINDOW, search.limits().maxWindow());
      assertEquals(32, search.search("智谱").total());
      assertEquals(List.of("000_df9a3cfbf9da6c43", "002_aaf58d43826c50b3"),
          search.articles().stream().map(ArticleSummary::id).toList());
    }
  }

  @Test
  void anExplicitEmbeddedBackendNeedsTheIndexSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArticleSearch.open(Map.of("backend", "embedded")));
    assertEquals("Setting 'index' is required: the folder of the index to search", e.getMessage());
  }

  @Test
  void aBackendThatIsNotOnTheClassPathIsNamedWithTheOnesThatAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArticleSearch.open(Map.of("backend", "opensearch")));
    assertEquals("Setting 'backend' names 'opensearch', which is not on the class path; available:"
        + " embedded (add the dev.articlesearch:search-cluster module)", e.getMessage());
  }

  @Test
  void aMalformedOrOutOfRangeLimitIsRefusedNamingTheSetting() {
    assertEquals("Setting 'max_window' must be a whole number, was '10k'",
        assertThrows(IllegalArgumentException.class,
            () -> Limits.fromSettings(Map.of("max_window", "10k"))).getMessage());
    assertEquals("Setting 'max_window': Parameter 'maxWindow' must be between 1 and 10000, was 20000",
        assertThrows(IllegalArgumentException.class,
            () -> Limits.fromSettings(Map.of("max_window", "20000"))).getMessage());
    assertEquals(Limits.DEFAULTS.withMaxContext(0),
        Limits.fromSettings(Map.of("max_context", "0", "opensearch.urls", "http://x:9200")));
  }
}
