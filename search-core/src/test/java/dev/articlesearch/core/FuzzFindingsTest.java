package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.matched;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.corpus.TitleDeriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fuzz tests found, as named behaviour. Their crashing inputs stay in the fuzz tests'
 * inputs folders too; these say in words what was wrong.
 */
class FuzzFindingsTest {
  @TempDir Path tmp;

  /**
   * The UnifiedHighlighter breaks passages at U+0000, and the highlight call kept one passage, so
   * it marked only the best NUL-separated piece while the search marked them all (found by
   * HighlighterFuzzTest: crash-5996bec3…).
   */
  @Test
  void highlightMarksEveryMatchOfAParagraphHoldingANulCharacter() throws IOException {
    Path corpus = Files.createDirectories(tmp.resolve("corpus"));
    String paragraph = "智谱AI发布了GLM-4，\u0000随后又开源了GLM-4的小模型。";
    Files.writeString(corpus.resolve("nul.txt"), "空字符\n---\n" + paragraph + "\n", UTF_8);
    try (ArticleIndex index = TestIndexes.build(corpus, tmp.resolve("index"))) {
      Hit hit = index.search(SearchRequest.of("GLM-4")).hits().get(0);
      HighlightResult.HighlightedParagraph marked =
          index.highlight(HighlightRequest.of("GLM-4", "nul")).orElseThrow().paragraphs().get(0);

      assertEquals(paragraph, marked.text());
      assertEquals(List.of(new Span(7, 12), new Span(20, 25)), marked.matches());
      assertEquals(hit.matches(), marked.matches());
      assertEquals("智谱AI发布了<mark>GLM-4</mark>，\u0000随后又开源了<mark>GLM-4</mark>的小模型。",
          marked.html());
      assertEquals(List.of("GLM-4", "GLM-4"), matched(hit));
    }
  }

  /**
   * A derived title is the first sentence cut to 80 characters, but a paragraph that opened with
   * a full stop has an empty first sentence and was shown whole as the title (found while writing
   * CorpusReaderFuzzTest's title property; the 60 s fuzz run had not reached it).
   */
  @Test
  void derivedTitleOfAParagraphOpeningWithAFullStopIsCutToLength() throws IOException {
    String paragraph = "。" + "智谱AI发布新一代基座大模型GLM-4，整体性能比上一代提升近60%，".repeat(4);
    Path file = Files.writeString(tmp.resolve("stop.txt"), paragraph + "\n", UTF_8);

    Article article = CorpusReader.read(file).article();

    assertTrue(article.titleDerived());
    assertEquals(TitleDeriver.MAX_LENGTH, article.title().codePointCount(0, article.title().length()));
    assertEquals(paragraph.substring(0, TitleDeriver.MAX_LENGTH - 1) + "…", article.title());
  }
}
