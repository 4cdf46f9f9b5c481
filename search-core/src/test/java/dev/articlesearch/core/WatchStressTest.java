package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched index under a rough folder, while 16 clients search it without a pause: a thousand
 * files added at once, one file rewritten many times a second for ten seconds, files deleted while
 * they are being read, a symbolic link loop. No search fails, and once the folder is quiet the
 * index equals a rebuild of it.
 */
class WatchStressTest {
  private static final List<String> QUERIES = List.of("智谱", "量子芯片", "北京", "model",
      "深度求索", "\"language model\"", "模型 开源", "第 500 篇");

  @Test
  void aRoughFolderNeverFailsASearchAndEndsEqualToARebuild(@TempDir Path dir) throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("zh_a.txt"), "智谱AI源自清华大学。\n", UTF_8);
    Path indexDir = dir.resolve("index");
    ArticleIndex.rebuild(corpus, indexDir);
    AtomicLong searches = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try (ArticleIndex index = ArticleIndex.open(indexDir, TestIndexes.PATIENT);
        CorpusWatch watch = index.watch(corpus)) {
      for (int c = 0; c < 16; c++) {
        int client = c;
        clients.submit(() -> {
          for (int i = client; !stop.get(); i++) {
            try {
              index.search(SearchRequest.of(QUERIES.get(i % QUERIES.size())).withContext(1));
              if (i % 50 == 0) {
                index.articles();
              }
              searches.incrementAndGet();
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            }
          }
        });
      }

      // A thousand files at once.
      for (int a = 0; a < 1000; a++) {
        Files.writeString(corpus.resolve(String.format(Locale.ROOT, "bulk_%04d.txt", a)),
            "第 " + a + " 篇\n-\n北京的研究人员发布了第 " + a + " 个语言模型 model。\n", UTF_8);
      }
      // A symbolic link loop, and a link to a file that is not there.
      Files.createSymbolicLink(corpus.resolve("loop.txt"), corpus.resolve("loop.txt"));
      Files.createSymbolicLink(corpus.resolve("self"), corpus);
      Files.createSymbolicLink(corpus.resolve("dangling.txt"), dir.resolve("nowhere.txt"));

      // One file rewritten many times a second for ten seconds, files deleted as they are read.
      Path busy = corpus.resolve("busy.txt");
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int version = 0;
      while (System.nanoTime() < end) {
        Files.writeString(busy, "量子芯片第 " + (++version) + " 版。\n深度求索的模型。\n", UTF_8);
        Path doomed = corpus.resolve("doomed_" + version + ".txt");
        Files.writeString(doomed, "很快就被删除的文章。\n", UTF_8);
        Thread.sleep(20);
        deleteQuietly(doomed);
        if (version % 10 == 0) {
          deleteQuietly(corpus.resolve(String.format(Locale.ROOT, "bulk_%04d.txt", version)));
        }
      }
      String last = "量子芯片第 " + version + " 版。";

      // Quiet now: the watch's next batch settles the index.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!index.article("busy").map(a -> a.paragraphs().get(0).text().equals(last))
          .orElse(false) || index.articles().size() != expectedArticles(corpus)) {
        assertTrue(System.nanoTime() < deadline, "the index did not settle: "
            + index.articles().size() + " articles, " + expectedArticles(corpus) + " files");
        Thread.sleep(100);
      }
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
      System.out.printf(Locale.ROOT, "watch stress: %,d searches by 16 clients, %d rewrites of one"
          + " file, 0 failed%n", searches.get(), version);
      assertEquals(null, failure.get(), "a search failed");
      assertTrue(searches.get() > 1_000, "searches: " + searches.get());

      UpdateReport settled = watch.rescan();
      assertEquals(List.of(0, 0, 0), List.of(settled.added(), settled.changed(), settled.removed()));
      Path rebuilt = dir.resolve("rebuilt");
      ArticleIndex.rebuild(corpus, rebuilt);
      try (ArticleIndex expected = ArticleIndex.open(rebuilt, TestIndexes.PATIENT)) {
        assertEquals(expected.articles(), index.articles());
        for (String q : QUERIES) {
          assertEquals(TestIndexes.ids(expected.search(q)), TestIndexes.ids(index.search(q)), q);
          assertEquals(expected.search(q).total(), index.search(q).total(), q);
        }
      }
    } finally {
      stop.set(true);
      clients.shutdownNow();
    }
  }

  private static long expectedArticles(Path corpus) throws IOException {
    try (var files = Files.list(corpus)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".txt")
          && Files.isRegularFile(f)).count();
    }
  }

  private static void deleteQuietly(Path file) throws IOException {
    try {
      Files.delete(file);
    } catch (NoSuchFileException e) {
      // already gone
    }
  }
}
