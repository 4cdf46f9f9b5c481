package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.SearchException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;

/**
 * Refuses an index whose files do not match their checksums. Lucene checks a segment's small files
 * when it opens them but the large ones (postings, stored text) only as far as their length and
 * footer: a flipped byte inside them would be served as wrong hits. Every commit is verified before
 * any search sees it: at open and at each refresh (a bad new commit leaves the old one serving).
 */
public final class IntegrityCheck {
  /** A Lucene file name in an exception message: after a path separator, quote or space. */
  private static final Pattern FILE =
      Pattern.compile("(?:^|[/\\\\\"'(=\\s])(_[0-9a-z]+\\w*\\.[0-9a-z]+|segments_[0-9a-z]+)");

  /** Reads every byte of every segment's files once, against their checksums. */
  public static void verify(IndexReader reader) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      leaf.reader().checkIntegrity();
    }
  }

  /**
   * The error for an index that is damaged (corrupt, truncated, a file missing, another format),
   * naming the folder, the file and the fix; null if {@code e} is some other failure.
   */
  public static SearchException damaged(Path indexDir, Throwable e) {
    String what = null;
    for (Throwable c = e; c != null && what == null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      String file = fileName(m);
      String in = file == null ? "" : " in " + file;
      if (c instanceof IndexFormatTooOldException || c instanceof IndexFormatTooNewException) {
        what = "written in a format this version cannot read" + in;
      } else if (m.contains("checksum failed")) {
        what = "checksum failed" + in;
      } else if (c instanceof EOFException || m.toLowerCase(Locale.ROOT).contains("truncated")) {
        what = file == null ? "a file is truncated" : file + " is truncated";
      } else if (c instanceof CorruptIndexException) {
        what = "corrupt data" + in;
      } else if (c instanceof NoSuchFileException || c instanceof FileNotFoundException) {
        what = file == null ? "a file is missing" : file + " is missing";
      }
    }
    if (what == null) {
      return null;
    }
    return new SearchException(
        "The index in " + indexDir + " is damaged (" + what + "): rebuild it with --rebuild", e);
  }

  private static String fileName(String message) {
    Matcher m = FILE.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private IntegrityCheck() {}
}
