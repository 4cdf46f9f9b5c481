package dev.articlesearch.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return skipped(file, 0, "cannot read: " + e);
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

  private static FileResult skipped(Path file, long bytes, String reason) {
    return new FileResult(file, bytes, null, new SkippedFile(file.getFileName().toString(), reason));
  }

  private CorpusReader() {}
}
