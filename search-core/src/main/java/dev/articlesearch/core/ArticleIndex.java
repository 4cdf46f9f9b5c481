package dev.articlesearch.core;

import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.embedded.LuceneEngine;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.index.IndexUpdater;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.search.SearchFlow;
import dev.articlesearch.core.internal.search.TimeBudget;
import dev.articlesearch.core.internal.util.Validate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.lucene.search.Query;

/**
 * A searchable article index on disk: the library's entry point.
 *
 * <pre>{@code
 * ArticleIndex.rebuild(Path.of("seeds"), Path.of("data/index"));
 * try (ArticleIndex index = ArticleIndex.open(Path.of("data/index"))) {
 *   SearchResult result = index.search(SearchRequest.of("ChatGLM3-6B"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves any number of threads. It notices a newer commit written by
 * another process or a {@link #rebuild} and serves it without a restart; searches already running
 * finish on the index they started on.
 */
public final class ArticleIndex implements ArticleSearch {
  /** How often an open index looks for a newer commit on disk, by default. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);

  /** How many related paragraphs {@link #related} returns per list, at most. */
  public static final int MAX_RELATED = SearchFlow.MAX_RELATED;

  /** Most suggestions {@link #suggest} returns. */
  public static final int MAX_SUGGESTIONS = SearchFlow.MAX_SUGGESTIONS;

  private final Path path;
  private final LuceneEngine engine;
  private final SearchFlow flow;
  /** An embedder this index loaded itself ({@link ArticleSearch#open}), closed with it; else null. */
  private final Embedder owned;

  private ArticleIndex(Path path, LuceneEngine engine, SearchFlow flow, Embedder owned) {
    this.path = path;
    this.engine = engine;
    this.flow = flow;
    this.owned = owned;
  }

  /** Opens the index in {@code indexDir}, looking for newer commits every second. */
  public static ArticleIndex open(Path indexDir) {
    return open(indexDir, DEFAULT_REFRESH_INTERVAL);
  }

  /**
   * Opens the index in {@code indexDir}.
   *
   * @throws SearchException if the folder holds no index (build one with {@link #rebuild}), cannot
   *     be read, or is damaged: every file's checksum is verified before the first search, so a
   *     corrupt index is refused rather than served with wrong hits
   */
  public static ArticleIndex open(Path indexDir, Duration refreshInterval) {
    return open(indexDir, refreshInterval, Limits.DEFAULTS);
  }

  /** Opens the index in {@code indexDir} with {@code limits} on every request. */
  public static ArticleIndex open(Path indexDir, Limits limits) {
    return open(indexDir, DEFAULT_REFRESH_INTERVAL, limits);
  }

  /**
   * Opens the index in {@code indexDir}, holding every request to {@code limits}.
   *
   * @throws SearchException if the folder holds no index (build one with {@link #rebuild}) or
   *     cannot be read
   */
  public static ArticleIndex open(Path indexDir, Duration refreshInterval, Limits limits) {
    return open(indexDir, refreshInterval, limits, null);
  }

  /**
   * Opens the index in {@code indexDir} for every {@link SearchMode}: queries are embedded with
   * {@code embedder}, which must be the one the index's vectors were made with, and a {@link
   * #watch} embeds new and changed paragraphs with it. The caller closes the embedder after this
   * index.
   *
   * @param embedder null: keyword search only, as {@link #open(Path, Duration, Limits)}
   */
  public static ArticleIndex open(Path indexDir, Duration refreshInterval, Limits limits,
      Embedder embedder) {
    return open(indexDir, refreshInterval, limits, embedder, null);
  }

  static ArticleIndex open(Path indexDir, Duration refreshInterval, Limits limits,
      Embedder embedder, Embedder owned) {
    Validate.notNull("indexDir", indexDir);
    Validate.notNull("refreshInterval", refreshInterval);
    Validate.notNull("limits", limits);
    TimeBudget budget = new TimeBudget(limits.timeout());
    LuceneEngine engine = LuceneEngine.open(indexDir, refreshInterval, limits, budget, embedder);
    return new ArticleIndex(indexDir, engine, new SearchFlow(engine, limits, budget), owned);
  }

  /**
   * Rebuilds the index in {@code indexDir} from the corpus folder as one atomic step. Readers of
   * the old index keep it until the new one is committed; if the rebuild fails or the process dies,
   * the old index is left as it was.
   *
   * @throws CorpusException if the corpus folder is missing or no article in it can be read
   * @throws SearchException if the index cannot be written
   */
  public static RebuildReport rebuild(Path corpus, Path indexDir) {
    return rebuild(corpus, indexDir, progress -> {});
  }

  /**
   * {@link #rebuild(Path, Path)}, telling {@code listener} how far it has got after every file and
   * once more before the commit. The listener runs on the rebuilding thread: keep it quick.
   */
  public static RebuildReport rebuild(
      Path corpus, Path indexDir, Consumer<RebuildProgress> listener) {
    return IndexBuilder.rebuild(corpus, indexDir, listener);
  }

  /**
   * {@link #rebuild(Path, Path, Consumer)} that also stores each paragraph's vector by {@code
   * embedder}, for {@link SearchMode#SEMANTIC} and {@link SearchMode#HYBRID} searches. A
   * paragraph whose text the index being replaced already holds, with a vector by the same
   * embedder, keeps that vector: only new text is embedded, the slow part.
   *
   * @param embedder null: no vectors, as {@link #rebuild(Path, Path, Consumer)}
   */
  public static RebuildReport rebuild(Path corpus, Path indexDir,
      Consumer<RebuildProgress> listener, Embedder embedder) {
    return IndexBuilder.rebuild(corpus, indexDir, listener, embedder);
  }

  /**
   * Brings the index in {@code indexDir} in line with the corpus folder as one atomic commit: only
   * articles whose file is new, changed or gone are written, so an update after a small edit takes
   * a moment where a rebuild reads everything. Readers see the index before or after it; if it
   * fails or the process dies, the index is left as it was. An index written by an older version
   * (without a record of what each article was indexed from) is rebuilt whole, with a warning,
   * and {@link UpdateReport#rebuilt()} says so.
   *
   * @throws SearchException if there is no index yet (rebuild first), another process is writing
   *     it, or it cannot be written
   * @throws CorpusException if the corpus folder is missing, or lists no article while the index
   *     has some (an update never empties an index)
   */
  public static UpdateReport update(Path corpus, Path indexDir) {
    return update(corpus, indexDir, progress -> {});
  }

  /** {@link #update(Path, Path)}, telling {@code listener} how far it has got, as a rebuild does. */
  public static UpdateReport update(Path corpus, Path indexDir,
      Consumer<RebuildProgress> listener) {
    Validate.notNull("corpus", corpus);
    Validate.notNull("indexDir", indexDir);
    return IndexUpdater.update(corpus, indexDir, listener);
  }

  /**
   * {@link #update(Path, Path, Consumer)} for an index with vectors by {@code embedder}: the
   * paragraphs of new and changed articles get theirs, a changed article's unchanged paragraphs
   * keep theirs. An index without vectors by this embedder is rebuilt whole with them ({@link
   * UpdateReport#rebuilt()}).
   *
   * @param embedder null: as {@link #update(Path, Path, Consumer)}, which refuses an index that
   *     holds vectors (its new paragraphs would have none)
   */
  public static UpdateReport update(Path corpus, Path indexDir,
      Consumer<RebuildProgress> listener, Embedder embedder) {
    Validate.notNull("corpus", corpus);
    Validate.notNull("indexDir", indexDir);
    return IndexUpdater.update(corpus, indexDir, listener, embedder);
  }

  /**
   * The {@link Embedder#id()} of the paragraph vectors in the index in {@code indexDir}; empty
   * when it has none, or there is no index.
   */
  public static Optional<String> vectorsOf(Path indexDir) {
    Validate.notNull("indexDir", indexDir);
    return IndexBuilder.vectorsOf(indexDir);
  }

  /**
   * Keeps this open index in sync with {@code corpus}, the folder it was built from, until the
   * returned watch or this index is closed: a file created, changed, renamed or deleted there is
   * searchable within about a second of settling (see {@link CorpusWatch}).
   *
   * @param listener told of each update on the watch's thread; keep it quick
   */
  public CorpusWatch watch(Path corpus, Consumer<UpdateReport> listener) {
    Validate.notNull("corpus", corpus);
    Validate.notNull("listener", listener);
    return engine.watch(corpus, listener);
  }

  /** {@link #watch(Path, Consumer)} without a listener. */
  public CorpusWatch watch(Path corpus) {
    return watch(corpus, report -> {});
  }

  /** How the analysis sees a text: the terms of the word field and of the CJK bigram field. */
  public static List<AnalyzedToken> analyze(String text) {
    List<AnalyzedToken> tokens = new ArrayList<>(Tokens.of(FieldAnalyzers.index(), Fields.TEXT, text));
    tokens.addAll(Tokens.of(FieldAnalyzers.index(), Fields.TEXT_CJK, text));
    return tokens;
  }

  /** The folder this index was opened on. */
  public Path path() {
    return path;
  }

  /** {@code index <folder>}. */
  @Override
  public String source() {
    return "index " + path;
  }

  /** The limits every request to this index is held to. */
  @Override
  public Limits limits() {
    return flow.limits();
  }

  /** Looks for a newer commit now rather than at the next refresh interval. */
  public void refresh() {
    engine.refresh();
  }

  @Override
  public SearchResult search(String query) {
    return search(SearchRequest.of(query));
  }

  /**
   * Runs a search.
   *
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query (never for {@code
   *     simple})
   */
  @Override
  public SearchResult search(SearchRequest request) {
    return flow.search(request);
  }

  /**
   * The Lucene queries {@link #search(SearchRequest)} runs for this request, tier by tier: every
   * hit of a tier ranks above every hit of the next, and a tier runs only when the earlier ones
   * do not fill the page. For running the same search on another Lucene-based engine (the
   * benchmarks run them on OpenSearch); empty when the query has nothing to search for.
   *
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   */
  public List<Query> queryTiers(SearchRequest request) {
    return flow.tiers(request);
  }

  /**
   * The article, or one paragraph of it, with every match of the query marked.
   *
   * @return empty if there is no such article, or no such paragraph in it
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   */
  @Override
  public Optional<HighlightResult> highlight(HighlightRequest request) {
    return flow.highlight(request);
  }

  @Override
  public List<SearchMode> modes() {
    return flow.modes();
  }

  /** What the index being served holds: counts, and when it was committed. */
  @Override
  public IndexStats stats() {
    return flow.stats();
  }

  @Override
  public Optional<Related> related(String articleId, int paragraph, int limit, SearchMode mode) {
    return flow.related(articleId, paragraph, limit, mode);
  }

  /**
   * Words and two-word phrases of the articles that start with {@code prefix}, most frequent
   * first: {@code 智} gives {@code 智谱}, {@code 清华} gives {@code 清华大学}, {@code tsinghua u}
   * gives {@code tsinghua university}. The prefix is folded like the text (case, width,
   * traditional characters).
   *
   * @param limit 1 to {@value #MAX_SUGGESTIONS}
   */
  @Override
  public List<Suggestion> suggest(String prefix, int limit) {
    return flow.suggest(prefix, limit);
  }

  /** Every article in the index, by id. */
  @Override
  public List<ArticleSummary> articles() {
    return flow.articles();
  }

  /** The article with all its paragraphs, or empty if the index has no such id. */
  @Override
  public Optional<Article> article(String id) {
    return flow.article(id);
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }
}
