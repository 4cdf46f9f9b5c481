package dev.articlesearch.cluster;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.HighlightRequest;
import dev.articlesearch.core.HighlightResult;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.Related;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.search.SearchFlow;
import dev.articlesearch.core.internal.search.TimeBudget;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The library's calls answered by an OpenSearch cluster holding an index built by {@link
 * ClusterIndexer}, through its alias: the same answers as the embedded engine on the same corpus.
 * The library's own search flow ({@link SearchFlow}: limits, plan, paging, grouping, did-you-mean,
 * context, highlights, the time budget) runs here; the cluster only ranks, counts and returns
 * stored paragraphs and statistics ({@link ClusterSnapshot}), through {@link ClusterEngine}.
 *
 * <p>Thread-safe; the HTTP connections are kept alive between calls. Close it to close them.
 */
public final class ClusterSearch implements ArticleSearch {
  private final ClusterEngine engine;
  private final SearchFlow flow;

  private ClusterSearch(ClusterEngine engine, SearchFlow flow) {
    this.engine = engine;
    this.flow = flow;
  }

  /**
   * Opens the index behind {@code alias} on the cluster at {@code urls} (any of its nodes; the
   * next is tried when one cannot be reached).
   *
   * @throws ClusterUnavailableException if no node can be reached, or there is no such alias
   */
  public static ClusterSearch open(List<URI> urls, String alias, Limits limits) {
    TimeBudget budget = new TimeBudget(limits.timeout());
    ClusterEngine engine = new ClusterEngine(urls, alias, limits, budget);
    try {
      engine.meta(true);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return new ClusterSearch(engine, new SearchFlow(engine, limits, budget));
  }

  @Override
  public Limits limits() {
    return flow.limits();
  }

  /** {@code opensearch <first URL> (+N more) index <alias>}. */
  @Override
  public String source() {
    return "opensearch " + engine.describe() + " index " + engine.alias();
  }

  @Override
  public SearchResult search(SearchRequest request) {
    return flow.search(request);
  }

  @Override
  public Optional<HighlightResult> highlight(HighlightRequest request) {
    return flow.highlight(request);
  }

  @Override
  public Optional<Related> related(String articleId, int paragraph, int limit, SearchMode mode) {
    return flow.related(articleId, paragraph, limit, mode);
  }

  @Override
  public List<Suggestion> suggest(String prefix, int limit) {
    return flow.suggest(prefix, limit);
  }

  @Override
  public List<ArticleSummary> articles() {
    return flow.articles();
  }

  @Override
  public Optional<Article> article(String id) {
    return flow.article(id);
  }

  @Override
  public IndexStats stats() {
    return flow.stats();
  }

  @Override
  public void close() {
    engine.close();
  }
}
