package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.index.IndexBuilder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;

/**
 * The alias file of the corpus the served index was built from, reread when it changes, so an
 * operator's edit applies without a rebuild.
 */
public final class AliasFile {
  private static final System.Logger LOG = System.getLogger(AliasFile.class.getName());

  /** The file in use and the state it was read in, so an edit is noticed. */
  private record Read(Path file, long modified, long size, Aliases aliases) {
    static final Read NONE = new Read(null, 0, 0, Aliases.NONE);
  }

  private final Path index;
  private volatile Read read = Read.NONE;

  public AliasFile(Path index) {
    this.index = index;
  }

  public Aliases current() {
    return read.aliases();
  }

  /** The corpus folder a commit says it was built from, or null. */
  public static String corpusOf(IndexReader reader) throws IOException {
    return ((DirectoryReader) reader).getIndexCommit().getUserData().get(IndexBuilder.CORPUS_KEY);
  }

  /**
   * Reads the alias file of {@code corpus} when it is new or changed. With {@code strict}, a bad
   * file throws; otherwise the last good aliases stay in use.
   */
  public void reload(String corpus, boolean strict) {
    if (corpus == null) {
      read = Read.NONE;
      return;
    }
    Path file = Path.of(corpus).resolve(Aliases.FILE_NAME);
    long modified = 0;
    long size = -1;
    try {
      if (Files.isRegularFile(file)) {
        modified = Files.getLastModifiedTime(file).toMillis();
        size = Files.size(file);
      }
    } catch (IOException e) {
      // unreadable now: Aliases.load reports it below
    }
    Read current = read;
    if (file.equals(current.file()) && modified == current.modified() && size == current.size()) {
      return;
    }
    try {
      read = new Read(file, modified, size, Aliases.load(Path.of(corpus)));
    } catch (CorpusException e) {
      if (strict) {
        throw e;
      }
      LOG.log(Level.WARNING, e.getMessage() + "; still using the last good aliases (index "
          + index + ")");
      read = new Read(file, modified, size, current.aliases());
    }
  }
}
