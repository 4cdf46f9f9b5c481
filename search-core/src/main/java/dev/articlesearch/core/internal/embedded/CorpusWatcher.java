package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.CorpusWatch;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.index.IndexUpdater;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps an open index in sync with its corpus folder: the JDK's {@link WatchService} says when
 * something changed, a full rescan every {@link #RESCAN} catches what its events miss (an
 * overflow, a network file system, a folder replaced whole), and each batch is one {@link
 * IndexUpdater} commit, served at once. Changes are debounced: a batch runs once the folder has
 * been quiet for {@link #SETTLE}, or {@link #MAX_DELAY} after its first change if it never is.
 * The reading rules are the rebuild's (hidden and temporary files are not articles; a file is read
 * once it has settled). A folder that disappears leaves the index as it is, with one warning, and
 * is picked up again when it comes back.
 */
final class CorpusWatcher implements CorpusWatch {
  private static final System.Logger LOG = System.getLogger(CorpusWatcher.class.getName());

  static final Duration SETTLE = Duration.ofMillis(200);
  static final Duration MAX_DELAY = Duration.ofSeconds(2);
  static final Duration RESCAN = Duration.ofSeconds(30);
  /** After a failed update (another writer holds the index, say), the next try. */
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = 50;

  private final Path corpus;
  private final Path indexDir;
  private final LuceneEngine engine;
  private final Consumer<UpdateReport> listener;
  private final WatchService watcher;
  private final Thread thread;
  private final Object updating = new Object();
  private volatile boolean closed;

  CorpusWatcher(Path corpus, Path indexDir, LuceneEngine engine, Consumer<UpdateReport> listener) {
    this.corpus = corpus;
    this.indexDir = indexDir;
    this.engine = engine;
    this.listener = listener;
    try {
      this.watcher = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new SearchException("Cannot watch " + corpus + ": " + e.getMessage(), e);
    }
    this.thread = new Thread(this::run, "corpus-watch " + corpus);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public UpdateReport rescan() {
    return update();
  }

  private UpdateReport update() {
    synchronized (updating) {
      UpdateReport report = IndexUpdater.update(corpus, indexDir, progress -> {},
          engine.embedder());
      if (report.changedAnything() || report.rebuilt()) {
        engine.refresh(); // served now, not at the next refresh tick
      }
      listener.accept(report);
      return report;
    }
  }

  private void run() {
    WatchKey key = null;
    boolean gone = false;
    boolean dirty = true; // the first pass brings the index in line with the folder as it is
    long firstChange = System.nanoTime();
    long lastChange = firstChange - SETTLE.toNanos();
    long nextRescan = System.nanoTime() + RESCAN.toNanos();
    while (!closed) {
      try {
        if (key == null || !key.isValid()) {
          key = null;
          if (Files.isDirectory(corpus)) {
            key = corpus.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            if (gone) {
              LOG.log(Level.INFO, "Corpus folder " + corpus + " is back: updating the index");
              gone = false;
            }
            dirty = true;
          } else if (!gone) {
            LOG.log(Level.WARNING, "Corpus folder " + corpus + " is gone: still serving the last"
                + " index; it will be updated when the folder comes back");
            gone = true;
          }
        }
        long now = System.nanoTime();
        boolean settled = now - lastChange >= SETTLE.toNanos()
            || now - firstChange >= MAX_DELAY.toNanos();
        if (!gone && (dirty && settled || now >= nextRescan)) {
          dirty = false;
          nextRescan = now + RESCAN.toNanos();
          try {
            update();
          } catch (CorpusException e) {
            // The folder went while it was read: the loop notices and waits for it.
            if (!Files.isDirectory(corpus)) {
              if (key != null) {
                key.cancel(); // it may follow the folder's inode wherever it was moved
              }
              key = null;
            } else {
              LOG.log(Level.WARNING, e.getMessage());
            }
          } catch (SearchException e) {
            LOG.log(Level.WARNING, "Cannot update the index in " + indexDir + " from " + corpus
                + " now (" + e.getMessage() + "); trying again in " + RETRY.toSeconds() + " s");
            dirty = true;
            firstChange = System.nanoTime() + RETRY.toNanos() - MAX_DELAY.toNanos();
            lastChange = System.nanoTime() + RETRY.toNanos() - SETTLE.toNanos();
          }
        }
        WatchKey k = watcher.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (k != null) {
          boolean relevant = false;
          for (WatchEvent<?> event : k.pollEvents()) {
            relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW
                || event.context() instanceof Path p && isArticle(p);
          }
          if (relevant) {
            long at = System.nanoTime();
            if (!dirty) {
              firstChange = at;
            }
            dirty = true;
            lastChange = at;
          }
          if (!k.reset() || !Files.isDirectory(corpus)) {
            k.cancel();
            key = null; // the folder itself was deleted or moved away
          }
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return; // closed
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "Watching " + corpus + " failed (" + e + "); trying again", e);
        sleep();
        key = null;
      }
    }
  }

  /** A name the rebuild would index: {@code *.txt}, not hidden ({@code .x.txt.swp}, {@code x.txt~}, {@code x.tmp} are not). */
  private static boolean isArticle(Path name) {
    String n = name.toString();
    return n.endsWith(CorpusReader.EXTENSION) && !n.startsWith(".")
        && n.length() > CorpusReader.EXTENSION.length();
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot close the watch of " + corpus, e);
    }
    // No interrupt: an update in progress finishes and commits first (an interrupt would close
    // the index writer's files under it); the loop sees the closed flag within a poll.
    try {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
