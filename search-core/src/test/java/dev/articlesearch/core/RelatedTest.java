package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Related paragraphs: MoreLikeThis over both text fields, other articles apart from the same one. */
class RelatedTest {
  private static final String ENTITY = "000_df9a3cfbf9da6c43";
  private static final String ZHIPU = "002_aaf58d43826c50b3";

  @Test
  void entityListParagraphIsRelatedToTheSanctionsParagraphsOfItsArticleAndToOtherArticles(
      @TempDir Path dir) {
    try (ArticleIndex index = TestIndexes.build(TestIndexes.SEEDS, dir)) {
      Related r = index.related(ENTITY, 1, 5).orElseThrow();
      List<Integer> same = r.sameArticle().stream().map(Related.RelatedParagraph::paragraph).toList();
      // ¶6: "the U.S. sanctions on China's AI industry"; ¶2: "despite facing U.S. sanctions".
      assertEquals(6, same.get(0));
      assertTrue(same.contains(2), same.toString());
      assertTrue(!same.contains(1), "never the paragraph itself");
      assertTrue(r.sameArticle().stream().allMatch(p -> p.articleId().equals(ENTITY)));
      assertEquals(5, r.otherArticles().size());
      assertTrue(r.otherArticles().stream().allMatch(p -> p.articleId().equals(ZHIPU)));
      Related.RelatedParagraph best = r.otherArticles().get(0);
      assertEquals(index.article(ZHIPU).orElseThrow().paragraphs().get(best.paragraph() - 1).text(),
          best.text());
      assertTrue(r.otherArticles().get(0).score() >= r.otherArticles().get(4).score());
    }
  }

  @Test
  void chineseParagraphFindsTheChineseParagraphsAboutTheSameThing(@TempDir Path dir) {
    try (ArticleIndex index = TestIndexes.build(TestIndexes.CHINESE, dir)) {
      Related r = index.related("zh_001", 1, 3).orElseThrow();
      // zh_001 ¶1 (智谱AI, 发布, 模型, GLM-4) is most like its own ¶2 (智谱AI, GLM-4).
      assertEquals(2, r.sameArticle().get(0).paragraph());
      assertTrue(r.otherArticles().stream().noneMatch(p -> p.articleId().equals("zh_001")));
    }
  }

  @Test
  void unknownArticleOrParagraphHasNoRelatedAndBadValuesAreRefused(@TempDir Path dir) {
    try (ArticleIndex index = TestIndexes.build(TestIndexes.SEEDS, dir)) {
      assertEquals(Optional.empty(), index.related("nope", 1, 5));
      assertEquals(Optional.empty(), index.related(ENTITY, 7, 5));
      assertEquals("Parameter 'limit' must be between 1 and 50, was 0",
          assertThrows(IllegalArgumentException.class, () -> index.related(ENTITY, 1, 0)).getMessage());
    }
  }
}
