package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.SkippedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A corpus folder read the way every rebuild reads it, for an engine that indexes it elsewhere (the
 * OpenSearch loader): the same files, articles, skipped files and reasons, and alias file.
 */
public final class Corpus {
  /**
   * One file read: an article, or the reason it was skipped, never both.
   *
   * @param bytes the file's size as read (0 when it could not be read)
   */
  public record File(Path path, long bytes, Article article, SkippedFile skipped) {}

  /**
   * The article files in name order: {@code *.txt}, not hidden, not in sub-folders. The alias
   * file is checked too, so a bad one fails before anything is written.
   *
   * @throws CorpusException if the folder is missing, not a folder, unreadable, or its alias file
   *     is malformed
   */
  public static List<Path> files(Path corpus) {
    List<Path> files = CorpusReader.list(corpus);
    Aliases.load(corpus);
    return files;
  }

  /** Reads one file as one whole version of it (see the README's corpus format). */
  public static File read(Path file) {
    CorpusReader.FileResult r = CorpusReader.read(file);
    return new File(r.file(), r.bytes(), r.article(), r.skipped());
  }

  /**
   * The text of the corpus's alias file ({@code aliases.csv}), or null if it has none.
   *
   * @throws CorpusException if it cannot be read or decoded
   */
  public static String aliasFile(Path corpus) {
    return Aliases.text(corpus);
  }

  /**
   * Fails if the folder has gone: a folder deleted part way would otherwise make every later file
   * look unreadable, and an index of the files read before.
   */
  public static void checkStillThere(Path corpus) {
    if (!Files.isDirectory(corpus)) {
      throw new CorpusException("Corpus folder " + corpus
          + " disappeared during the rebuild: the index was left as it was");
    }
  }

  private Corpus() {}
}
