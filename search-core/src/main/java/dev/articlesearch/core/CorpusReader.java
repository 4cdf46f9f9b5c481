package dev.articlesearch.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Lists and reads the article files of a corpus folder. */
final class CorpusReader {
  static final String EXTENSION = ".txt";

  /** One file's outcome: an article, or the reason it was skipped. Never both. */
  record FileResult(Path file, long bytes, Article article, SkippedFile skipped) {}

  /** The corpus files in name order: {@code *.txt}, not hidden, not in sub-folders. */
  static List<Path> list(Path corpus) {
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

  static FileResult read(Path file) {
    String name = file.getFileName().toString();
    String id = name.substring(0, name.length() - EXTENSION.length());
    byte[] bytes;
    try {
      bytes = readUnchanged(file);
    } catch (IOException e) {
      return skipped(file, 0, "cannot read: " + e);
    }
    if (bytes == null) {
      return skipped(file, 0, "it changed while being read, " + READ_ATTEMPTS
          + " times: rebuild again once it is no longer being written");
    }
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
    return new FileResult(file, bytes.length, article, null);
  }

  static final int READ_ATTEMPTS = 3;

  /**
   * The file's bytes as one version: its size and modification time are the same before and after
   * the read, else it is read again. Null if it kept changing: a file being written could give the
   * start of one version and the end of another.
   */
  private static byte[] readUnchanged(Path file) throws IOException {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
      byte[] bytes = Files.readAllBytes(file);
      BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
      if (before.size() == after.size() && after.size() == bytes.length
          && before.lastModifiedTime().equals(after.lastModifiedTime())) {
        return bytes;
      }
    }
    return null;
  }

  private static FileResult skipped(Path file, long bytes, String reason) {
    return new FileResult(file, bytes, null, new SkippedFile(file.getFileName().toString(), reason));
  }

  private CorpusReader() {}
}
