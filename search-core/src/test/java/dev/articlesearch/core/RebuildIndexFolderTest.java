package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.index.IndexBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a rebuild writes into the index folder, and rebuilds that cannot write there: the rebuilt
 * index is one segment; a read-only index folder, a full disk and I/O errors (Lucene's
 * MockDirectoryWrapper) make the rebuild fail saying why and leave the previous commit byte for
 * byte, still serving the same answers.
 */
class RebuildIndexFolderTest extends RebuildFixtures {
  @Test
  void rebuiltIndexIsOneSegmentWhateverTheNumberOfIndexingThreads(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(writeCorpus(tmp.resolve("c"), "c", 400, 30, 71L, 4).dir(), dir);
    try (Directory d = FSDirectory.open(dir)) {
      SegmentInfos commit = SegmentInfos.readLatestCommit(d);
      assertEquals(1, commit.size(), "segments in the commit");
      assertEquals("400", commit.getUserData().get("articles"));
    }
  }

  @Test
  void rebuildIntoAReadOnlyIndexFolderFailsNamingItAndTheIndexStillServes(@TempDir Path tmp)
      throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      try (ReadOnly readOnly = ReadOnly.make(dir)) {
        assertFalse(Files.isWritable(readOnly.dir()), "made read-only: " + readOnly);
        SearchException e = assertThrows(SearchException.class,
            () -> ArticleIndex.rebuild(old.dir(), dir));
        assertTrue(e.getMessage().startsWith("Cannot write to the index folder " + dir + " ("),
            e.getMessage());
        assertTrue(e.getMessage().endsWith("): the index was left as it was"), e.getMessage());
        assertIndexUnchanged(dir, files, before, index);
      }
    }
  }

  /**
   * A folder no one may write to for as long as this is open. Root ignores permission bits, so as
   * root the folder is made immutable ({@code chattr +i}, which stops root too); skipped with the
   * reason where that is not possible.
   */
  private record ReadOnly(Path dir, boolean immutable) implements AutoCloseable {
    static ReadOnly make(Path dir) throws IOException, InterruptedException {
      if (!"root".equals(System.getProperty("user.name"))) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return new ReadOnly(dir, false);
      }
      Process chattr;
      try {
        chattr = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
      } catch (IOException e) {
        Assumptions.abort("runs as root and there is no chattr to make a folder read-only: " + e);
        throw e;
      }
      String out = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(chattr.waitFor() == 0,
          "runs as root and chattr +i failed, so no folder is read-only to root: " + out);
      return new ReadOnly(dir, true);
    }

    @Override
    public void close() throws IOException {
      if (!immutable) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return;
      }
      try {
        if (new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor() != 0) {
          throw new IOException("chattr -i " + dir + " failed: the temp folder stays immutable");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while making " + dir + " writable again", e);
      }
    }
  }

  // --- Full disks and failing writes (Lucene's MockDirectoryWrapper) --------------------------

  /** The small corpus's finished index, in bytes: the free space below is measured against it. */
  private static long smallIndexBytes;

  private static synchronized long smallIndexBytes() throws IOException {
    if (smallIndexBytes == 0) {
      Path dir = shared.resolve("small-index");
      ArticleIndex.rebuild(small.dir(), dir);
      smallIndexBytes = fileSizes(dir).values().stream().mapToLong(Long::longValue).sum();
    }
    return smallIndexBytes;
  }

  /**
   * Free space as a share of the new index's size: none, a little (fails while analysing), half,
   * and about the index (fails while flushing: flushed files and their compound file side by side).
   */
  @ParameterizedTest
  @ValueSource(doubles = {0, 0.05, 0.5, 1.0})
  void rebuildOnAFullDiskFailsSayingSoAndLeavesThePreviousCommitByteForByte(double freeShare,
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    long free = (long) (smallIndexBytes() * freeShare);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      long used = fileSizes(dir).values().stream().mapToLong(Long::longValue).sum();
      SearchException e;
      try (MockDirectoryWrapper disk = failingDirectory(dir, 1)) {
        disk.setMaxSizeInBytes(used + free);
        e = assertThrows(SearchException.class,
            () -> IndexBuilder.rebuild(small.dir(), dir, disk, progress -> {}));
      }
      System.out.printf(Locale.ROOT, "disk full, %d of %d bytes free: %s%n", free, smallIndexBytes(),
          e.getMessage());
      assertTrue(e.getMessage().startsWith("The disk holding " + dir + " is full: the rebuild was"
          + " abandoned and the previous index left as it was (fake disk full at "), e.getMessage());
      assertIndexUnchanged(dir, files, before, index);
    }
  }

  /**
   * I/O errors on a share of the files the rebuild writes or syncs: wherever the first one
   * strikes (analysing, flushing, merging, committing), the rebuild fails and leaves no trace.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void rebuildHittingIoErrorsFailsAndLeavesThePreviousCommitByteForByte(long seed,
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      SearchException e;
      try (MockDirectoryWrapper disk = failingDirectory(dir, seed)) {
        // On the first write to each new file and on every sync. (Not on opening files: the
        // clean-up after the failure reads the previous commit, and is only best effort.)
        disk.setRandomIOExceptionRate(0.1);
        e = assertThrows(SearchException.class,
            () -> IndexBuilder.rebuild(big.dir(), dir, disk, progress -> {}));
      }
      System.out.println("I/O errors, seed " + seed + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("Rebuild of " + dir + " failed: "), e.getMessage());
      assertTrue(e.getMessage().endsWith("; the previous index was left as it was"),
          e.getMessage());
      assertTrue(causes(e).contains("a random IOException"), causes(e));
      assertIndexUnchanged(dir, files, before, index);
    }
    // And nothing stays in the way of the next rebuild.
    RebuildReport report = ArticleIndex.rebuild(big.dir(), dir);
    assertEquals(big.articles(), report.articles());
    assertCleanIndex(dir);
  }

  /** The index folder through Lucene's fault-injecting directory; CheckIndex runs separately. */
  private static MockDirectoryWrapper failingDirectory(Path dir, long seed) throws IOException {
    MockDirectoryWrapper d = new MockDirectoryWrapper(new Random(seed), FSDirectory.open(dir));
    d.setCheckIndexOnClose(false); // it would run on the folder through this directory
    return d;
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }
}
