package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.Validate;
import java.util.List;

/**
 * One search. Start from {@link #of(String)} and change what you need with the {@code with…}
 * methods; every instance is immutable and checked when made.
 *
 * @param query what the user typed
 * @param syntax how to read it (default {@link QuerySyntax#SIMPLE})
 * @param limit hits per page, 1 to {@value #MAX_LIMIT} (default 10)
 * @param offset hits to skip, for paging (default 0; {@code offset + limit} at most {@value
 *     #MAX_WINDOW})
 * @param articles only search these article ids (empty: all)
 * @param groupByArticle each article once, with its best paragraph and its other matching ones
 * @param context paragraphs of context before and after each hit, 0 to {@value #MAX_CONTEXT}
 * @param markup tags put around matches in snippets
 * @param explain say, per hit, which alias of which query word it matched ({@link Hit#aliasMatches})
 * @param fuzzy in the {@code simple} syntax, let Latin words match with typos: one edit for words
 *     of 3 to 5 letters, two from 6 (exact matches still rank first; Chinese is never fuzzed)
 * @param highlight find the matches in each hit and its snippet (default); without, each {@link
 *     Hit} has no {@code matches} and a null {@code snippet}, which saves the highlighting work
 *     when only the ranked paragraphs are wanted
 * @param mode by words ({@link SearchMode#KEYWORD}, the default), by meaning ({@link
 *     SearchMode#SEMANTIC}) or both fused ({@link SearchMode#HYBRID}); paging, grouping, context,
 *     article filters and the time budget work in every mode. A semantic search has no total of
 *     its own: it ranks the {@value #SEMANTIC_CANDIDATES} nearest paragraphs (or {@code offset +
 *     limit}, if more), and its total is how many of those there are
 */
public record SearchRequest(
    String query,
    QuerySyntax syntax,
    int limit,
    int offset,
    List<String> articles,
    boolean groupByArticle,
    int context,
    Markup markup,
    boolean explain,
    boolean fuzzy,
    boolean highlight,
    SearchMode mode) {
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;
  /** How many nearest paragraphs a semantic or hybrid search ranks at least. */
  public static final int SEMANTIC_CANDIDATES = 100;
  /** The most context any index allows; {@link Limits#maxContext()} may allow less. */
  public static final int MAX_CONTEXT = Limits.DEFAULT_MAX_CONTEXT;

  /**
   * How deep paging may go ({@code offset + limit}): every page ranks all hits before it, so deep
   * pages cost memory and time. Past this, narrow the query instead. The most any index allows;
   * {@link Limits#maxWindow()} may allow less.
   */
  public static final int MAX_WINDOW = Limits.DEFAULT_MAX_WINDOW;

  public SearchRequest {
    Validate.notNull("query", query);
    Validate.notNull("syntax", syntax);
    Validate.between("limit", limit, 1, MAX_LIMIT);
    Validate.between("offset", offset, 0, MAX_WINDOW - limit);
    articles = List.copyOf(Validate.notNull("articles", articles));
    Validate.between("context", context, 0, MAX_CONTEXT);
    Validate.notNull("markup", markup);
    Validate.notNull("mode", mode);
  }

  /** A request with the defaults: simple syntax, first 10 hits, all articles. */
  public static SearchRequest of(String query) {
    return new SearchRequest(
        query, QuerySyntax.SIMPLE, DEFAULT_LIMIT, 0, List.of(), false, 0, Markup.MARK, false, false, true,
        SearchMode.KEYWORD);
  }

  public SearchRequest withSyntax(QuerySyntax syntax) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withLimit(int limit) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withOffset(int offset) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withArticles(List<String> articles) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withGroupByArticle(boolean groupByArticle) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withContext(int context) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withExplain(boolean explain) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withFuzzy(boolean fuzzy) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withMarkup(Markup markup) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withMode(SearchMode mode) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }

  public SearchRequest withHighlight(boolean highlight) {
    return new SearchRequest(query, syntax, limit, offset, articles, groupByArticle, context, markup, explain, fuzzy, highlight, mode);
  }
}
