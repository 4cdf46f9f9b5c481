package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paragraphs: every non-blank line after the title is one, numbered from one, stripped of the
 * spaces around it and otherwise stored exactly; LF, CRLF, CR and mixed line ends all end a line;
 * a paragraph of a megabyte, or one unbroken megabyte token, is stored whole, and its words are
 * found wherever they fall.
 */
class CorpusReaderParagraphsTest extends CorpusReaderFixtures {
  // --- Paragraphs ------------------------------------------------------------------------------

  @Test
  void everyOtherNonBlankLineIsAParagraphNumberedFromOne() throws IOException {
    Article article =
        read("zhipu.txt", "标题\n-\n\n第一段。\n   \n\t\n第二段。\n\u3000\u3000\n第三段。\n\n\n");

    assertEquals(
        List.of(new Paragraph(1, "第一段。"), new Paragraph(2, "第二段。"), new Paragraph(3, "第三段。")),
        article.paragraphs());
  }

  @Test
  void paragraphsLoseSurroundingSpacesIncludingIdeographicOnesButNothingElse() throws IOException {
    Article article =
        read(
            "zhipu.txt",
            "声明\n-\n"
                + "\u3000\u3000智谱AI表示：“我们将继续推进**GLM-4**的开源。”\u3000\n"
                + " \t GLM-4  对比  GPT-4\t（测试版） \t\n");

    assertEquals(
        List.of(
            new Paragraph(1, "智谱AI表示：“我们将继续推进**GLM-4**的开源。”"),
            new Paragraph(2, "GLM-4  对比  GPT-4\t（测试版）")),
        article.paragraphs());
  }

  @Test
  void storedTextKeepsCurlyQuotesAndMarkdownExactly() throws IOException {
    String english =
        "**This decision makes Zhipu AI the first Chinese large model company on the U.S. Entity"
            + " List**, a “new round of pressure” — as one analyst put it, ‘unprecedented’…";
    String chinese = "智谱AI表示：“我们将继续推进**GLM-4**的开源。”";
    write("statement.txt", "Statement\n-\n" + english + "\n\u3000\u3000" + chinese + "\n");

    ArticleIndex.rebuild(corpus, indexDir);

    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          Optional.of(
              new Article(
                  "statement",
                  "Statement",
                  false,
                  List.of(new Paragraph(1, english), new Paragraph(2, chinese)))),
          index.article("statement"));
      Hit hit = index.search("unprecedented").hits().get(0);
      assertEquals(english, hit.text());
      int start = english.indexOf("unprecedented");
      assertEquals(List.of(new Span(start, start + "unprecedented".length())), hit.matches());
      assertEquals(chinese, index.search("开源").hits().get(0).text());
    }
  }

  // --- Line ends -------------------------------------------------------------------------------

  static Stream<Arguments> lineEnds() {
    return Stream.of(
        Arguments.of("LF", "智谱AI发展史\n-\n第一段。\n\n第二段。\n"),
        Arguments.of("CRLF", "智谱AI发展史\r\n-\r\n第一段。\r\n\r\n第二段。\r\n"),
        Arguments.of("CR", "智谱AI发展史\r-\r第一段。\r\r第二段。\r"),
        Arguments.of("mixed", "智谱AI发展史\r\n-\r第一段。\n\r\r\n第二段。"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineEnds")
  void lfCrlfCrAndMixedLineEndsAllEndALine(String name, String text) throws IOException {
    assertEquals(
        new Article(
            "zhipu",
            "智谱AI发展史",
            false,
            List.of(new Paragraph(1, "第一段。"), new Paragraph(2, "第二段。"))),
        read("zhipu.txt", text));
  }

  // --- Large paragraphs ------------------------------------------------------------------------

  @Test
  void oneMegabyteParagraphIsStoredWholeAndAWordNearItsEndIsFound() throws IOException {
    String sentence =
        "智谱AI于2024年发布GLM-4-Plus，𠮷野家也用它写菜单。"
            + "Zhipu AI says the GLM-4 model reads long Chinese documents well. ";
    int times = (1 << 20) / sentence.getBytes(UTF_8).length + 1;
    String tail = "The last sentence credits Anserini for the idea.";
    String paragraph = sentence.repeat(times) + tail;
    byte[] bytes = ("超长段落\n-\n" + paragraph + "\n").getBytes(UTF_8);
    writeBytes("long.txt", bytes);

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);

    assertEquals(1, report.articles());
    assertEquals(1, report.paragraphs());
    assertEquals(1_048_769, report.bytesRead());
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          Optional.of(new Article("long", "超长段落", false, List.of(new Paragraph(1, paragraph)))),
          index.article("long"));
      List<Hit> hits = index.search("Anserini").hits();
      assertEquals(1, hits.size());
      assertEquals(paragraph, hits.get(0).text());
      // UTF-16 offset: every 𠮷 before it counts twice. 780641 % 1024 = 353, clear of the
      // 1024-char chunk boundaries the word analyser splits words at (see the disabled test).
      assertEquals(List.of(new Span(780_641, 780_649)), hits.get(0).matches());
      assertEquals("Anserini", paragraph.substring(780_641, 780_649));
    }
  }

  @Test
  void oneMegabyteUnbrokenLatinTokenDoesNotBreakTheRebuild() throws IOException {
    String token = "Zhipu".repeat(1 << 18).substring(0, 1 << 20);
    write("token.txt", token + "\n");
    write("glm.txt", "智谱AI发布了GLM-4。\n"); // 26 bytes

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);

    assertEquals(2, report.articles());
    assertEquals(2, report.paragraphs());
    assertEquals((1 << 20) + 1 + 26, report.bytesRead());
    assertEquals(List.of(), report.skipped());
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          Optional.of(
              new Article(
                  "token", token.substring(0, 79) + "…", true, List.of(new Paragraph(1, token)))),
          index.article("token"));
      List<Hit> hits = index.search("GLM-4").hits();
      assertEquals(1, hits.size());
      assertEquals("glm", hits.get(0).articleId());
      assertEquals(List.of(new Span(7, 12)), hits.get(0).matches());
    }
  }

  // smartcn reads 1024 chars at a time; Analyzers lets it cut only where no word can span.
  @Test
  void wordAcrossTheThousandTwentyFourthCharOfALongParagraphIsFound() throws IOException {
    String paragraph =
        "Zhipu AI provides large model services. ".repeat(25) + "Images are drawn by Midjourney.";
    write("long.txt", paragraph + "\n");
    ArticleIndex.rebuild(corpus, indexDir);

    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      List<Hit> hits = index.search("Midjourney").hits();
      assertEquals(1, hits.size());
      assertEquals(List.of(new Span(1020, 1030)), hits.get(0).matches());
    }
  }
}
