package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rebuild killed part way (kill -9 of a child JVM, at each step of a rebuild): the previous
 * commit stays the latest, intact and clean, the index kept open and one opened afterwards give
 * exactly the answers they gave before, nothing of the killed rebuild is visible, and the same
 * rebuild run again over the crash's leftovers succeeds.
 */
class RebuildCrashTest extends RebuildFixtures {
  /**
   * Where in a rebuild the child is killed: told by the new files it has written so far (the child
   * runs on), or by the child stopping itself at a step and saying so ({@link RebuildChild.Pause}).
   */
  enum KillPoint {
    /**
     * Articles are being analysed and added: the new segments' stored fields are growing on disk
     * (over 100 kB of them), nothing has been flushed.
     */
    WHILE_ANALYSING(files -> sum(files, ".fdt") > 100_000 && sum(files, ".tim") == 0),
    /** Stopped after 100 files were read, while their articles were being analysed. */
    PAUSED_WHILE_ANALYSING(RebuildChild.Pause.ANALYSING),
    /** The closing commit is flushing the new segments: their postings are being written. */
    WHILE_FLUSHING_THE_COMMIT(files -> sum(files, ".tim") > 0),
    /** The flushed segments are written; the merge into one segment has begun. */
    WHILE_MERGING(RebuildChild.Pause.MERGING),
    /** The merged segment is written; the commit is syncing its files. */
    WHILE_SYNCING(RebuildChild.Pause.SYNCING),
    /** The commit point is written (pending_segments_N) but not yet renamed to segments_N. */
    BEFORE_THE_COMMIT_POINT_IS_RENAMED(RebuildChild.Pause.RENAMING_THE_COMMIT_POINT);

    final Predicate<Map<String, Long>> reached;
    final RebuildChild.Pause pause;

    KillPoint(Predicate<Map<String, Long>> reached) {
      this.reached = reached;
      this.pause = null;
    }

    KillPoint(RebuildChild.Pause pause) {
      this.reached = files -> true;
      this.pause = pause;
    }

    private static long sum(Map<String, Long> files, String suffix) {
      return files.entrySet().stream()
          .filter(e -> e.getKey().endsWith(suffix))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  @ParameterizedTest
  @EnumSource(KillPoint.class)
  void childKilledMidRebuildLeavesPreviousIndexCleanWithIdenticalHitsAndRebuildable(
      KillPoint point, @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    Set<String> committed = latestCommitFiles(dir);
    long generation = lastCommitGeneration(dir);

    try (ArticleIndex open = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(open);
      List<ArticleSummary> articlesBefore = open.articles();
      assertEquals(old.marked(), markedIds(open));
      assertEquals(120, articlesBefore.size());

      Path log = tmp.resolve("child.log");
      Process child = point.pause == null
          ? startRebuildChild(big.dir(), dir, log)
          : startRebuildChild(big.dir(), dir, log, point.pause.name());
      Map<String, Long> written;
      try {
        if (point.pause != null) {
          waitForOutput(child, log, RebuildChild.PAUSED + point.pause);
        }
        written = waitForNewFiles(child, log, dir, committed, point.reached);
        assertTrue(child.isAlive(), "the child must still be rebuilding when it is killed");
      } finally {
        child.destroyForcibly();
      }
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(137, child.exitValue(), "exit status of a SIGKILLed JVM; child output:\n" + output);
      assertTrue(output.contains(RebuildChild.STARTED), output);
      assertFalse(output.contains(RebuildChild.FINISHED), "the child finished before the kill:\n" + output);
      assertFalse(written.isEmpty(), "the child had written part of a new index");
      if (point == KillPoint.BEFORE_THE_COMMIT_POINT_IS_RENAMED) {
        assertTrue(written.keySet().stream().anyMatch(f -> f.startsWith("pending_segments_")),
            "the commit point was written: " + written);
      }
      // The killed rebuild's files stay until the next IndexWriter: no commit references them,
      // readers never look at them, and the writer's deleter removes them when it starts (below).
      assertTrue(fileSizes(dir).keySet().containsAll(written.keySet()));

      // The kill came before the new commit: the old one is still the latest, intact and clean.
      assertEquals(generation, lastCommitGeneration(dir),
          "a new commit appeared: the kill came after the commit, or the rebuild commits part way");
      assertEquals(committed, latestCommitFiles(dir));
      assertCleanIndex(dir);
      open.refresh();
      assertEquals(before, answers(open, QUERIES), "the index that stayed open");
      try (ArticleIndex reopened = ArticleIndex.open(dir, REFRESH)) {
        assertEquals(before, answers(reopened, QUERIES), "the index opened after the crash");
        assertEquals(articlesBefore, reopened.articles());
        assertEquals(old.marked(), markedIds(reopened));
        assertTrue(reopened.article("big-0000").isEmpty(), "nothing of the killed rebuild is visible");
      }

      // Running the same rebuild again, in this process, over the crash's leftovers succeeds.
      RebuildReport report = ArticleIndex.rebuild(big.dir(), dir);
      assertEquals(big.articles(), report.articles());
      assertEquals((long) big.articles() * PARAGRAPHS_PER_ARTICLE, report.paragraphs());
      assertEquals(List.of(), report.skipped());
      assertCleanIndex(dir);
      Set<String> expectedFiles = new HashSet<>(latestCommitFiles(dir));
      expectedFiles.add("write.lock");
      assertEquals(expectedFiles, fileSizes(dir).keySet(), "no leftover of the killed rebuild remains");
      open.refresh();
      assertEquals(big.marked(), markedIds(open));
      assertEquals(big.articles(), open.articles().size());
      assertTrue(open.article("old-0000").isEmpty());
      assertEquals(PARAGRAPHS_PER_ARTICLE, open.article("big-0000").orElseThrow().paragraphs().size());
    }
  }

  /**
   * Waits until the files in {@code dir} that are not part of the {@code committed} index (nor the
   * lock) satisfy {@code reached}, and returns them with their sizes. Fails if the child exits
   * first.
   */
  private static Map<String, Long> waitForNewFiles(Process child, Path log, Path dir,
      Set<String> committed, Predicate<Map<String, Long>> reached) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      Map<String, Long> written = fileSizes(dir);
      written.keySet().removeAll(committed);
      written.remove("write.lock");
      if (reached.test(written)) {
        return written;
      }
      if (!child.isAlive()) {
        fail("the child exited (" + child.exitValue() + ") before the kill point; new files "
            + written + ", output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      assertTrue(System.nanoTime() < deadline, "the kill point never came; new files " + written);
      Thread.sleep(2);
    }
  }

  private static Set<String> latestCommitFiles(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir)) {
      return Set.copyOf(SegmentInfos.readLatestCommit(d).files(true));
    }
  }
}
