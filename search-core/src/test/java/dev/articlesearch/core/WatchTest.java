package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched index follows its folder by itself: a file created, changed, renamed or deleted there
 * is searchable within seconds, temporary and hidden files are not articles, and a folder that
 * disappears leaves the index serving until it comes back.
 */
class WatchTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static void eventually(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Written under a temporary name and renamed in, as the README tells writers to. */
  private static void publish(Path corpus, String name, String text) throws IOException {
    Path tmp = corpus.resolve("." + name + ".tmp");
    Files.writeString(tmp, text, UTF_8);
    Files.move(tmp, corpus.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aWatchedIndexFollowsCreatesEditsRenamesAndDeletes(@TempDir Path dir) throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("zh_a.txt"), "智谱AI源自清华大学。\n");
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    List<UpdateReport> reports = new CopyOnWriteArrayList<>();
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT);
        CorpusWatch watch = index.watch(corpus, reports::add)) {
      publish(corpus, "zh_b.txt", "深度求索发布了新模型。\n");
      eventually("a new file is searchable", () -> index.search("深度求索").total() == 1);

      publish(corpus, "zh_b.txt", "深度求索发布了两个新模型。\n深度求索的模型开源了。\n");
      eventually("an edit is searchable", () -> index.search("深度求索").total() == 2);

      Files.move(corpus.resolve("zh_b.txt"), corpus.resolve("zh_c.txt"));
      eventually("a rename moves the article", () -> index.article("zh_b").isEmpty()
          && index.article("zh_c").map(a -> a.paragraphs().size()).orElse(0) == 2);
      assertEquals(Set.of("zh_c#1", "zh_c#2"), Set.copyOf(TestIndexes.ids(index.search("深度求索"))));

      Files.writeString(corpus.resolve(".zh_d.txt.swp"), "量子芯片。\n");
      Files.writeString(corpus.resolve("zh_d.txt~"), "量子芯片。\n");
      Files.writeString(corpus.resolve("zh_d.tmp"), "量子芯片。\n");
      Files.delete(corpus.resolve("zh_c.txt"));
      eventually("a delete removes the article", () -> index.search("深度求索").total() == 0);
      assertEquals(0, index.search("量子芯片").total(), "temporary files are not articles");
      assertEquals(List.of("zh_a"), index.articles().stream().map(ArticleSummary::id).toList());

      UpdateReport now = watch.rescan();
      assertEquals(List.of(0, 0, 0, 1),
          List.of(now.added(), now.changed(), now.removed(), now.unchanged()));
      assertTrue(reports.stream().anyMatch(r -> r.added() == 1), reports.toString());
    }
  }

  @Test
  void aFolderThatDisappearsLeavesTheIndexServingUntilItComesBack(@TempDir Path dir)
      throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("zh_a.txt"), "智谱AI源自清华大学。\n");
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    Path away = dir.resolve("away");
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT);
        CorpusWatch watch = index.watch(corpus)) {
      assertEquals(0, watch.rescan().changed());
      Files.move(corpus, away);
      try {
        Thread.sleep(1_500); // events, a failed update: none may empty the index
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertEquals(1, index.search("智谱").total());

      Files.writeString(away.resolve("zh_b.txt"), "深度求索发布了新模型。\n");
      Files.move(away, corpus);
      eventually("the folder is watched again", () -> index.search("深度求索").total() == 1);
      assertEquals(1, index.search("智谱").total());
    }
  }
}
