package dev.articlesearch.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The library's calls, whichever engine answers them: an index on this machine ({@link
 * ArticleIndex}, the default) or an OpenSearch cluster (the {@code search-cluster} module). Every
 * engine gives the same answers in the same shape: the same hits in the same order, the same
 * totals, snippets and UTF-16 match offsets.
 *
 * <p>Which engine is chosen by settings, not code:
 *
 * <pre>{@code
 * try (ArticleSearch search = ArticleSearch.open(Map.of("index", "data/index"))) { … }
 * try (ArticleSearch search = ArticleSearch.open(Map.of(
 *     "backend", "opensearch", "opensearch.urls", "http://10.0.0.1:9200,http://10.0.0.2:9200"))) { … }
 * }</pre>
 *
 * <p>Implementations are thread-safe: one instance serves any number of threads.
 */
public interface ArticleSearch extends AutoCloseable {
  /**
   * Opens the engine the settings name. Keys: {@code backend} ({@code embedded}, the default, or
   * the name of another {@link ArticleSearchBackend} on the class path such as {@code
   * opensearch}); the backend's own keys (for {@code embedded}: {@code index}, the index folder);
   * and any limit by its name ({@code max_query_length}, {@code timeout_ms}, … see {@link
   * Limits#fromSettings}).
   *
   * @throws IllegalArgumentException naming the key, for a missing or malformed setting or a
   *     backend that is not on the class path
   * @throws SearchException if the engine cannot be reached or holds no index
   */
  static ArticleSearch open(Map<String, String> settings) {
    return open(settings, Limits.fromSettings(settings));
  }

  /** {@link #open(Map)}, holding every request to {@code limits} rather than the settings' limits. */
  static ArticleSearch open(Map<String, String> settings, Limits limits) {
    String backend = settings.getOrDefault(BACKEND_KEY, EMBEDDED);
    if (backend.equals(EMBEDDED)) {
      String folder = settings.get(INDEX_KEY);
      if (folder == null || folder.isBlank()) {
        throw new IllegalArgumentException(
            "Setting '" + INDEX_KEY + "' is required: the folder of the index to search");
      }
      if (!Boolean.parseBoolean(settings.getOrDefault(SEMANTIC_KEY, "false"))) {
        return ArticleIndex.open(Path.of(folder), limits);
      }
      String natives = settings.get(NATIVES_KEY);
      Embedder embedder = Embedder.load(natives == null || natives.isBlank()
          ? nativesBeside(Path.of(folder)) : Path.of(natives));
      try {
        return ArticleIndex.open(Path.of(folder), ArticleIndex.DEFAULT_REFRESH_INTERVAL, limits,
            embedder, embedder);
      } catch (RuntimeException e) {
        embedder.close();
        throw e;
      }
    }
    return ArticleSearchBackend.named(backend).open(settings, limits);
  }

  /** The settings key that names the engine: {@value #EMBEDDED} (the default) or another's name. */
  String BACKEND_KEY = "backend";

  /** The value of {@value #BACKEND_KEY} that chooses the index on this machine. */
  String EMBEDDED = "embedded";

  /** The settings key of the embedded engine's index folder. */
  String INDEX_KEY = "index";

  /**
   * The settings key that, {@code true}, makes the embedded engine search by meaning too: it
   * loads the {@link Embedder} on the class path ({@link SearchMode}).
   */
  String SEMANTIC_KEY = "semantic";

  /**
   * The settings key of the folder the embedder unpacks its native libraries into; by default
   * {@link #nativesBeside} the index.
   */
  String NATIVES_KEY = "semantic.natives";

  /** The default native-library folder: {@code data/index} → {@code data/index.natives}. */
  static Path nativesBeside(Path indexDir) {
    Path abs = indexDir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".natives");
  }

  /** The limits every request is held to. */
  Limits limits();

  /**
   * Runs a search.
   *
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   * @throws LimitExceededException when the request goes past one of the {@link #limits()}
   * @throws SearchTimeoutException when it takes longer than the time budget
   */
  SearchResult search(SearchRequest request);

  default SearchResult search(String query) {
    return search(SearchRequest.of(query));
  }

  /**
   * The article, or one paragraph of it, with every match of the query marked.
   *
   * @return empty if there is no such article, or no such paragraph in it
   */
  Optional<HighlightResult> highlight(HighlightRequest request);

  /**
   * The paragraphs most like one paragraph by the words they share: from other articles, and from
   * its own article.
   *
   * @param limit paragraphs per list, 1 to {@value ArticleIndex#MAX_RELATED}
   * @return empty if there is no such article or paragraph
   */
  default Optional<Related> related(String articleId, int paragraph, int limit) {
    return related(articleId, paragraph, limit, SearchMode.KEYWORD);
  }

  /**
   * The paragraphs most like one paragraph: by the words they share ({@code KEYWORD}), by their
   * meaning, nearest the paragraph's own vector ({@code SEMANTIC}), or both fused by rank
   * ({@code HYBRID}); from other articles, and from its own article.
   *
   * @param limit paragraphs per list, 1 to {@value ArticleIndex#MAX_RELATED}
   * @return empty if there is no such article or paragraph
   * @throws ModeUnavailableException for {@code SEMANTIC} or {@code HYBRID} where the index has no
   *     paragraph vectors of the loaded embedder, as a search in that mode
   */
  Optional<Related> related(String articleId, int paragraph, int limit, SearchMode mode);

  /**
   * Words and two-word phrases of the articles that start with {@code prefix}, most frequent first.
   *
   * @param limit 1 to {@value ArticleIndex#MAX_SUGGESTIONS}
   */
  List<Suggestion> suggest(String prefix, int limit);

  /** Every article, by id. */
  List<ArticleSummary> articles();

  /** The article with all its paragraphs, or empty if there is no such id. */
  Optional<Article> article(String id);

  /** What the index being served holds. */
  IndexStats stats();

  /**
   * The {@link SearchMode}s this engine can run now: {@link SearchMode#KEYWORD} always; {@code
   * SEMANTIC} and {@code HYBRID} when it has an {@link Embedder} and the index holds its vectors.
   */
  default List<SearchMode> modes() {
    return List.of(SearchMode.KEYWORD);
  }

  /** Where the answers come from, for logs and the health answer: a folder, or a cluster. */
  String source();

  @Override
  void close();
}
