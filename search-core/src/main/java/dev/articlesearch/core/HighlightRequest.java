package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.Validate;

/**
 * A request to mark every match of a query in one article, or one paragraph of it.
 *
 * @param query the query, as for {@link SearchRequest#query()}
 * @param syntax how to read it
 * @param articleId the article
 * @param paragraph one paragraph number, or 0 for the whole article
 * @param markup tags put around matches
 */
public record HighlightRequest(
    String query, QuerySyntax syntax, String articleId, int paragraph, Markup markup) {
  public HighlightRequest {
    Validate.notNull("query", query);
    Validate.notNull("syntax", syntax);
    Validate.notBlank("articleId", articleId);
    Validate.atLeast("paragraph", paragraph, 0);
    Validate.notNull("markup", markup);
  }

  /** The whole article, simple syntax, {@code <mark>} tags. */
  public static HighlightRequest of(String query, String articleId) {
    return new HighlightRequest(query, QuerySyntax.SIMPLE, articleId, 0, Markup.MARK);
  }

  public HighlightRequest withSyntax(QuerySyntax syntax) {
    return new HighlightRequest(query, syntax, articleId, paragraph, markup);
  }

  /** Only this paragraph (from 1). */
  public HighlightRequest withParagraph(int paragraph) {
    Validate.atLeast("paragraph", paragraph, 1);
    return new HighlightRequest(query, syntax, articleId, paragraph, markup);
  }

  public HighlightRequest withMarkup(Markup markup) {
    return new HighlightRequest(query, syntax, articleId, paragraph, markup);
  }
}
