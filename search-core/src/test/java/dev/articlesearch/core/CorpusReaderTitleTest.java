package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The title line: the first non-blank line is the title when a dash separator follows it, and only
 * then; otherwise the title is derived from the first sentence and flagged. A file with nothing but
 * a title line is skipped.
 */
class CorpusReaderTitleTest extends CorpusReaderFixtures {
  @ParameterizedTest(name = "separator [{0}]")
  @ValueSource(strings = {"-", "---", "  -  ", "\t---\t", "\u3000---\u3000"})
  void firstLineFollowedByADashSeparatorIsTheTitleAndTheSeparatorIsNoParagraph(String separator)
      throws IOException {
    Article article =
        read("zhipu.txt", "智谱AI的融资历程\n" + separator + "\n近日智谱AI完成新一轮融资。\n投资人阵容豪华。\n");

    assertEquals(
        new Article(
            "zhipu",
            "智谱AI的融资历程",
            false,
            List.of(new Paragraph(1, "近日智谱AI完成新一轮融资。"), new Paragraph(2, "投资人阵容豪华。"))),
        article);
  }

  @Test
  void titleIsTheFirstNonBlankLineStripped() throws IOException {
    Article article =
        read(
            "valuation.txt",
            "\n  \n\u3000 Behind the Billion-Dollar Valuation  \n---\n"
                + "For Zhipu AI, the phrase 'the center of attention' has been fitting for a long time.\n");

    assertEquals(
        new Article(
            "valuation",
            "Behind the Billion-Dollar Valuation",
            false,
            List.of(
                new Paragraph(
                    1,
                    "For Zhipu AI, the phrase 'the center of attention' has been fitting for a long"
                        + " time."))),
        article);
  }

  @ParameterizedTest(name = "line [{0}]")
  @ValueSource(strings = {"--", "----", "- -", "—", "==="})
  void otherDashLinesAreNotSeparatorsButParagraphs(String line) throws IOException {
    Article article = read("zhipu.txt", "智谱AI的融资历程\n" + line + "\n近日智谱AI完成新一轮融资。\n");

    assertEquals(
        new Article(
            "zhipu",
            "智谱AI的融资历程",
            true,
            List.of(
                new Paragraph(1, "智谱AI的融资历程"),
                new Paragraph(2, line.strip()),
                new Paragraph(3, "近日智谱AI完成新一轮融资。"))),
        article);
  }

  @Test
  void separatorAfterABlankLineDoesNotMakeATitle() throws IOException {
    Article article = read("zhipu.txt", "智谱AI的融资历程\n\n-\n近日智谱AI完成新一轮融资。\n");

    assertEquals(
        new Article(
            "zhipu",
            "智谱AI的融资历程",
            true,
            List.of(
                new Paragraph(1, "智谱AI的融资历程"),
                new Paragraph(2, "-"),
                new Paragraph(3, "近日智谱AI完成新一轮融资。"))),
        article);
  }

  @Test
  void withoutATitleLineTheTitleIsDerivedFromTheFirstSentenceAndFlagged() throws IOException {
    write(
        "entity-list.txt",
        "According to reports, the U.S. Department of Commerce has placed Zhipu AI on the Entity"
            + " List. The company responded the same day.\n"
            + "Zhipu AI subsequently released a statement.\n");
    write("valuation.txt", "Behind the Billion-Dollar Valuation\n-\nZhipu AI raised 2.5 billion yuan.\n");

    ArticleIndex.rebuild(corpus, indexDir);

    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      String derived =
          "According to reports, the U.S. Department of Commerce has placed Zhipu AI on…";
      assertEquals(
          List.of(
              new ArticleSummary("entity-list", derived, true, 2),
              new ArticleSummary("valuation", "Behind the Billion-Dollar Valuation", false, 1)),
          index.articles());
      assertEquals(
          Optional.of(
              new Article(
                  "entity-list",
                  derived,
                  true,
                  List.of(
                      new Paragraph(
                          1,
                          "According to reports, the U.S. Department of Commerce has placed Zhipu"
                              + " AI on the Entity List. The company responded the same day."),
                      new Paragraph(2, "Zhipu AI subsequently released a statement.")))),
          index.article("entity-list"));
    }
  }

  @Test
  void fileWithOnlyATitleLineIsSkipped() throws IOException {
    Path file = write("title-only.txt", "智谱AI的融资历程\n---\n\n");

    assertEquals(
        new CorpusReader.FileResult(file, 29, null, new SkippedFile("title-only.txt", NO_PARAGRAPHS)),
        CorpusReader.read(file));
  }
}
