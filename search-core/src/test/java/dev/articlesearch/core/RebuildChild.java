package dev.articlesearch.core;

import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.index.IndexUpdater;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * One rebuild (or, with {@code --update} first, one update) in a JVM of its own, for tests that
 * kill it part way or let another process commit: {@code RebuildChild [--update] <corpus folder>
 * <index folder> [pause point]}. It prints {@link #STARTED}
 * before the rebuild and {@link #FINISHED} after it, so a test can tell a killed child from one that
 * completed, or {@link #FAILED} and the message, exiting 1.
 *
 * <p>With a {@link Pause}, the child stops the first time the rebuild reaches that point, prints
 * {@link #PAUSED} and the point's name, and waits for a line on its standard input: a test kills it
 * there, knowing exactly which step it interrupted, or lets it go on.
 */
final class RebuildChild {
  static final String STARTED = "rebuild started";
  static final String FINISHED = "rebuild finished";
  static final String FAILED = "rebuild failed: ";
  static final String PAUSED = "paused at ";

  /** Steps of a rebuild a child can stop at, each seen through the files Lucene writes. */
  enum Pause {
    /** After 100 corpus files were read and handed to the indexing threads. */
    ANALYSING,
    /** Merging the flushed segments into one: the merged segment's first file is being created. */
    MERGING,
    /** The commit is asking the disk to make the new segment's files durable (fsync). */
    SYNCING,
    /**
     * The commit point pending_segments_N is written and synced, about to be renamed to
     * segments_N: the last moment before the new index exists.
     */
    RENAMING_THE_COMMIT_POINT
  }

  public static void main(String[] args) throws IOException {
    boolean update = java.util.Arrays.asList(args).contains(UPDATE);
    args = java.util.Arrays.stream(args).filter(a -> !a.equals(UPDATE)).toArray(String[]::new);
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: RebuildChild [--update] <corpus folder> <index folder> [pause point]");
      System.exit(2);
    }
    Pause pause = args.length == 3 ? Pause.valueOf(args[2]) : null;
    Path corpus = Path.of(args[0]);
    Path index = Path.of(args[1]);
    System.out.println(STARTED);
    System.out.flush();
    String done;
    try {
      AtomicBoolean paused = new AtomicBoolean();
      java.util.function.Consumer<RebuildProgress> listener = progress -> {
        if (pause == Pause.ANALYSING && progress.files() == 100) {
          pauseOnce(pause, paused);
        }
      };
      if (!update && pause == null) {
        RebuildReport r = ArticleIndex.rebuild(corpus, index);
        done = r.articles() + " articles, " + r.paragraphs() + " paragraphs";
      } else try (Directory dir = pause == null ? FSDirectory.open(index)
          : new Pausing(FSDirectory.open(index), pause, paused)) {
        if (update) {
          UpdateReport r = IndexUpdater.update(corpus, index, dir, listener);
          done = r.added() + " added, " + r.changed() + " changed, " + r.removed() + " removed";
        } else {
          RebuildReport r = IndexBuilder.rebuild(corpus, index, dir, listener);
          done = r.articles() + " articles, " + r.paragraphs() + " paragraphs";
        }
      }
    } catch (SearchException e) {
      System.out.println(FAILED + e.getMessage());
      System.out.flush();
      System.exit(1);
      return;
    }
    System.out.println(FINISHED + ": " + done);
    System.out.flush();
  }

  /** The flag that makes the child update the index rather than rebuild it. */
  static final String UPDATE = "--update";

  /** Says where it is and waits until the test writes a line (or kills this process). */
  private static void pauseOnce(Pause pause, AtomicBoolean paused) {
    if (paused.getAndSet(true)) {
      return;
    }
    System.out.println(PAUSED + pause);
    System.out.flush();
    try {
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index folder, stopping at a {@link Pause} reached through a file operation. */
  private static final class Pausing extends FilterDirectory {
    private final Pause pause;
    private final AtomicBoolean paused;

    Pausing(Directory in, Pause pause, AtomicBoolean paused) {
      super(in);
      this.pause = pause;
      this.paused = paused;
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
      if (pause == Pause.MERGING && context.context() == IOContext.Context.MERGE) {
        pauseOnce(pause, paused);
      }
      return super.createOutput(name, context);
    }

    @Override
    public void sync(Collection<String> names) throws IOException {
      if (pause == Pause.SYNCING) {
        pauseOnce(pause, paused);
      }
      super.sync(names);
    }

    @Override
    public void rename(String source, String dest) throws IOException {
      if (pause == Pause.RENAMING_THE_COMMIT_POINT && source.startsWith("pending_segments_")) {
        pauseOnce(pause, paused);
      }
      super.rename(source, dest);
    }
  }

  private RebuildChild() {}
}
