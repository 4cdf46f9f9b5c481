package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding from a corpus that cannot be read, or that changes while it is read: a corpus folder
 * that is missing, not a folder, holds no readable article or disappears during the rebuild fails
 * naming it and leaves the index byte for byte as it was; files changed, deleted or rewritten while
 * a rebuild reads them are indexed as one whole version that was read, or skipped with the reason.
 */
class RebuildCorpusTest extends RebuildFixtures {
  @Test
  void rebuildFromCorpusWithNoReadableArticleFailsAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus good = writeCorpus(tmp.resolve("good"), "good", 40, 30, 51L, 4);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(good.dir(), dir);
    Path bad = Files.createDirectories(tmp.resolve("坏的语料"));
    byte[] undecodable = concat("标题\n---\n第一段".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, 0x41});
    Files.write(bad.resolve("乱码.txt"), undecodable);
    Files.write(bad.resolve("空.txt"), new byte[0]);
    Files.writeString(bad.resolve("blank.txt"), "\n   \n\t\n");
    Files.writeString(bad.resolve("title-only.txt"), "只有标题\n---\n\n");
    Files.writeString(bad.resolve("readme.md"), "不是文章：不算在内。\n"); // not a .txt file
    Files.writeString(bad.resolve(".hidden.txt"), "隐藏文件里的极光\n"); // hidden: never read

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(bad, dir));
      assertEquals("No article could be read from " + bad
          + " (4 .txt files, 4 skipped): the index was left as it was", e.getMessage());

      assertIndexUnchanged(dir, files, before, index);
      assertEquals(good.marked(), markedIds(index));
    }
  }

  @Test
  void rebuildFromMissingCorpusFailsNamingItAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus good = writeCorpus(tmp.resolve("good"), "good", 40, 30, 61L, 4);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(good.dir(), dir);
    Path missing = tmp.resolve("不存在的语料");
    Path notAFolder = Files.writeString(tmp.resolve("文章.txt"), "一篇文章，不是文件夹。\n");

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(missing, dir));
      assertEquals("Corpus folder does not exist: " + missing, e.getMessage());
      assertIndexUnchanged(dir, files, before, index);

      e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(notAFolder, dir));
      assertEquals("Corpus path is not a folder: " + notAFolder, e.getMessage());
      assertIndexUnchanged(dir, files, before, index);

      Path noIndexYet = tmp.resolve("new-index");
      assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(missing, noIndexYet));
      assertFalse(Files.exists(noIndexYet), "a failed rebuild must not create the index folder");
    }
  }

  @Test
  void corpusFolderDeletedDuringARebuildFailsNamingItAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 40, 30, 81L, 4);
    Corpus doomed = writeCorpus(tmp.resolve("将被删除"), "doomed", 60, 30, 82L, 3);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class,
          () -> ArticleIndex.rebuild(doomed.dir(), dir, progress -> {
            if (progress.files() == 10) {
              deleteTree(doomed.dir());
            }
          }));
      assertEquals("Corpus folder " + doomed.dir()
          + " disappeared during the rebuild: the index was left as it was", e.getMessage());
      assertIndexUnchanged(dir, files, before, index);
    }
  }

  @Test
  void corpusFilesChangedOrDeletedAfterListingAreIndexedAsReadOrSkippedWithTheReason(
      @TempDir Path tmp) throws Exception {
    Corpus corpus = writeCorpus(tmp.resolve("c"), "c", 30, 30, 91L, 4);
    Path rewritten = corpus.dir().resolve("c-0020.txt");
    Path truncated = corpus.dir().resolve("c-0021.txt");
    Path deleted = corpus.dir().resolve("c-0022.txt");
    Path dir = tmp.resolve("index");

    // The rebuild lists the folder first, then reads file by file: these change in between.
    RebuildReport report = ArticleIndex.rebuild(corpus.dir(), dir, progress -> {
      if (progress.files() == 1) {
        try {
          Files.writeString(rewritten, "改写后的标题\n---\n彗星在清晨出现。\n\n第二段 comet。\n");
          String first = Files.readString(truncated).split("\n\n")[0];
          Files.writeString(truncated, first + "\n");
          Files.delete(deleted);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    assertEquals(29, report.articles());
    assertEquals(List.of(new SkippedFile("c-0022.txt",
        "cannot read: java.nio.file.NoSuchFileException: " + deleted)), report.skipped());
    assertCleanIndex(dir);
    try (ArticleIndex index = ArticleIndex.open(dir)) {
      Article a = index.article("c-0020").orElseThrow();
      assertEquals("改写后的标题", a.title());
      assertEquals(List.of("彗星在清晨出现。", "第二段 comet。"),
          a.paragraphs().stream().map(Paragraph::text).toList());
      assertEquals(List.of("c-0020"), ids(answer(index,
          SearchRequest.of("彗星").withGroupByArticle(true))));
      assertEquals(1, index.article("c-0021").orElseThrow().paragraphs().size());
      assertTrue(index.article("c-0022").isEmpty());
    }
  }

  /**
   * A corpus file rewritten in place, over and over, while rebuilds read it: each rebuild indexes
   * one whole version of it, or skips it saying why; never the start of one and the end of another.
   */
  @Test
  void fileRewrittenWhileRebuildsReadItIsIndexedAsOneWholeVersionOrSkipped(@TempDir Path tmp)
      throws Exception {
    Corpus corpus = writeCorpus(tmp.resolve("c"), "c", 10, 30, 93L, 4);
    Path file = corpus.dir().resolve("c-0005.txt");
    List<String> shortVersion = paragraphs("短", 3);
    List<String> longVersion = paragraphs("长", 40);
    Path dir = tmp.resolve("index");
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, Integer> outcomes = new TreeMap<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          Files.writeString(file, String.join("\n\n", i % 2 == 0 ? shortVersion : longVersion));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    try {
      for (int round = 0; round < 20; round++) {
        RebuildReport report = ArticleIndex.rebuild(corpus.dir(), dir);
        try (ArticleIndex index = ArticleIndex.open(dir)) {
          var article = index.article("c-0005");
          String outcome;
          if (article.isPresent()) {
            List<String> texts = article.get().paragraphs().stream().map(Paragraph::text).toList();
            assertTrue(texts.equals(shortVersion) || texts.equals(longVersion),
                "a mix of versions was indexed: " + texts);
            outcome = texts.size() + " paragraphs";
          } else {
            assertEquals(1, report.skipped().size(), report::toString);
            outcome = report.skipped().get(0).reason().replaceAll(", \\d+ times.*", "");
            assertTrue(outcome.equals("empty file") || outcome.equals("it changed while being read"),
                outcome);
          }
          outcomes.merge(outcome, 1, Integer::sum);
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    System.out.println("file rewritten during 20 rebuilds, outcomes: " + outcomes);
  }

  private static List<String> paragraphs(String word, int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      texts.add("第" + i + "段" + word.repeat(40) + " paragraph " + i + "。");
    }
    return texts;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
