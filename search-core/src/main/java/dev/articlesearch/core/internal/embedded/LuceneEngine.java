package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.CorpusWatch;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.corpus.CorpusWatcher;
import dev.articlesearch.core.internal.index.IndexUpdater;
import dev.articlesearch.core.internal.index.IntegrityCheck;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.search.Engine;
import dev.articlesearch.core.internal.search.Snapshot;
import dev.articlesearch.core.internal.search.TimeBudget;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.ExitableDirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded engine: a Lucene index in a folder, served by a {@link SearcherManager} that a
 * background thread refreshes, so a newer commit (a rebuild by this or another process) is served
 * without a restart and a damaged one never is. It also keeps the corpus's alias file and the
 * suggestions' automaton current.
 */
public final class LuceneEngine implements Engine {
  private static final System.Logger LOG = System.getLogger(LuceneEngine.class.getName());

  private final Path path;
  private final Directory directory;
  private final SearcherManager searchers;
  private final ScheduledExecutorService refresher;
  private final TimeBudget budget;
  private final AliasFile aliases;
  private final Completions completions = new Completions();
  private final List<CorpusWatcher> watches = new CopyOnWriteArrayList<>();
  private final Embedder embedder;

  private LuceneEngine(Path path, Directory directory, SearcherManager searchers,
      Duration refresh, TimeBudget budget, Embedder embedder) {
    this.path = path;
    this.embedder = embedder;
    this.directory = directory;
    this.searchers = searchers;
    this.budget = budget;
    this.aliases = new AliasFile(path);
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "index-refresh " + path);
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, refresh.toMillis());
    // smartcn loads its dictionaries (about a second) on first use: here, in the background, so
    // the caller (a server starting its HTTP listener) goes on meanwhile; a query that comes
    // sooner waits for the load as it would anyway.
    refresher.execute(() -> Tokens.of(FieldAnalyzers.index(), Fields.TEXT, "预热"));
    refresher.execute(this::prepareCompletions);
    refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the index in {@code indexDir}, looking for a newer commit every {@code refresh}.
   *
   * @throws SearchException if the folder holds no index, cannot be read, or is damaged: every
   *     file's checksum is verified before the first search
   * @throws CorpusException if the corpus's alias file is malformed
   */
  public static LuceneEngine open(Path indexDir, Duration refresh, Limits limits,
      TimeBudget budget) {
    return open(indexDir, refresh, limits, budget, null);
  }

  /**
   * The same, embedding queries and new paragraphs with {@code embedder} (null: keyword search
   * only); the caller closes the embedder.
   */
  public static LuceneEngine open(Path indexDir, Duration refresh, Limits limits,
      TimeBudget budget, Embedder embedder) {
    if (!Files.isDirectory(indexDir)) {
      throw new SearchException(Files.exists(indexDir)
          ? "No index at " + indexDir + ": it is a file, not a folder"
          : "No index at " + indexDir + ": the folder does not exist; build it with --rebuild,"
              + " or pass --index with the folder that holds it");
    }
    Directory dir = null;
    SearcherManager searchers = null;
    try {
      dir = FSDirectory.open(indexDir);
      // Term enumeration (a wildcard's rewrite) is stopped by the reader, collecting hits by the
      // searcher: between them every long step of a search looks at the budget.
      DirectoryReader reader = ExitableDirectoryReader.wrap(DirectoryReader.open(dir), budget);
      searchers = new SearcherManager(reader, new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader r, IndexReader previous) throws IOException {
          IntegrityCheck.verify(r); // every commit, at open and at each refresh, before it serves
          IndexSearcher s = new IndexSearcher(r);
          s.setTimeout(budget);
          return s;
        }
      });
      LuceneEngine engine = new LuceneEngine(indexDir, dir, searchers, refresh, budget, embedder);
      try {
        engine.aliases.reload(engine.corpusFolder(), true);
      } catch (CorpusException e) {
        engine.close();
        throw e;
      }
      return engine;
    } catch (CorpusException e) {
      throw e;
    } catch (IndexNotFoundException e) {
      closeQuietly(dir);
      throw new SearchException("No index in " + indexDir + "; rebuild it from a corpus first", e);
    } catch (IOException | RuntimeException e) {
      SearchException damaged = IntegrityCheck.damaged(indexDir, e);
      if (searchers != null) {
        try {
          searchers.close();
        } catch (IOException ignored) {
          // already failing with the more useful error
        }
      }
      closeQuietly(dir);
      if (damaged != null) {
        throw damaged;
      }
      throw new SearchException("Cannot open the index in " + indexDir + ": " + e, e);
    }
  }

  @Override
  public Snapshot snapshot() {
    return new LuceneSnapshot(this, acquire());
  }

  @Override
  public Aliases aliases() {
    return aliases.current();
  }

  @Override
  public String where() {
    return "the index in " + path;
  }

  @Override
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public String whyNoSemanticSearch() {
    return "the index is served without an embedder: add the search-semantic module"
        + " (bin/search-server --semantic)";
  }

  /** Looks for a newer commit now rather than at the next refresh interval. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      SearchException damaged = IntegrityCheck.damaged(path, e);
      if (damaged != null) {
        throw damaged; // the commit served until now stays in service
      }
      throw new SearchException("Cannot refresh the index in " + path + ": " + e, e);
    }
  }

  private IndexSearcher acquire() {
    try {
      return searchers.acquire();
    } catch (IOException | RuntimeException e) {
      throw new SearchException("The index in " + path + " is closed or unreadable: " + e, e);
    }
  }

  public void release(IndexSearcher s) {
    try {
      searchers.release(s);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot release a searcher of " + path, e);
    }
  }

  /** The suggestions' automaton of the searcher's index version, built once per version. */
  public Lookup completions(IndexSearcher s) throws IOException {
    // Shared by every later call: a budget running out must not leave it unbuilt.
    return completions.of(s.getIndexReader(), budget);
  }

  /** The corpus folder the served index was built from, or null if it does not say. */
  private String corpusFolder() {
    IndexSearcher s = acquire();
    try {
      return AliasFile.corpusOf(s.getIndexReader());
    } catch (IOException e) {
      throw new SearchException("Cannot read the index in " + path + ": " + e, e);
    } finally {
      release(s);
    }
  }

  private void refreshQuietly() {
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot refresh the index in " + path
          + "; still serving the last good one", e);
    }
    try {
      aliases.reload(corpusFolder(), false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot reload the aliases; still using the last good ones: "
          + e.getMessage());
    }
    prepareCompletions();
  }

  /**
   * Builds the suggestion automaton of the served index version here, on the refresh thread, so
   * no user's keystroke waits for it (about 2 s for 40k paragraphs), when it is due.
   */
  private void prepareCompletions() {
    try {
      IndexSearcher s = acquire();
      try {
        completions.refresh(s.getIndexReader(), budget);
      } finally {
        release(s);
      }
    } catch (IOException | RuntimeException e) {
      if (!refresher.isShutdown()) { // closing interrupts a build: nothing is wrong then
        LOG.log(Level.WARNING, "Cannot prepare suggestions for " + path + ": " + e.getMessage());
      }
    }
  }

  /**
   * Keeps this index in sync with {@code corpus} until the watch or the engine is closed.
   *
   * @param listener told of every update the watch makes, on its thread
   */
  public CorpusWatch watch(Path corpus, Consumer<UpdateReport> listener) {
    CorpusWatcher w = new CorpusWatcher(corpus, "the index in " + path, () -> {
      UpdateReport report = IndexUpdater.updateInBackground(corpus, path, embedder);
      if (report.changedAnything() || report.rebuilt()) {
        refresh(); // served now, not at the next refresh tick
      }
      return report;
    }, listener);
    watches.add(w);
    return w;
  }

  @Override
  public void close() {
    watches.forEach(CorpusWatcher::close);
    refresher.shutdownNow();
    try {
      refresher.awaitTermination(10, TimeUnit.SECONDS); // a refresh in progress ends first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      searchers.close();
      directory.close();
    } catch (IOException e) {
      throw new SearchException("Cannot close the index in " + path + ": " + e, e);
    }
  }

  private static void closeQuietly(Directory dir) {
    if (dir != null) {
      try {
        dir.close();
      } catch (IOException ignored) {
        // already failing with the more useful error
      }
    }
  }
}
