package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.SkippedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An update's walk over a corpus folder: each listed file against what the index holds of its
 * article. A file whose size and time are as recorded is unchanged and not read; one read with the
 * hash recorded was only touched; any other is new or changed; an article whose file is not
 * listed (or is gone since the listing) is removed. A file that cannot be read but is still there
 * is skipped, and its article kept as it was. The embedded and the cluster updater both walk with
 * it and differ only in how they write what it finds ({@link Changes}).
 */
public final class CorpusDiff {
  /** What an index holds of one article. */
  public interface Indexed {
    /** The size of the file it was indexed from. */
    long size();

    /** That file's modification time, epoch milliseconds. */
    long modified();

    /** Its paragraphs in the index. */
    int paragraphs();

    /** Whether it was indexed from a file with this hash: asked only of a file read again. */
    boolean indexedFrom(String hash) throws IOException;

    /** Whether size and time may vouch for it: not if an update left it part-written. */
    default boolean whole() {
      return true;
    }
  }

  /** How an updater writes what the walk finds. */
  public interface Changes<R extends Indexed> {
    /** A file read again whose content is as indexed: only its time is new. */
    void touched(String id, R before, CorpusReader.FileResult read) throws IOException;

    /** A new article ({@code before} null) or a changed one, read. */
    void write(String id, R before, CorpusReader.FileResult read)
        throws IOException, InterruptedException;

    /** An article whose file is gone. */
    void remove(String id, R before) throws IOException;

    /** How far the walk has got: files handled of {@code files}, bytes of {@code totalBytes}. */
    void progress(int handled, int files, long bytes, long totalBytes);
  }

  /**
   * What a walk found.
   *
   * @param paragraphsRemoved the paragraphs the changed and removed articles had
   * @param touched files read again whose content was as indexed (counted in {@code unchanged})
   * @param handled files handled, for the last progress report
   * @param bytes their bytes
   * @param totalBytes the bytes of every listed file
   */
  public record Tally(int added, int changed, int removed, int unchanged, int touched,
      long paragraphsRemoved, List<SkippedFile> skipped, int handled, long bytes, long totalBytes) {
    public Tally {
      skipped = List.copyOf(skipped);
    }

    /** Whether the index must change: anything added, changed, removed or touched. */
    public boolean anything() {
      return added + changed + removed + touched > 0;
    }
  }

  private CorpusDiff() {}

  /**
   * Walks {@code files} (the listing of {@code corpus}) against {@code records}, the index's
   * articles by id, telling {@code changes} what to write.
   *
   * @throws CorpusException if the folder has no article files while the index has articles (an
   *     unmounted disk would otherwise empty the index), or is gone
   */
  public static <R extends Indexed> Tally walk(Path corpus, List<Path> files,
      Map<String, R> records, Changes<R> changes) throws IOException, InterruptedException {
    if (files.isEmpty() && !records.isEmpty()) {
      throw new CorpusException("Corpus folder " + corpus + " has no article files: the update"
          + " would remove all " + records.size() + " articles, so the index was left as it was");
    }
    // Each file's size and time, read once: they tell an untouched file, and add up to the total
    // the progress needs.
    List<BasicFileAttributes> attributes = new ArrayList<>(files.size());
    long totalBytes = 0;
    for (Path f : files) {
      BasicFileAttributes a = attributes(f);
      attributes.add(a);
      totalBytes += a == null ? 0 : a.size();
    }
    List<SkippedFile> skipped = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    int added = 0;
    int changed = 0;
    int removed = 0;
    int unchanged = 0;
    int touched = 0;
    long paragraphsRemoved = 0;
    long bytes = 0;
    int handled = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      String id = name.substring(0, name.length() - CorpusReader.EXTENSION.length());
      R before = records.get(id);
      BasicFileAttributes seen = attributes.get(handled);
      handled++;
      if (before != null && before.whole() && sameFile(seen, before)) {
        listed.add(id);
        unchanged++;
        bytes += before.size(); // handled without reading: progress counts it as done
        changes.progress(handled, files.size(), bytes, totalBytes);
        continue;
      }
      CorpusReader.FileResult r = CorpusReader.read(file);
      bytes += r.bytes();
      changes.progress(handled, files.size(), bytes, totalBytes);
      if (r.skipped() != null) {
        Corpus.checkStillThere(corpus);
        if (Files.exists(file)) { // unreadable now: its last good version stays
          listed.add(id);
          skipped.add(r.skipped());
        }
        continue; // gone since the listing: removed below, as if never listed
      }
      listed.add(id);
      if (before != null && before.whole() && before.indexedFrom(r.source().hash())) {
        unchanged++;
        touched++;
        changes.touched(id, before, r);
        continue;
      }
      if (before == null) {
        added++;
      } else {
        changed++;
        paragraphsRemoved += before.paragraphs();
      }
      changes.write(id, before, r);
    }
    for (Map.Entry<String, R> e : records.entrySet()) {
      if (!listed.contains(e.getKey())) {
        changes.remove(e.getKey(), e.getValue());
        removed++;
        paragraphsRemoved += e.getValue().paragraphs();
      }
    }
    Corpus.checkStillThere(corpus);
    return new Tally(added, changed, removed, unchanged, touched, paragraphsRemoved, skipped,
        handled, bytes, totalBytes);
  }

  /** Size and time as recorded: the file was not written since it was indexed. */
  private static boolean sameFile(BasicFileAttributes seen, Indexed before) {
    // Attributes that could not be read: read the file, and let the read say what is wrong.
    return seen != null && seen.size() == before.size()
        && seen.lastModifiedTime().toMillis() == before.modified();
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null; // unreadable: reported as skipped when read
    }
  }
}
