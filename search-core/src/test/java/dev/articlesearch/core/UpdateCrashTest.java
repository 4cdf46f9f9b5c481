package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.index.IndexUpdater;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An update killed at each of its steps (kill -9 of a child JVM), or failing on a full disk: the
 * previous commit stays the latest, passes CheckIndex and answers exactly as before; the next
 * update completes the work, and the index then equals a rebuild of the folder.
 */
class UpdateCrashTest extends RebuildFixtures {
  /** 1,000 articles; then 100 changed, 50 removed and 50 added. */
  private static Corpus edited(Path tmp, Path index) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("corpus"));
    try (var files = Files.list(big.dir())) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    ArticleIndex.rebuild(dir, index);
    for (int a = 0; a < 100; a++) {
      Path f = dir.resolve(String.format(Locale.ROOT, "big-%04d.txt", a));
      Files.writeString(f, Files.readString(f) + "更新的段落，新增了一段 updated " + a + "。\n",
          StandardCharsets.UTF_8);
    }
    for (int a = 100; a < 150; a++) {
      Files.delete(dir.resolve(String.format(Locale.ROOT, "big-%04d.txt", a)));
    }
    for (int a = 0; a < 50; a++) {
      Files.copy(small.dir().resolve(String.format(Locale.ROOT, "small-%04d.txt", a)),
          dir.resolve(String.format(Locale.ROOT, "new-%04d.txt", a)));
    }
    return new Corpus(dir, 1000, List.of());
  }

  /** The steps an update is killed at: reading and analysing, merging deletes away, syncing, committing. */
  enum KillPoint {
    WHILE_READING_AND_ANALYSING(RebuildChild.Pause.ANALYSING),
    WHILE_MERGING_THE_DELETES(RebuildChild.Pause.MERGING),
    WHILE_SYNCING(RebuildChild.Pause.SYNCING),
    BEFORE_THE_COMMIT_POINT_IS_RENAMED(RebuildChild.Pause.RENAMING_THE_COMMIT_POINT);

    final RebuildChild.Pause pause;

    KillPoint(RebuildChild.Pause pause) {
      this.pause = pause;
    }
  }

  @ParameterizedTest
  @EnumSource(KillPoint.class)
  void anUpdateKilledAtAnyStepLeavesThePreviousCommitAndTheNextUpdateCompletesIt(KillPoint point,
      @TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("index");
    Corpus corpus = edited(tmp, index);
    long generation = lastCommitGeneration(index);
    try (ArticleIndex open = ArticleIndex.open(index, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(open);
      List<ArticleSummary> articlesBefore = open.articles();
      Path log = tmp.resolve("child.log");
      Process child = startRebuildChild(corpus.dir(), index, log, point.pause.name(),
          RebuildChild.UPDATE);
      try {
        waitForOutput(child, log, RebuildChild.PAUSED + point.pause);
      } finally {
        child.destroyForcibly();
      }
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertFalse(output.contains(RebuildChild.FINISHED), output);

      assertEquals(generation, lastCommitGeneration(index), "no new commit");
      assertCleanIndex(index);
      open.refresh();
      assertEquals(before, answers(open, QUERIES), "the index that stayed open");
      try (ArticleIndex reopened = ArticleIndex.open(index, REFRESH)) {
        assertEquals(before, answers(reopened, QUERIES), "the index opened after the crash");
        assertEquals(articlesBefore, reopened.articles());
      }

      UpdateReport report = ArticleIndex.update(corpus.dir(), index);
      assertEquals(List.of(50, 100, 50, 850),
          List.of(report.added(), report.changed(), report.removed(), report.unchanged()));
      assertCleanIndex(index);
      Path rebuilt = tmp.resolve("rebuilt");
      ArticleIndex.rebuild(corpus.dir(), rebuilt);
      open.refresh();
      try (ArticleIndex expected = ArticleIndex.open(rebuilt, REFRESH)) {
        assertEquals(expected.articles(), open.articles());
        assertEquals(answers(expected, QUERIES), answers(open, QUERIES));
      }
    }
  }

  @Test
  void anUpdateOnAFullDiskFailsNamingTheFolderAndLeavesTheIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Path index = tmp.resolve("index");
    Corpus corpus = edited(tmp, index);
    try (ArticleIndex open = ArticleIndex.open(index, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(open);
      Map<String, String> files = fileDigests(index);
      long used = fileSizes(index).values().stream().mapToLong(Long::longValue).sum();
      SearchException e;
      try (MockDirectoryWrapper disk = failingDirectory(index)) {
        disk.setMaxSizeInBytes(used + 50_000);
        e = org.junit.jupiter.api.Assertions.assertThrows(SearchException.class,
            () -> IndexUpdater.update(corpus.dir(), index, disk, progress -> {}));
      }
      assertTrue(e.getMessage().startsWith("The disk holding " + index + " is full: the update"
          + " was abandoned and the previous index left as it was ("), e.getMessage());
      assertIndexUnchanged(index, files, before, open);
    }
  }

  private static MockDirectoryWrapper failingDirectory(Path index) throws IOException {
    MockDirectoryWrapper disk = new MockDirectoryWrapper(new java.util.Random(1),
        org.apache.lucene.store.FSDirectory.open(index));
    disk.setCheckIndexOnClose(false); // it would run on the folder through this directory
    return disk;
  }
}
