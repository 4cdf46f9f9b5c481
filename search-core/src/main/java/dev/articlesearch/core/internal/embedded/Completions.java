package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.search.TimeBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.spell.HighFrequencyDictionary;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.fst.WFSTCompletionLookup;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * The completion automaton: the vocabulary's terms weighted by how many paragraphs hold them.
 * Building it reads the whole vocabulary (about 2 s for 40k paragraphs), so it is not rebuilt for
 * every small commit of a live index: the refresh thread rebuilds it for a newer index version at
 * most once every {@link #MIN_INTERVAL}, or {@link #QUIET_FACTOR} times the last build's duration
 * if that is longer, and suggestions are served from the last one built meanwhile. Only the very
 * first is built on demand.
 */
final class Completions {
  /** The shortest time between two builds: how stale suggestions may be, plus one build. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  /**
   * Between two builds, at least this many times the last build's duration: on a large index
   * being updated all the while the builds then take at most a tenth of one core, which searches
   * on a two-core machine need (one build every 10 s on 100k paragraphs raised the search p99
   * under 10 file changes a second to 1.5 times the quiet one).
   */
  static final int QUIET_FACTOR = 10;

  /** The name a build's temporary folder of sort files starts with. */
  static final String SORT_FOLDER_PREFIX = "article-search-suggest";

  private record Built(IndexReader reader, Lookup lookup, long at, long took) {
    boolean due(long now) {
      return now - at >= Math.max(MIN_INTERVAL.toNanos(), QUIET_FACTOR * took);
    }
  }

  private volatile Built built;

  /** The automaton to answer with: the last one built, or one built now if there is none. */
  Lookup of(IndexReader reader, TimeBudget budget) throws IOException {
    Built b = built;
    if (b != null) {
      return b.lookup();
    }
    synchronized (this) {
      if (built == null) {
        built = build(reader, budget);
      }
      return built.lookup();
    }
  }

  /** On the refresh thread: builds the automaton of {@code reader}'s version when it is due. */
  void refresh(IndexReader reader, TimeBudget budget) throws IOException {
    Built b = built;
    if (b != null && (b.reader() == reader || !b.due(System.nanoTime()))) {
      return;
    }
    Built fresh = build(reader, budget);
    synchronized (this) {
      built = fresh;
    }
  }

  /**
   * Builds the automaton. The build sorts every term of the vocabulary (3.8 million on the 1m
   * benchmark corpus) in files of its own: in a temporary folder on disk, not in the heap, where
   * they took so much that a server of the 1m index at {@code -Xmx256m} ran out of memory a few
   * seconds after it started. Only the automaton itself stays in memory.
   */
  private static Built build(IndexReader reader, TimeBudget budget) throws IOException {
    long start = System.nanoTime();
    Path sortFiles = null;
    try {
      sortFiles = Files.createTempDirectory(SORT_FOLDER_PREFIX);
    } catch (IOException e) {
      // No writable temporary folder: sort in the heap, which a small index can afford.
    }
    try (Directory temp = sortFiles == null ? new ByteBuffersDirectory() : FSDirectory.open(sortFiles)) {
      WFSTCompletionLookup lookup = new WFSTCompletionLookup(temp, "suggest");
      // Shared by every later call: a budget running out must not leave it unbuilt.
      budget.unbounded(() -> {
        lookup.build(new HighFrequencyDictionary(reader, Fields.WORDS, 0f).getEntryIterator());
        return null;
      });
      long end = System.nanoTime();
      return new Built(reader, lookup, end, end - start);
    } finally {
      if (sortFiles != null) {
        IOUtils.rm(sortFiles);
      }
    }
  }
}
