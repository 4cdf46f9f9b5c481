package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The corpus folder: which files in it are articles, the rebuild report of a folder where some
 * files are bad (one bad file never stops the others), and corpus folders that cannot be indexed,
 * which fail naming the folder and leave the existing index as it was.
 */
class CorpusReaderFolderTest extends CorpusReaderFixtures {
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
}
