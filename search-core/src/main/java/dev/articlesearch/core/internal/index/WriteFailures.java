package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.SearchException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The message an operator can act on when writing an index fails, for a rebuild and an update
 * alike: who holds the lock, a full disk, a folder not writable; and always that the previous
 * index was left as it was.
 */
final class WriteFailures {
  /** What was writing. */
  enum Kind {
    REBUILD("Rebuild", "rebuild", "Another rebuild is writing"),
    UPDATE("Update", "update", "Another rebuild or update is writing");

    private final String title;
    private final String noun;
    private final String locked;

    Kind(String title, String noun, String locked) {
      this.title = title;
      this.noun = noun;
      this.locked = locked;
    }
  }

  private WriteFailures() {}

  static SearchException of(Kind kind, Path indexDir, Throwable e) {
    if (e instanceof SearchException s) {
      return s;
    }
    if (e instanceof AlreadyClosedException && e.getCause() != null) {
      e = e.getCause(); // the writer closed itself on this failure (a "tragic" one)
    }
    if (e instanceof LockObtainFailedException) {
      return new SearchException(kind.locked + " " + indexDir
          + " (write.lock held): try again when it has finished", e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no space left") || m.contains("disk full")) {
        return new SearchException("The disk holding " + indexDir + " is full: the " + kind.noun
            + " was abandoned and the previous index left as it was (" + c.getMessage() + ")", e);
      }
      // EACCES (permissions), EPERM (an immutable folder, which stops root too), EROFS
      if (c instanceof AccessDeniedException || c instanceof FileSystemException f
          && (String.valueOf(f.getReason()).contains("Read-only")
              || String.valueOf(f.getReason()).contains("Operation not permitted"))) {
        return new SearchException("Cannot write to the index folder " + indexDir + " ("
            + c.getMessage() + "): the index was left as it was", e);
      }
    }
    return new SearchException(kind.title + " of " + indexDir + " failed: " + e
        + "; the previous index was left as it was", e);
  }
}
