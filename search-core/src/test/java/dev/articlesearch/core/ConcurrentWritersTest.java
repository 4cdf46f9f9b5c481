package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other processes writing an index that is open and watched: a rebuild or an update run by another
 * process (as {@code --rebuild-only} and {@code --update-only} are) while the folder keeps
 * changing. Whichever holds the index's lock writes and the other waits or is refused, never both:
 * once the folder is quiet the watch alone, within a few seconds and without the half-minute
 * rescan, brings the index to exactly what a rebuild of the folder holds, nothing lost, nothing
 * twice.
 */
class ConcurrentWritersTest extends RebuildFixtures {
  /** Less than the watch's periodic rescan, so the events and the retries must do it. */
  private static final Duration SETTLES_WITHIN = Duration.ofSeconds(15);

  @Test
  void rebuildsAndUpdatesByOtherProcessesDuringAWatchLoseNothingAndDoubleNothing(@TempDir Path tmp)
      throws Exception {
    Corpus corpus = writeCorpus(tmp.resolve("corpus"), "w", 300, 40, 20261205L, 7);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(corpus.dir(), dir);
    Random random = new Random(20261205L);
    int finished = 0;
    int refused = 0;
    int edits = 0;
    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH);
        CorpusWatch watch = index.watch(corpus.dir())) {
      for (int round = 0; round < 6; round++) {
        Path log = tmp.resolve("child-" + round + ".log");
        Process child = round % 2 == 0
            ? startRebuildChild(corpus.dir(), dir, log)
            : startRebuildChild(corpus.dir(), dir, log, RebuildChild.UPDATE);
        // The folder changes all the while the other process reads and writes.
        do {
          edit(corpus.dir(), random, round, edits++);
          Thread.sleep(25);
        } while (child.isAlive());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        String output = Files.readString(log, UTF_8);
        if (output.contains(RebuildChild.FINISHED)) {
          finished++;
        } else if (output.contains(RebuildChild.FAILED) && output.contains("is writing")) {
          refused++; // the watch's update held the lock: refused at once, nothing written
        } else {
          fail("the child neither finished nor was refused on the lock:\n" + output);
        }
      }
      System.out.printf(Locale.ROOT, "concurrent writers: %d edits, %d other-process writes"
          + " finished, %d refused on the lock%n", edits, finished, refused);
      assertTrue(finished > 0, "no other process ever wrote: the test proved nothing");

      Path rebuilt = tmp.resolve("rebuilt");
      ArticleIndex.rebuild(corpus.dir(), rebuilt);
      try (ArticleIndex expected = ArticleIndex.open(rebuilt, REFRESH)) {
        long deadline = System.nanoTime() + SETTLES_WITHIN.toNanos();
        while (!expected.articles().equals(index.articles())) {
          assertTrue(System.nanoTime() < deadline, "the watched index did not settle: "
              + index.articles().size() + " articles, " + expected.articles().size() + " expected");
          Thread.sleep(50);
        }
        assertEquals(expected.stats().paragraphs(), index.stats().paragraphs());
        for (SearchRequest q : QUERIES) {
          assertEquals(answer(expected, q), answer(index, q), q.query());
        }
        // Every version ever written, whether it is still in the folder or not: found as often
        // as the folder holds it, so none is lost and none is there twice.
        for (String word : everyVersion(edits)) {
          assertEquals(expected.search(word).total(), index.search(word).total(), word);
        }
      }
      UpdateReport settled = watch.rescan();
      assertEquals(List.of(0, 0, 0), List.of(settled.added(), settled.changed(), settled.removed()));
    }
  }

  /** A word found only in the text one edit wrote. */
  private static String version(int edit) {
    return String.format(Locale.ROOT, "edition%05d", edit);
  }

  private static List<String> everyVersion(int edits) {
    List<String> words = new ArrayList<>();
    for (int e = 0; e < edits; e++) {
      words.add(version(e));
    }
    return words;
  }

  /** One change: a new article, a rewritten one, a rename or a deletion. */
  private static void edit(Path corpus, Random random, int round, int edit) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(corpus)) {
      files = new ArrayList<>(list.filter(f -> f.toString().endsWith(".txt")).sorted().toList());
    }
    String text = "第" + edit + "次修改 " + version(edit) + " 研究人员发布了新的语言模型。\n\n"
        + "北京 人工智能 " + version(edit) + " model。\n";
    Path some = files.get(random.nextInt(files.size()));
    switch (random.nextInt(4)) {
      case 0 -> Files.writeString(corpus.resolve("new-" + round + "-" + edit + ".txt"), text, UTF_8);
      case 1 -> Files.writeString(some, text, UTF_8);
      case 2 -> Files.move(some, corpus.resolve("renamed-" + edit + ".txt"));
      default -> {
        if (files.size() > 100) {
          Files.delete(some);
        }
      }
    }
  }
}
