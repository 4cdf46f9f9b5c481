package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusDiff;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Brings an existing index in line with its corpus folder as one Lucene commit: an article whose
 * file is new is added, one whose file's content changed is replaced whole (all its paragraphs in
 * one {@code updateDocuments}), one whose file is gone is deleted, and every other article is left
 * as it is. What an article was indexed from is recorded in its documents ({@link
 * Fields#SOURCE_HASH}, size and time), so an unchanged file is not even read and a touched one is
 * read and hashed, never analysed. Readers and a crash see the commit before or after, never a
 * half-applied update; on any failure the writer rolls back.
 */
public final class IndexUpdater {
  private static final System.Logger LOG = System.getLogger(IndexUpdater.class.getName());

  /**
   * Deleted documents still count in BM25's statistics until their segment is merged, so scores
   * drift from a rebuild's as updates pile up. Past this share of deleted documents an update
   * merges them away (Lucene's merge policy alone allows 20% or more).
   */
  static final double MAX_DELETED_SHARE = 0.05;

  /**
   * An index this small has its deleted documents merged away by every update that deletes: in a
   * small index one deleted paragraph moves a rare term's weight a lot (a test saw 19% with 2 of
   * 50 paragraphs deleted), and the merge costs a fraction of a second. Past it, {@link
   * #MAX_DELETED_SHARE} decides: merging 10,000 paragraphs took 1.2 s of a one-file update on the
   * benchmark's 10k corpus, and made searches meanwhile slower.
   */
  static final int SMALL_INDEX = 5_000;

  private IndexUpdater() {}

  /** An update on every core, as an operator's {@code --update} wants it: done soonest. */
  public static UpdateReport update(Path corpus, Path indexDir, Consumer<RebuildProgress> listener) {
    return update(corpus, indexDir, listener, null);
  }

  /**
   * An update that also gives each new or changed paragraph its vector by {@code embedder}
   * (null: no vectors). An index without vectors by that embedder is rebuilt whole with them; an
   * index with vectors is refused without its embedder, which the new paragraphs would lack.
   */
  public static UpdateReport update(Path corpus, Path indexDir, Consumer<RebuildProgress> listener,
      Embedder embedder) {
    return update(corpus, indexDir, listener, embedder,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * An update beside searches, as a watch runs it: analysing on half the cores leaves the others
   * to the searches, whose p99 a small batch's analysis on every core would raise for little gain.
   */
  public static UpdateReport updateInBackground(Path corpus, Path indexDir, Embedder embedder) {
    return update(corpus, indexDir, progress -> {}, embedder,
        Runtime.getRuntime().availableProcessors() / 2);
  }

  private static UpdateReport update(Path corpus, Path indexDir,
      Consumer<RebuildProgress> listener, Embedder embedder, int threads) {
    List<Path> files = Corpus.files(corpus);
    if (!Files.isDirectory(indexDir)) {
      throw noIndex(indexDir);
    }
    try (Directory dir = FSDirectory.open(indexDir)) {
      return update(corpus, files, indexDir, dir, listener, embedder, threads);
    } catch (IOException e) {
      throw WriteFailures.of(WriteFailures.Kind.UPDATE, indexDir, e);
    }
  }

  /**
   * The same update through a {@link Directory} the caller opened and closes, so tests can write
   * through one that fails; {@code indexDir} only names it in messages.
   */
  public static UpdateReport update(Path corpus, Path indexDir, Directory dir,
      Consumer<RebuildProgress> listener) {
    return update(corpus, Corpus.files(corpus), indexDir, dir, listener, null,
        Runtime.getRuntime().availableProcessors());
  }

  private static UpdateReport update(Path corpus, List<Path> files, Path indexDir, Directory dir,
      Consumer<RebuildProgress> listener, Embedder embedder, int threads) {
    Map<String, String> data;
    try {
      if (!DirectoryReader.indexExists(dir)) {
        throw noIndex(indexDir);
      }
      data = SegmentInfos.readLatestCommit(dir).getUserData();
    } catch (IOException e) {
      throw WriteFailures.of(WriteFailures.Kind.UPDATE, indexDir, e);
    }
    if (!IndexBuilder.RECORDS_VERSION.equals(data.get(IndexBuilder.RECORDS_KEY))) {
      LOG.log(Level.WARNING, "The index in " + indexDir + " was written by an older version, "
          + "without a record of what each article was indexed from: rebuilding it whole from "
          + corpus);
      return rebuilt(IndexBuilder.rebuild(corpus, indexDir, dir, listener,
          embedder == null ? null : new ParagraphVectors(embedder, null)));
    }
    String vectorsBy = data.get(IndexBuilder.EMBEDDER_KEY);
    if (embedder == null && vectorsBy != null) {
      throw new SearchException("The index in " + indexDir + " holds paragraph vectors (made by "
          + vectorsBy + "): update it with that embedder loaded (bin/search-server --semantic),"
          + " or rebuild it without, so that no paragraph is left without a vector");
    }
    if (embedder != null && !embedder.id().equals(vectorsBy)) {
      LOG.log(Level.INFO, (vectorsBy == null ? "The index in " + indexDir + " has no paragraph"
          + " vectors" : "The paragraph vectors in " + indexDir + " were made by " + vectorsBy)
          + ": rebuilding it whole from " + corpus + " with vectors by " + embedder.id());
      return rebuilt(IndexBuilder.rebuild(corpus, indexDir, dir, listener,
          new ParagraphVectors(embedder, null)));
    }
    return new Run(corpus, files, indexDir, listener, embedder, Math.max(1, threads)).write(dir);
  }

  private static UpdateReport rebuilt(RebuildReport r) {
    return new UpdateReport(r.corpus(), r.articles(), 0, 0, 0, r.paragraphs(), 0, r.skipped(),
        r.took(), true);
  }

  static SearchException noIndex(Path indexDir) {
    return new SearchException("No index at " + indexDir
        + " to update: build it with a rebuild first");
  }

  /** One update: its counts, and the pool that analyses changed articles on every core. */
  private static final class Run {
    private final Path corpus;
    private final List<Path> files;
    private final Path indexDir;
    private final Consumer<RebuildProgress> listener;
    private final int threads;
    private final long started = System.nanoTime();
    private final AtomicLong paragraphsAdded = new AtomicLong();
    private CorpusDiff.Tally tally;
    private final Embedder embedder;
    private volatile boolean abandoned;

    Run(Path corpus, List<Path> files, Path indexDir, Consumer<RebuildProgress> listener,
        Embedder embedder, int threads) {
      this.corpus = corpus;
      this.files = files;
      this.indexDir = indexDir;
      this.listener = listener;
      this.embedder = embedder;
      this.threads = threads;
    }

    UpdateReport write(Directory dir) {
      TieredMergePolicy merges = new TieredMergePolicy();
      merges.setDeletesPctAllowed(20);
      // When an update merges deletes away (see MAX_DELETED_SHARE), every one: the default
      // leaves segments under 10% deleted as they are.
      merges.setForceMergeDeletesPctAllowed(0);
      IndexWriterConfig config = new IndexWriterConfig(FieldAnalyzers.index())
          .setCodec(new IndexCodec())
          .setOpenMode(OpenMode.APPEND)
          .setCommitOnClose(false)
          .setMergePolicy(merges)
          // Merges run in this thread, done before the deleted documents are counted below: a
          // concurrent merge in flight would carry the deletes it did not see into its result.
          .setMergeScheduler(new SerialMergeScheduler())
          .setRAMBufferSizeMB(64);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        try {
          return apply(writer, pool);
        } catch (Throwable t) {
          // Articles still being analysed would write files after the rollback deleted the
          // update's: they end first (without an interrupt, which would close the writer's files).
          abandoned = true;
          pool.shutdown();
          awaitQuietly(pool);
          writer.rollback(); // the previous commit's files were never touched
          // A writer that closed itself on a failure (a full disk while flushing) leaves the
          // files it had written: a fresh writer's deleter removes every file no commit holds.
          IndexBuilder.removeLeftovers(dir);
          throw t;
        }
      } catch (SearchException e) {
        throw e;
      } catch (ExecutionException e) {
        throw WriteFailures.of(WriteFailures.Kind.UPDATE, indexDir, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SearchException("Update of " + indexDir + " was interrupted", e);
      } catch (UpdateFailed e) {
        throw WriteFailures.of(WriteFailures.Kind.UPDATE, indexDir, e.getCause());
      } catch (IOException | RuntimeException e) {
        throw WriteFailures.of(WriteFailures.Kind.UPDATE, indexDir, e);
      } finally {
        pool.shutdownNow();
      }
    }

    private UpdateReport apply(IndexWriter writer, ExecutorService pool)
        throws IOException, InterruptedException, ExecutionException {
      // Open while the files are compared (a record's hash is read from it only when asked) and
      // the changed articles are written.
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        // The index as it was, for the vectors of paragraphs a changed article still has: read
        // while the pool replaces those articles, closed when every one is done.
        ParagraphVectors vectors = embedder == null ? null : new ParagraphVectors(embedder, reader);
        return apply(writer, pool, ArticleRecords.read(reader), reader.numDocs(), vectors);
      }
    }

    private UpdateReport apply(IndexWriter writer, ExecutorService pool,
        Map<String, ArticleRecords.Record> records, long paragraphsBefore,
        ParagraphVectors vectors) throws IOException, InterruptedException, ExecutionException {
      Semaphore inFlight = new Semaphore(threads * 4);
      List<Future<?>> pending = new ArrayList<>();
      tally = CorpusDiff.walk(corpus, files, records,
          new CorpusDiff.Changes<ArticleRecords.Record>() {
            @Override
            public void touched(String id, ArticleRecords.Record before,
                CorpusReader.FileResult read) throws IOException {
              writer.updateNumericDocValue(new Term(Fields.ARTICLE_ID, id),
                  Fields.SOURCE_MODIFIED, read.source().modified());
            }

            @Override
            public void write(String id, ArticleRecords.Record before,
                CorpusReader.FileResult read) throws InterruptedException {
              inFlight.acquire();
              pending.add(pool.submit(() -> {
                try {
                  if (abandoned) {
                    return null;
                  }
                  writer.updateDocuments(new Term(Fields.ARTICLE_ID, id),
                      IndexBuilder.documents(read.article(), read.source(),
                          vectors == null ? null : vectors.of(read.article())));
                  paragraphsAdded.addAndGet(read.article().paragraphs().size());
                  return null;
                } finally {
                  inFlight.release();
                }
              }));
              pending.removeIf(f -> f.isDone() && done(f));
            }

            @Override
            public void remove(String id, ArticleRecords.Record before) throws IOException {
              writer.deleteDocuments(new Term(Fields.ARTICLE_ID, id));
            }

            @Override
            public void progress(int handled, int files, long bytes, long totalBytes) {
              Run.this.progress(handled, bytes, totalBytes, false);
            }
          });
      for (Future<?> f : pending) {
        f.get();
      }
      if (!tally.anything()) {
        writer.rollback(); // nothing to write: no new commit, readers keep theirs
        return report();
      }
      progress(tally.handled(), tally.bytes(), tally.totalBytes(), true);
      writer.flush(); // applies the deletes, so the counts below see them
      IndexWriter.DocStats docs = writer.getDocStats();
      if (docs.maxDoc > docs.numDocs && (docs.maxDoc <= SMALL_INDEX
          || (docs.maxDoc - docs.numDocs) / (double) docs.maxDoc > MAX_DELETED_SHARE)) {
        writer.forceMergeDeletes();
      }
      writer.setLiveCommitData(IndexBuilder.commitData(corpus,
          records.size() + tally.added() - tally.removed(),
          paragraphsBefore + paragraphsAdded.get() - tally.paragraphsRemoved(),
          embedder == null ? null : embedder.id()).entrySet());
      writer.commit();
      return report();
    }

    /** A finished analysis: its failure fails the update at once. */
    private static boolean done(Future<?> f) {
      try {
        f.get();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SearchException("Update was interrupted", e);
      } catch (ExecutionException e) {
        throw new UpdateFailed(e.getCause());
      }
    }

    private void progress(int handled, long bytes, long totalBytes, boolean committing) {
      listener.accept(new RebuildProgress(handled, files.size(), paragraphsAdded.get(), bytes,
          totalBytes, Duration.ofNanos(System.nanoTime() - started), committing));
    }

    private UpdateReport report() {
      return new UpdateReport(corpus, tally.added(), tally.changed(), tally.removed(),
          tally.unchanged(), paragraphsAdded.get(), tally.paragraphsRemoved(), tally.skipped(),
          Duration.ofNanos(System.nanoTime() - started), false);
    }

    private static void awaitQuietly(ExecutorService pool) {
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An article's analysis failed: the update fails with its cause. */
  private static final class UpdateFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpdateFailed(Throwable cause) {
      super(cause);
    }
  }
}
