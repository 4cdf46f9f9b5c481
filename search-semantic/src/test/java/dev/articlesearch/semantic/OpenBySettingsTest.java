package dev.articlesearch.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ArticleSearch.open} with {@code semantic=true} loads the embedder and owns it. */
class OpenBySettingsTest {
  @Test
  void semanticSettingServesEveryModeAndWithoutItKeywordOnly(@TempDir Path dir) {
    Path index = dir.resolve("index");
    try (Embedder embedder = Embedder.load(LocalEmbedderTest.NATIVES)) {
      ArticleIndex.rebuild(Path.of("..", "seeds"), index, p -> {}, embedder);
    }
    try (ArticleSearch search = ArticleSearch.open(Map.of(ArticleSearch.INDEX_KEY, index.toString(),
        ArticleSearch.SEMANTIC_KEY, "true",
        ArticleSearch.NATIVES_KEY, LocalEmbedderTest.NATIVES.toString()))) {
      assertEquals(List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC, SearchMode.HYBRID), search.modes());
      var hit = search.search(SearchRequest.of("who made the picture").withMode(SearchMode.SEMANTIC)
          .withLimit(1)).hits().get(0);
      assertEquals("000_df9a3cfbf9da6c43#3", hit.articleId() + "#" + hit.paragraph());
    }
    try (ArticleSearch search = ArticleSearch.open(Map.of(ArticleSearch.INDEX_KEY, index.toString()))) {
      assertEquals(List.of(SearchMode.KEYWORD), search.modes());
    }
  }
}
