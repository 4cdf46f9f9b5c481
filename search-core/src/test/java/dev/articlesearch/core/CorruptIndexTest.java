package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A damaged index is refused, at open and at refresh, with a message naming the folder, the file
 * and the fix; it never serves hits read from damaged bytes.
 */
class CorruptIndexTest {
  /** Queries whose answers a damaged new commit must not change in an index already serving. */
  private static final List<String> QUERIES = List.of("智谱", "清华大学", "GLM", "大学 模型");

  /** Ways the files of a committed index get damaged on disk. */
  enum Damage {
    /** The largest segment file loses its second half (a copy cut short, a full disk). */
    TRUNCATED_SEGMENT_FILE {
      @Override
      String apply(Path dir) throws IOException {
        Path f = largestSegmentFile(dir);
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
          c.truncate(c.size() / 2);
        }
        return f.getFileName().toString();
      }
    },
    /**
     * One bit flipped in the middle of the largest file: its length and footer are intact, so only
     * its checksum tells.
     */
    BYTE_FLIPPED_IN_THE_LARGEST_FILE {
      @Override
      String apply(Path dir) throws IOException {
        Path f = largestSegmentFile(dir);
        flip(f, Files.size(f) / 2);
        return f.getFileName().toString();
      }
    },
    /** One bit flipped in the commit point, segments_N. */
    BYTE_FLIPPED_IN_SEGMENTS_N {
      @Override
      String apply(Path dir) throws IOException {
        Path f = segmentsN(dir);
        flip(f, Files.size(f) / 2);
        return f.getFileName().toString();
      }
    };

    /** Damages the index in {@code dir}; returns the name of the damaged file. */
    abstract String apply(Path dir) throws IOException;

    /** What the message says went wrong with {@code file}. */
    String says(String file) {
      return this == TRUNCATED_SEGMENT_FILE ? file + " is truncated" : "checksum failed in " + file;
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void damagedIndexIsRefusedAtOpenNamingTheFolderTheFileAndRebuild(Damage damage,
      @TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("索引");
    ArticleIndex.rebuild(TestIndexes.CHINESE, dir);
    String file = damage.apply(dir);

    SearchException e = assertThrows(SearchException.class, () -> ArticleIndex.open(dir).close());
    assertEquals("The index in " + dir + " is damaged (" + damage.says(file)
        + "): rebuild it with --rebuild", e.getMessage());
  }

  @Test
  void damagedNewCommitIsRefusedAtRefreshAndTheOpenIndexKeepsServingTheOldOne(@TempDir Path tmp)
      throws IOException {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(TestIndexes.SEEDS, dir);
    try (ArticleIndex index = ArticleIndex.open(dir, Duration.ofDays(1))) {
      List<List<String>> before = answers(index);
      assertTrue(before.stream().anyMatch(a -> !a.isEmpty()), "the queries have hits: " + before);

      ArticleIndex.rebuild(TestIndexes.CHINESE, dir);
      String file = Damage.BYTE_FLIPPED_IN_THE_LARGEST_FILE.apply(dir);

      SearchException e = assertThrows(SearchException.class, index::refresh);
      assertEquals("The index in " + dir + " is damaged (checksum failed in " + file
          + "): rebuild it with --rebuild", e.getMessage());
      assertEquals(before, answers(index), "still the old commit's answers");
      SearchException atOpen =
          assertThrows(SearchException.class, () -> ArticleIndex.open(dir).close());
      assertEquals(e.getMessage(), atOpen.getMessage());

      // The fix the message names: a rebuild replaces the damaged commit, the open index serves it.
      ArticleIndex.rebuild(TestIndexes.CHINESE, dir);
      index.refresh();
      assertEquals(List.of("zh_001#2", "zh_001#1"), ids(index.search("智谱")));
    }
  }

  @Test
  void intactIndexOpensAndItsChecksumVerificationIsTimedForTheReport(@TempDir Path tmp) {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(TestIndexes.CHINESE, dir);
    long started = System.nanoTime();
    try (ArticleIndex index = ArticleIndex.open(dir)) {
      System.out.printf("open with checksum verification: %.1f ms%n",
          (System.nanoTime() - started) / 1e6);
      assertFalse(index.search("智谱").hits().isEmpty());
    }
  }

  private static List<List<String>> answers(ArticleIndex index) {
    return QUERIES.stream().map(q -> ids(index.search(q))).toList();
  }

  static Path largestSegmentFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("_"))
          .max(Comparator.comparingLong(CorruptIndexTest::size))
          .orElseThrow();
    }
  }

  static Path segmentsN(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("segments_")).findFirst()
          .orElseThrow();
    }
  }

  /** Inverts one bit of the byte at {@code position}. */
  static void flip(Path file, long position) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      c.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x10));
      b.rewind();
      c.write(b, position);
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
