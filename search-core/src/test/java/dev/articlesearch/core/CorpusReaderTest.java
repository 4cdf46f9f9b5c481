package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The corpus format: which files are articles, their title and paragraphs, encodings, failures. */
class CorpusReaderTest {
  private static final Charset GB18030 = Charset.forName("GB18030");
  private static final String NO_PARAGRAPHS = "no paragraphs (only blank lines or a title line)";

  @TempDir Path tmp;
  private Path corpus;
  private Path indexDir;

  @BeforeEach
  void createCorpusFolder() throws IOException {
    corpus = Files.createDirectory(tmp.resolve("corpus"));
    indexDir = tmp.resolve("index");
  }

  // --- Title line ------------------------------------------------------------------------------

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

  // --- Encoding --------------------------------------------------------------------------------

  @Test
  void utf8ByteOrderMarkIsRemovedBeforeTheTitle() throws IOException {
    byte[] bytes = concat(bytes(0xEF, 0xBB, 0xBF), "智谱AI发展史\r\n-\r\n第一段。\r\n".getBytes(UTF_8));
    Path file = writeBytes("bom.txt", bytes);

    assertEquals(
        new CorpusReader.FileResult(
            file,
            bytes.length,
            new Article("bom", "智谱AI发展史", false, List.of(new Paragraph(1, "第一段。"))),
            null),
        CorpusReader.read(file));
  }

  @Test
  void utf8ByteOrderMarkIsRemovedBeforeTheFirstParagraph() throws IOException {
    Path file = writeBytes("bom.txt", concat(bytes(0xEF, 0xBB, 0xBF), "第一段。\n".getBytes(UTF_8)));

    assertEquals(
        new Article("bom", "第一段", true, List.of(new Paragraph(1, "第一段。"))),
        CorpusReader.read(file).article());
  }

  @Test
  void gb18030FileIsReadAsChineseSearchableAndStoredExactly() throws Exception {
    byte[] bytes =
        ("智谱AI发展史\n-\n"
                + "\u3000\u3000智谱AI发布了新一代基座大模型GLM-4，中文能力大幅提升。\n"
                + "\u3000\u3000智谱清言的用户数突破千万。\n")
            .getBytes(GB18030);
    writeBytes("gb.txt", bytes);
    assertEquals(GB18030, TextDecoder.decode(bytes).charset()); // not valid UTF-8

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);

    assertEquals(List.of(), report.skipped());
    assertEquals(1, report.articles());
    assertEquals(2, report.paragraphs());
    assertEquals(bytes.length, report.bytesRead());
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          Optional.of(
              new Article(
                  "gb",
                  "智谱AI发展史",
                  false,
                  List.of(
                      new Paragraph(1, "智谱AI发布了新一代基座大模型GLM-4，中文能力大幅提升。"),
                      new Paragraph(2, "智谱清言的用户数突破千万。")))),
          index.article("gb"));
      List<Hit> hits = index.search("智谱清言").hits();
      assertEquals(1, hits.size());
      assertEquals("gb", hits.get(0).articleId());
      assertEquals(2, hits.get(0).paragraph());
      assertEquals("智谱清言的用户数突破千万。", hits.get(0).text());
      assertEquals(List.of(new Span(0, 4)), hits.get(0).matches());
    }
  }

  static Stream<Arguments> undecodable() {
    byte[] longValidPrefix = "智谱AI发布GLM-4。".repeat(1000).getBytes(UTF_8);
    return Stream.of(
        Arguments.of("bad byte after ASCII", bytes(0x41, 0xFF, 0xFE, 0x42), 1),
        Arguments.of("bad first byte", bytes(0xFF, 0x41, 0x42), 0),
        Arguments.of(
            "UTF-16LE with byte order mark",
            concat(bytes(0xFF, 0xFE), "智谱AI".getBytes(UTF_16LE)),
            0),
        Arguments.of(
            "bad byte after a byte order mark and Chinese",
            concat(bytes(0xEF, 0xBB, 0xBF), "智谱AI".getBytes(UTF_8), bytes(0xFF)),
            11),
        Arguments.of(
            "bad byte after 24 KB of valid UTF-8",
            concat(longValidPrefix, bytes(0xFF, 0x0A)),
            longValidPrefix.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodable")
  void fileInvalidInUtf8AndGb18030IsSkippedNamingTheFirstBadUtf8Byte(
      String name, byte[] bytes, int offset) throws IOException {
    Path file = writeBytes("bad.txt", bytes);

    assertEquals(
        new CorpusReader.FileResult(
            file,
            bytes.length,
            null,
            new SkippedFile(
                "bad.txt", "not valid UTF-8 (first bad byte at offset " + offset + ") nor GB18030")),
        CorpusReader.read(file));
  }

  @Test
  void emptyFileIsSkipped() throws IOException {
    Path file = writeBytes("empty.txt", new byte[0]);

    assertEquals(
        new CorpusReader.FileResult(file, 0, null, new SkippedFile("empty.txt", "empty file")),
        CorpusReader.read(file));
  }

  @Test
  void whitespaceOnlyFileIsSkipped() throws IOException {
    Path file = write("blank.txt", " \n\t\r\n\u3000\u3000\n");

    assertEquals(
        new CorpusReader.FileResult(file, 12, null, new SkippedFile("blank.txt", NO_PARAGRAPHS)),
        CorpusReader.read(file));
  }

  /**
   * A writer that pauses in the middle of a file leaves it with a size and modification time that
   * do not change while it is read; only waiting until the file has been quiet for a while tells a
   * half-written file from a whole one.
   */
  @Test
  void aFileWhoseWriterPausesHalfwayIsReadWholeOnceItHasBeenQuiet() throws Exception {
    Path file = corpus.resolve("paused.txt");
    String firstHalf = "暂停的写入\n-\n第一段 first half。\n";
    String secondHalf = "第二段 second half。\n";
    CorpusReader.FileResult result;
    try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
      channel.write(ByteBuffer.wrap(firstHalf.getBytes(UTF_8)));
      Thread writer = new Thread(() -> {
        try {
          Thread.sleep(60);
          channel.write(ByteBuffer.wrap(secondHalf.getBytes(UTF_8)));
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      result = CorpusReader.read(file);
      writer.join();
    }

    assertNull(result.skipped());
    assertEquals(
        List.of(new Paragraph(1, "第一段 first half。"), new Paragraph(2, "第二段 second half。")),
        result.article().paragraphs());
  }

  // --- Which files are articles ----------------------------------------------------------------

  @Test
  void articlesAreTheVisibleTxtFilesDirectlyInTheCorpusInNameOrder() throws IOException {
    write("b.txt", "第二篇。");
    write("a.txt", "第一篇。");
    write("智谱.txt", "智谱AI。");
    write("GLM-4.技术报告.txt", "GLM-4 技术报告。");
    write("notes.md", "不是文章。");
    write("README", "不是文章。");
    write("a.txt.bak", "不是文章。");
    write(".hidden.txt", "隐藏文件。");
    Files.createDirectory(corpus.resolve("folder.txt"));
    Files.createDirectory(corpus.resolve("sub"));
    Files.writeString(corpus.resolve("sub/inner.txt"), "子文件夹里的文章。");

    assertEquals(
        List.of(
            corpus.resolve("GLM-4.技术报告.txt"),
            corpus.resolve("a.txt"),
            corpus.resolve("b.txt"),
            corpus.resolve("智谱.txt")),
        CorpusReader.list(corpus));
    assertEquals("GLM-4.技术报告", CorpusReader.read(corpus.resolve("GLM-4.技术报告.txt")).article().id());
  }

  // --- The rebuild report ----------------------------------------------------------------------

  @Test
  void oneBadFileNeverStopsTheOthersAndTheReportListsEverySkippedFile() throws IOException {
    write("a-title.txt", "智谱AI的融资历程\n-\n近日智谱AI完成新一轮融资。\n投资人阵容豪华。\n"); // 90 bytes
    write("b-derived.txt", "Zhipu AI raised 2.5 billion yuan. Investors lined up.\n"); // 54 bytes
    writeBytes("c-gb18030.txt", "智谱清言的用户数突破千万。\n".getBytes(GB18030)); // 27 bytes
    writeBytes("d-empty.txt", new byte[0]);
    writeBytes("e-bad.txt", bytes(0x41, 0xFF, 0xFE, 0x42)); // 4 bytes
    write("f-blank.txt", " \n\u3000\n"); // 6 bytes
    write("g-title-only.txt", "只有标题\n---\n"); // 17 bytes
    write("notes.md", "不是文章，不计字节。");
    write(".hidden.txt", "隐藏文件，不计字节。");
    Files.createDirectory(corpus.resolve("sub"));
    Files.writeString(corpus.resolve("sub/inner.txt"), "子文件夹里的文章，不计字节。");

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);

    assertEquals(corpus, report.corpus());
    assertEquals(3, report.articles());
    assertEquals(4, report.paragraphs());
    assertEquals(198, report.bytesRead());
    assertEquals(
        List.of(
            new SkippedFile("d-empty.txt", "empty file"),
            new SkippedFile(
                "e-bad.txt", "not valid UTF-8 (first bad byte at offset 1) nor GB18030"),
            new SkippedFile("f-blank.txt", NO_PARAGRAPHS),
            new SkippedFile("g-title-only.txt", NO_PARAGRAPHS)),
        report.skipped());
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          List.of(
              new ArticleSummary("a-title", "智谱AI的融资历程", false, 2),
              new ArticleSummary("b-derived", "Zhipu AI raised 2.5 billion yuan", true, 1),
              new ArticleSummary("c-gb18030", "智谱清言的用户数突破千万", true, 1)),
          index.articles());
    }
  }

  // --- Corpora that cannot be indexed ----------------------------------------------------------

  @Test
  void missingCorpusFolderFailsNamingItAndCreatesNoIndex() {
    Path missing = tmp.resolve("no-such-corpus");

    CorpusException e =
        assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(missing, indexDir));

    assertEquals("Corpus folder does not exist: " + missing, e.getMessage());
    assertFalse(Files.exists(indexDir));
  }

  @Test
  void corpusPathThatIsAFileFailsNamingIt() throws IOException {
    Path file = write("article.txt", "智谱AI。");

    CorpusException e =
        assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(file, indexDir));

    assertEquals("Corpus path is not a folder: " + file, e.getMessage());
  }

  @Test
  void emptyCorpusFolderFails() {
    CorpusException e =
        assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(corpus, indexDir));

    assertEquals(
        "No article could be read from " + corpus
            + " (0 .txt files, 0 skipped): the index was left as it was",
        e.getMessage());
    assertFalse(Files.exists(indexDir), "a failed first rebuild leaves no index folder behind");
  }

  @Test
  void corpusWithNoReadableArticleFailsAndLeavesTheExistingIndexAsItWas() throws IOException {
    write("a.txt", "智谱AI的融资历程\n-\n近日智谱AI完成新一轮融资。\n投资人阵容豪华。\n");
    write("b.txt", "融资总额超过二十五亿元人民币，估值突破百亿元。\n");
    ArticleIndex.rebuild(corpus, indexDir);
    Path unreadable = Files.createDirectory(tmp.resolve("unreadable"));
    Files.write(unreadable.resolve("empty.txt"), new byte[0]);
    Files.write(unreadable.resolve("bad.txt"), bytes(0x41, 0xFF, 0xFE, 0x42));
    Files.writeString(unreadable.resolve("blank.txt"), "\u3000\n");
    Files.writeString(unreadable.resolve("notes.md"), "不是文章。");

    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      List<ArticleSummary> articles = index.articles();
      List<Hit> hits = index.search("融资").hits();
      assertEquals(2, hits.size());

      CorpusException e =
          assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(unreadable, indexDir));

      assertEquals(
          "No article could be read from " + unreadable
              + " (3 .txt files, 3 skipped): the index was left as it was",
          e.getMessage());
      index.refresh();
      assertEquals(articles, index.articles());
      assertEquals(hits, index.search("融资").hits());
      try (ArticleIndex reopened = ArticleIndex.open(indexDir)) {
        assertEquals(articles, reopened.articles());
        assertEquals(hits, reopened.search("融资").hits());
      }
    }
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

  // --- Helpers ---------------------------------------------------------------------------------

  /** Writes a UTF-8 file into the corpus, reads it, and returns the article it must make. */
  private Article read(String name, String text) throws IOException {
    CorpusReader.FileResult result = CorpusReader.read(write(name, text));
    assertNull(result.skipped(), () -> name + " was skipped: " + result.skipped());
    return result.article();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(corpus.resolve(name), text, UTF_8);
  }

  private Path writeBytes(String name, byte[] bytes) throws IOException {
    return Files.write(corpus.resolve(name), bytes);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
