package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.index.IndexBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update writes only what changed in the corpus folder, as one commit, and leaves the index as
 * it was whenever it cannot do that: no index yet, another writer, a file it cannot read now.
 */
class UpdateTest {
  /** File times set by the tests: in the past (read at once), each later than the one before. */
  private static long clock = System.currentTimeMillis() - Duration.ofDays(1).toMillis();

  static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(clock += 1_000));
  }

  private static Path corpus(Path dir) throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    write(corpus.resolve("zh_a.txt"), "智谱的故事\n-\n智谱AI源自清华大学。\n\nChatGLM3-6B 开源。\n");
    write(corpus.resolve("zh_b.txt"), "量子计算\n-\n量子芯片一号。\n量子芯片二号。\n");
    write(corpus.resolve("en_c.txt"), "Tsinghua University is in Beijing.\n\nIt was founded in 1911.\n");
    write(corpus.resolve("en_d.txt"), "Large language models answer questions.\n");
    return corpus;
  }

  private static long total(ArticleIndex index, String query) {
    return index.search(SearchRequest.of(query)).total();
  }

  @Test
  void anUpdateWritesOnlyTheNewChangedAndRemovedArticles(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    write(corpus.resolve("zh_b.txt"), "量子计算\n-\n量子芯片一号。\n量子芯片二号。\n量子芯片三号。\n");
    write(corpus.resolve("zh_e.txt"), "新文章\n-\n深度求索发布了新模型。\n");
    Files.delete(corpus.resolve("en_d.txt"));
    // Touched, not changed: read and hashed, never analysed again.
    Files.setLastModifiedTime(corpus.resolve("en_c.txt"), FileTime.fromMillis(clock += 1_000));

    UpdateReport r = ArticleIndex.update(corpus, indexDir);

    assertEquals(List.of(1, 1, 1, 2), List.of(r.added(), r.changed(), r.removed(), r.unchanged()));
    assertEquals(List.of(4L, 3L), List.of(r.paragraphsAdded(), r.paragraphsRemoved()));
    assertEquals(List.of(), r.skipped());
    assertFalse(r.rebuilt());
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT)) {
      assertEquals(3, total(index, "量子芯片"));
      assertEquals(1, total(index, "深度求索"));
      assertEquals(0, total(index, "language models"));
      IndexStats stats = index.stats();
      assertEquals(List.of(4, 8L, 0L), List.of(stats.articles(), stats.paragraphs(),
          stats.deletedDocuments())); // a small index merges its deleted paragraphs away
      assertEquals(List.of("en_c", "zh_a", "zh_b", "zh_e"),
          index.articles().stream().map(ArticleSummary::id).toList());
    }
  }

  @Test
  void anUpdateWithNothingChangedWritesNoCommit(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    long generation = generation(indexDir);

    UpdateReport r = ArticleIndex.update(corpus, indexDir);

    assertEquals(List.of(0, 0, 0, 4), List.of(r.added(), r.changed(), r.removed(), r.unchanged()));
    assertFalse(r.changedAnything());
    assertEquals(generation, generation(indexDir));
  }

  @Test
  void aRenameIsARemovalAndAnAddition(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    Files.move(corpus.resolve("zh_a.txt"), corpus.resolve("zh_z.txt"));

    UpdateReport r = ArticleIndex.update(corpus, indexDir);

    assertEquals(List.of(1, 0, 1, 3), List.of(r.added(), r.changed(), r.removed(), r.unchanged()));
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT)) {
      assertEquals(List.of("zh_z#1"), TestIndexes.ids(index.search("智谱")));
      assertTrue(index.article("zh_a").isEmpty());
    }
  }

  @Test
  void aFileThatCannotBeReadNowKeepsItsArticlesLastGoodVersion(@TempDir Path dir)
      throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    Path bad = corpus.resolve("zh_a.txt");
    Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x00, (byte) 0xD8, 0x41});
    Files.setLastModifiedTime(bad, FileTime.fromMillis(clock += 1_000));

    UpdateReport r = ArticleIndex.update(corpus, indexDir);

    assertEquals(1, r.skipped().size());
    assertEquals("zh_a.txt", r.skipped().get(0).file());
    assertEquals(List.of(0, 0, 0, 3), List.of(r.added(), r.changed(), r.removed(), r.unchanged()));
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT)) {
      assertEquals(List.of("zh_a#1"), TestIndexes.ids(index.search("智谱")));
    }
  }

  @Test
  void thereMustBeAnIndexToUpdate(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    SearchException e = assertThrows(SearchException.class,
        () -> ArticleIndex.update(corpus, dir.resolve("none")));
    assertEquals("No index at " + dir.resolve("none") + " to update: build it with a rebuild first",
        e.getMessage());
  }

  @Test
  void anIndexAnotherWriterHoldsIsRefusedNamingTheLock(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    write(corpus.resolve("zh_e.txt"), "深度求索。\n");
    try (FSDirectory d = FSDirectory.open(indexDir);
        IndexWriter other = new IndexWriter(d, new IndexWriterConfig())) {
      SearchException e = assertThrows(SearchException.class,
          () -> ArticleIndex.update(corpus, indexDir));
      assertEquals("Another rebuild or update is writing " + indexDir
          + " (write.lock held): try again when it has finished", e.getMessage());
      other.rollback();
    }
  }

  @Test
  void anEmptiedCorpusFolderNeverEmptiesTheIndex(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    try (var files = Files.list(corpus)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    CorpusException e = assertThrows(CorpusException.class,
        () -> ArticleIndex.update(corpus, indexDir));
    assertEquals("Corpus folder " + corpus + " has no article files: the update would remove all"
        + " 4 articles, so the index was left as it was", e.getMessage());
  }

  @Test
  void anIndexWithoutPerArticleRecordsIsRebuiltSayingSo(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    // As an older version wrote it: the same commit data without the records' version.
    try (FSDirectory d = FSDirectory.open(indexDir);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      Map<String, String> data = new HashMap<>();
      try (DirectoryReader r = DirectoryReader.open(d)) {
        data.putAll(r.getIndexCommit().getUserData());
      }
      data.remove(IndexBuilder.RECORDS_KEY);
      w.setLiveCommitData(data.entrySet());
      w.commit();
    }
    write(corpus.resolve("zh_e.txt"), "深度求索。\n");

    UpdateReport r = ArticleIndex.update(corpus, indexDir);

    assertTrue(r.rebuilt());
    assertEquals(List.of(5, 0, 0, 0), List.of(r.added(), r.changed(), r.removed(), r.unchanged()));
    assertEquals(0, ArticleIndex.update(corpus, indexDir).added()); // records written by then
  }

  private static long generation(Path indexDir) throws IOException {
    try (FSDirectory d = FSDirectory.open(indexDir); DirectoryReader r = DirectoryReader.open(d)) {
      return r.getIndexCommit().getGeneration();
    }
  }
}
