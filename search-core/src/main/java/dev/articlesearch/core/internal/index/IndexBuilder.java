package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchException;
import dev.articlesearch.core.SkippedFile;
import dev.articlesearch.core.internal.analysis.Analyzers;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.lucene.analysis.CachingTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Builds a whole index from a corpus folder as one Lucene commit: {@link OpenMode#CREATE} and a
 * single commit at the end, so readers and a crash see the previous commit or the new one, never a
 * mix. On any failure the writer rolls back and the previous index stays as it was.
 */
public final class IndexBuilder {
  /** Commit user data keys: what was built, readable without opening every document. */
  public static final String ARTICLES_KEY = "articles";

  public static final String PARAGRAPHS_KEY = "paragraphs";

  /**
   * The analysed fields' types, as {@link Fields#ALL} describes them. The paragraph text is stored
   * by a separate {@link StoredField}, since it is indexed from a shared token stream.
   */
  private static final FieldType TEXT_TYPE = analysed(Fields.TEXT);

  private static final FieldType CJK_TYPE = analysed(Fields.TEXT_CJK);

  private static final FieldType TITLE_TYPE = analysed(Fields.TITLE);

  private static final FieldType TITLE_CJK_TYPE = analysed(Fields.TITLE_CJK);

  private static final FieldType WORDS_TYPE = analysed(Fields.WORDS);

  private static FieldType analysed(String field) {
    Fields.Spec spec = Fields.spec(field);
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setIndexOptions(spec.indexOptions());
    t.setOmitNorms(!spec.norms());
    t.freeze();
    return t;
  }

  public static final String COMMITTED_AT_KEY = "committed_at";

  /** Commit user data: the corpus folder, where the open index finds its alias file. */
  public static final String CORPUS_KEY = "corpus";

  /**
   * Commit user data: the version of the per-article record ({@link Fields#SOURCE_HASH} and its
   * companions) every article of the index carries; an index without it is rebuilt by an update.
   */
  public static final String RECORDS_KEY = "article_records";

  /** The value of {@link #RECORDS_KEY} this version writes. */
  public static final String RECORDS_VERSION = "1";

  /**
   * Commit user data: the {@link Embedder#id()} every paragraph's vector was made with; absent
   * when the index has no vectors.
   */
  public static final String EMBEDDER_KEY = "embedder";

  public static RebuildReport rebuild(Path corpus, Path indexDir, Consumer<RebuildProgress> listener) {
    return rebuild(corpus, indexDir, listener, null);
  }

  /**
   * A rebuild that also stores each paragraph's vector by {@code embedder} (null: none); a
   * paragraph whose text the previous index already has, with a vector by the same embedder,
   * keeps that vector rather than being embedded again.
   */
  public static RebuildReport rebuild(Path corpus, Path indexDir, Consumer<RebuildProgress> listener,
      Embedder embedder) {
    List<Path> files = Corpus.files(corpus);
    boolean createdIndexDir = !Files.exists(indexDir);
    try {
      Files.createDirectories(indexDir);
    } catch (IOException e) {
      throw new SearchException("Cannot create index folder " + indexDir + ": " + e.getMessage(), e);
    }
    try (Directory dir = FSDirectory.open(indexDir);
        DirectoryReader previous = embedder == null ? null : previousVectors(dir, embedder)) {
      return write(corpus, files, indexDir, dir, createdIndexDir, listener,
          embedder == null ? null : new ParagraphVectors(embedder, previous));
    } catch (IOException e) {
      throw failure(indexDir, e);
    }
  }

  /** The embedder id of the vectors in the index in {@code indexDir}, if it has any. */
  public static java.util.Optional<String> vectorsOf(Path indexDir) {
    if (!Files.isDirectory(indexDir)) {
      return java.util.Optional.empty();
    }
    try (Directory dir = FSDirectory.open(indexDir)) {
      if (!DirectoryReader.indexExists(dir)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.ofNullable(
          SegmentInfos.readLatestCommit(dir).getUserData().get(EMBEDDER_KEY));
    } catch (IOException e) {
      throw new SearchException("Cannot read the index in " + indexDir + ": " + e, e);
    }
  }

  /** The index being replaced, when its vectors are {@code embedder}'s: they are kept. */
  private static DirectoryReader previousVectors(Directory dir, Embedder embedder) throws IOException {
    if (!DirectoryReader.indexExists(dir)) {
      return null;
    }
    String by = SegmentInfos.readLatestCommit(dir).getUserData().get(EMBEDDER_KEY);
    // Opened before the writer: its files stay readable whatever the rebuild deletes.
    return embedder.id().equals(by) ? DirectoryReader.open(dir) : null;
  }

  /**
   * The same rebuild into a {@link Directory} the caller opened and closes, so tests can write
   * through one that fails (a full disk, I/O errors); {@code indexDir} only names it in messages.
   */
  public static RebuildReport rebuild(Path corpus, Path indexDir, Directory dir,
      Consumer<RebuildProgress> listener) {
    return write(corpus, Corpus.files(corpus), indexDir, dir, false, listener, null);
  }

  /** The same with vectors by {@code vectors}' embedder (null: none). */
  public static RebuildReport rebuild(Path corpus, Path indexDir, Directory dir,
      Consumer<RebuildProgress> listener, ParagraphVectors vectors) {
    return write(corpus, Corpus.files(corpus), indexDir, dir, false, listener, vectors);
  }

  private static RebuildReport write(Path corpus, List<Path> files, Path indexDir, Directory dir,
      boolean createdIndexDir, Consumer<RebuildProgress> listener, ParagraphVectors vectors) {
    long started = System.nanoTime();
    long totalBytes = 0;
    for (Path f : files) {
      try {
        totalBytes += Files.size(f);
      } catch (IOException e) {
        // unreadable: CorpusReader reports it as skipped; the total is only for progress
      }
    }
    IndexWriterConfig config = writerConfig();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean abandoned = new AtomicBoolean();
    // Embedding costs about the same for every paragraph, whatever its bytes: the paragraphs are
    // counted beside the rebuild, for an estimate of the time left by paragraphs.
    ParagraphCount count = vectors == null ? null : ParagraphCount.start(files);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      try {
        List<SkippedFile> skipped = new ArrayList<>();
        AtomicLong paragraphs = new AtomicLong();
        long bytes = 0;
        // Bytes of the files whose articles are in the writer (or skipped): what is done, where
        // the bytes read run up to eight articles ahead, minutes ahead when embedding is slow.
        AtomicLong indexedBytes = new AtomicLong();
        int articles = 0;
        int handled = 0;
        // Bounds the articles read but not yet indexed, so a large corpus never sits in memory.
        Semaphore inFlight = new Semaphore(threads * 4);
        List<Future<?>> pending = new ArrayList<>();
        for (Path file : files) {
          CorpusReader.FileResult r = CorpusReader.read(file);
          bytes += r.bytes();
          handled++;
          if (r.skipped() != null) {
            indexedBytes.addAndGet(r.bytes());
          }
          listener.accept(new RebuildProgress(handled, files.size(), paragraphs.get(),
              count == null ? -1 : count.total(), indexedBytes.get(), totalBytes,
              Duration.ofNanos(System.nanoTime() - started), false));
          if (r.skipped() != null) {
            Corpus.checkStillThere(corpus);
            skipped.add(r.skipped());
            continue;
          }
          articles++;
          inFlight.acquire();
          Article article = r.article();
          CorpusReader.Source source = r.source();
          long fileBytes = r.bytes();
          pending.add(pool.submit(() -> {
            try {
              if (abandoned.get()) {
                return null;
              }
              writer.addDocuments(documents(article, source,
                  vectors == null ? null : vectors.of(article)));
              paragraphs.addAndGet(article.paragraphs().size());
              indexedBytes.addAndGet(fileBytes);
              return null;
            } finally {
              inFlight.release();
            }
          }));
          for (Iterator<Future<?>> it = pending.iterator(); it.hasNext(); ) {
            Future<?> f = it.next();
            if (f.isDone()) {
              f.get(); // fails the rebuild as soon as one article fails
              it.remove();
            }
          }
        }
        for (Future<?> f : pending) {
          f.get();
        }
        Corpus.checkStillThere(corpus);
        if (articles == 0) {
          throw new CorpusException(
              "No article could be read from " + corpus + " (" + files.size()
                  + " .txt files, " + skipped.size() + " skipped): the index was left as it was");
        }
        listener.accept(new RebuildProgress(handled, files.size(), paragraphs.get(),
            paragraphs.get(), indexedBytes.get(), totalBytes,
            Duration.ofNanos(System.nanoTime() - started), true));
        // The index is never written again until the next rebuild: one segment makes every
        // query look each term up once instead of once per segment (on the 1m benchmark corpus,
        // 10 segments to 1: p50 0.80 to 0.49 ms, for 12 s more of a 51 s rebuild).
        writer.forceMerge(1);
        writer.setLiveCommitData(commitData(corpus, articles, paragraphs.get(),
            vectors == null ? null : vectors.embedderId()).entrySet());
        writer.commit();
        return new RebuildReport(corpus, articles, paragraphs.get(), bytes,
            Duration.ofNanos(System.nanoTime() - started), skipped);
      } catch (Throwable t) {
        // Articles still being added would create files after the rollback has deleted the
        // rebuild's files (a full disk test found them left behind): they end first.
        abandoned.set(true);
        pool.shutdown();
        awaitQuietly(pool);
        // Deletes every file this writer wrote; the previous commit's files were never touched.
        Throwable tragic = writer.getTragicException();
        writer.rollback();
        removeLeftovers(dir);
        if (createdIndexDir) {
          deleteQuietly(dir, indexDir);
        }
        Throwable cause = t instanceof ExecutionException ? t.getCause() : t;
        if (tragic != null && cause instanceof AlreadyClosedException) {
          throw failure(indexDir, tragic); // what closed the writer, not a later "it is closed"
        }
        throw t;
      }
    } catch (SearchException e) {
      throw e;
    } catch (ExecutionException e) {
      throw failure(indexDir, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SearchException("Rebuild of " + indexDir + " was interrupted", e);
    } catch (IOException | RuntimeException e) {
      throw failure(indexDir, e);
    } finally {
      pool.shutdownNow();
      if (count != null) {
        count.stop();
      }
    }
  }

  /**
   * The writer settings a rebuild indexes with, new each call. Public for the benchmark, which
   * measures what each field costs with the same writer. 128 MB of buffered documents per flush:
   * 512 MB was slower on the 1m corpus (71 and 84 s against 60 to 75 s), its final flush of two
   * large segments taking 7 to 10 s on one thread.
   */
  public static IndexWriterConfig writerConfig() {
    return new IndexWriterConfig(FieldAnalyzers.index())
        .setCodec(new IndexCodec())
        .setOpenMode(OpenMode.CREATE)
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(128);
  }

  /**
   * A writer that closed itself on a failure (a "tragic" one, such as a full disk while flushing)
   * rolled back while another thread was still adding an article, whose new files then stay. A
   * fresh writer's file deleter removes every file no commit references, and writes nothing.
   */
  static void removeLeftovers(Directory dir) {
    IndexWriterConfig config = new IndexWriterConfig()
        .setOpenMode(OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false);
    try (IndexWriter cleaner = new IndexWriter(dir, config)) {
      cleaner.rollback();
    } catch (IOException | RuntimeException e) {
      // the rebuild is failing with the more useful error; the next one removes them as it starts
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the rollback goes ahead; the caller sees the failure
    }
  }

  private static SearchException failure(Path indexDir, Throwable e) {
    return WriteFailures.of(WriteFailures.Kind.REBUILD, indexDir, e);
  }

  /** Removes an index folder this failed rebuild created, so a failure leaves no trace. */
  private static void deleteQuietly(Directory dir, Path indexDir) {
    try {
      for (String file : dir.listAll()) {
        dir.deleteFile(file);
      }
      Files.deleteIfExists(indexDir);
    } catch (IOException ignored) {
      // the rebuild is failing with the more useful error
    }
  }

  /** What every commit says of itself: counts, the corpus folder, when, the record's version. */
  static Map<String, String> commitData(Path corpus, long articles, long paragraphs,
      String embedderId) {
    Map<String, String> data = new java.util.HashMap<>(Map.of(ARTICLES_KEY, Long.toString(articles),
        PARAGRAPHS_KEY, Long.toString(paragraphs),
        CORPUS_KEY, corpus.toAbsolutePath().normalize().toString(),
        COMMITTED_AT_KEY, Instant.now().toString(),
        RECORDS_KEY, RECORDS_VERSION));
    if (embedderId != null) {
      data.put(EMBEDDER_KEY, embedderId);
    }
    return data;
  }

  /** The documents of an article read from {@code source}, which each of them records. */
  public static List<Document> documents(Article article, CorpusReader.Source source) {
    return documents(article, source, null);
  }

  /**
   * The same, each paragraph with its vectors from {@code vectors} (in paragraph order; null: no
   * vectors).
   */
  public static List<Document> documents(Article article, CorpusReader.Source source,
      List<List<Embedder.Vector>> vectors) {
    List<Document> docs = documents(article);
    for (int i = 0; vectors != null && i < docs.size(); i++) {
      for (Embedder.Vector v : vectors.get(i)) {
        // Unit vectors: the dot product is their cosine, and cheaper to compute.
        docs.get(i).add(new KnnFloatVectorField(Fields.vector(v.space()), v.values(),
            VectorSimilarityFunction.DOT_PRODUCT));
      }
    }
    for (Document d : docs) {
      d.add(new StoredField(Fields.SOURCE_HASH, source.hash()));
      d.add(new NumericDocValuesField(Fields.SOURCE_SIZE, source.size()));
      d.add(new NumericDocValuesField(Fields.SOURCE_MODIFIED, source.modified()));
    }
    return docs;
  }

  /**
   * One document per paragraph. The text is segmented by smartcn once for both of its word
   * fields, and the title once per article: its terms are replayed into every paragraph (a
   * document's fields are consumed in order, one document after another).
   */
  public static List<Document> documents(Article article) {
    List<Document> docs = new ArrayList<>(article.paragraphs().size());
    TokenStream title = null;
    TokenStream titleCjk = null;
    if (!article.titleDerived()) {
      // A derived title repeats the first paragraph: shown, never scored.
      title = new CachingTokenFilter(Analyzers.stemmed(Analyzers.segmented(article.title())));
      titleCjk = new CachingTokenFilter(Analyzers.cjkIndexed(article.title()));
    }
    for (Paragraph p : article.paragraphs()) {
      Document d = new Document();
      d.add(new StringField(Fields.ARTICLE_ID, article.id(), Field.Store.YES));
      d.add(new SortedDocValuesField(Fields.ARTICLE_ID, new BytesRef(article.id())));
      d.add(new IntField(Fields.PARAGRAPH, p.number(), Field.Store.YES));
      CachingTokenFilter words = new CachingTokenFilter(Analyzers.segmented(p.text()));
      d.add(new StoredField(Fields.TEXT, p.text()));
      d.add(new Field(Fields.TEXT, Analyzers.stemmed(words), TEXT_TYPE));
      d.add(new Field(Fields.TEXT_CJK, p.text(), CJK_TYPE));
      d.add(new Field(Fields.WORDS, Analyzers.vocabulary(words), WORDS_TYPE));
      if (p.number() == 1 && !article.titleDerived()) {
        d.add(new Field(Fields.WORDS, article.title(), WORDS_TYPE));
      }
      d.add(new StoredField(Fields.DISPLAY_TITLE, article.title()));
      if (title != null) {
        d.add(new Field(Fields.TITLE, title, TITLE_TYPE));
        d.add(new Field(Fields.TITLE_CJK, titleCjk, TITLE_CJK_TYPE));
      }
      d.add(new StoredField(Fields.TITLE_DERIVED, article.titleDerived() ? 1 : 0));
      docs.add(d);
    }
    return docs;
  }

  private IndexBuilder() {}
}
