package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.SkippedFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Lists and reads the article files of a corpus folder. */
public final class CorpusReader {
  public static final String EXTENSION = ".txt";

  /**
   * One file's outcome: an article, or the reason it was skipped. Never both.
   *
   * @param source what the article was read from (its hash, size and time), or null if skipped
   */
  public record FileResult(Path file, long bytes, Article article, SkippedFile skipped,
      Source source) {
    /** A skipped file's outcome. */
    public FileResult(Path file, long bytes, Article article, SkippedFile skipped) {
      this(file, bytes, article, skipped, null);
    }
  }

  /**
   * The version of a file an article was read from: the SHA-256 of its bytes (hex), its size and
   * its modification time (epoch milliseconds), as an index records them to know what changed.
   */
  public record Source(String hash, long size, long modified) {}

  /** The corpus files in name order: {@code *.txt}, not hidden, not in sub-folders. */
  public static List<Path> list(Path corpus) {
    if (!Files.isDirectory(corpus)) {
      throw new CorpusException(
          Files.exists(corpus)
              ? "Corpus path is not a folder: " + corpus
              : "Corpus folder does not exist: " + corpus);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(corpus)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.endsWith(EXTENSION) && name.length() > EXTENSION.length()
            && !name.startsWith(".") && Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new CorpusException("Cannot list corpus folder " + corpus + ": " + e.getMessage(), e);
    }
    files.sort(null);
    return files;
  }

  public static FileResult read(Path file) {
    String name = file.getFileName().toString();
    String id = name.substring(0, name.length() - EXTENSION.length());
    Version version;
    try {
      version = readUnchanged(file);
    } catch (IOException e) {
      return skipped(file, 0, "cannot read: " + e);
    }
    if (version == null) {
      return skipped(file, 0, "it changed while being read, " + READ_ATTEMPTS
          + " times: rebuild again once it is no longer being written");
    }
    byte[] bytes = version.bytes();
    if (bytes.length == 0) {
      return skipped(file, 0, "empty file");
    }
    String text;
    try {
      text = TextDecoder.decode(bytes).text();
    } catch (TextDecoder.UndecodableException e) {
      return skipped(file, bytes.length, e.getMessage());
    }
    Article article = ArticleParser.parse(id, text);
    if (article == null) {
      return skipped(file, bytes.length, "no paragraphs (only blank lines or a title line)");
    }
    return new FileResult(file, bytes.length, article, null,
        new Source(sha256(bytes), bytes.length, version.modified()));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  /** The bytes of one version of a file, and its modification time then. */
  private record Version(byte[] bytes, long modified) {}

  public static final int READ_ATTEMPTS = 3;

  /**
   * How long a file must have gone unmodified before it is read. A writer's {@code write} call
   * sets the modification time once, at its start, and then grows the file page by page: a reader
   * that runs while the writer is paused between pages sees the same size and time before and after
   * its read, yet holds only the start of the new version (seen in CI: 29 of 40 paragraphs, cut at
   * the first 4 KiB page). Waiting until the last change is this old closes that gap for any writer
   * that is not stalled longer than this inside one write; a file replaced by a rename is always
   * read whole.
   */
  public static final Duration QUIET = Duration.ofMillis(250);

  /**
   * The file's bytes as one version: not modified for {@link #QUIET}, and the same size and
   * modification time before and after the read; else it is tried again. Null if it kept changing.
   */
  private static Version readUnchanged(Path file) throws IOException {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
      long sinceChange = System.currentTimeMillis() - before.lastModifiedTime().toMillis();
      // A time far in the future (a clock set wrong, an archive from elsewhere) says nothing about
      // writers, and waiting for it to age would stall the rebuild: only the before/after check holds.
      if (sinceChange > -QUIET.toMillis() && sinceChange < QUIET.toMillis()) {
        sleep(QUIET.toMillis() - sinceChange);
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
      if (before.size() == after.size() && after.size() == bytes.length
          && before.lastModifiedTime().equals(after.lastModifiedTime())) {
        return new Version(bytes, after.lastModifiedTime().toMillis());
      }
    }
    return null;
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a file to settle");
    }
  }

  private static FileResult skipped(Path file, long bytes, String reason) {
    return new FileResult(file, bytes, null, new SkippedFile(file.getFileName().toString(), reason),
        null);
  }

  private CorpusReader() {}
}
