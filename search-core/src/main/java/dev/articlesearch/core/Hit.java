package dev.articlesearch.core;

import java.util.List;

/**
 * A matching paragraph.
 *
 * @param articleId the article it belongs to
 * @param title the article's display title
 * @param titleDerived true when that title was derived from the first sentence
 * @param paragraph the paragraph's number in its article, from 1
 * @param score the BM25 relevance score (hits that contain every query word come first, whatever
 *     their score); in a semantic search the vector similarity, in a hybrid one the fused score
 * @param text the whole paragraph, as written
 * @param snippet the best passage, HTML-escaped, matches wrapped in the request's markup; null
 *     without {@link SearchRequest#highlight()}
 * @param matches every match in {@code text}, as UTF-16 offsets, in order (none without {@link
 *     SearchRequest#highlight()})
 * @param before up to {@code context} paragraphs just before this one, in reading order
 * @param after up to {@code context} paragraphs just after this one, in reading order
 * @param otherParagraphs with grouping by article: the article's other matching paragraphs
 * @param aliasMatches with {@link SearchRequest#explain()}: the query words this paragraph
 *     matched through another name of their alias group, and that name
 * @param foundBy with {@link SearchRequest#explain()}: which retrievers found it, {@link
 *     SearchMode#KEYWORD} (its words; {@code matches} and the snippet's marks are theirs) and/or
 *     {@link SearchMode#SEMANTIC} (its meaning; a paragraph found only so has no matches and a
 *     snippet without marks)
 */
public record Hit(
    String articleId,
    String title,
    boolean titleDerived,
    int paragraph,
    float score,
    String text,
    String snippet,
    List<Span> matches,
    List<Paragraph> before,
    List<Paragraph> after,
    List<Integer> otherParagraphs,
    List<AliasMatch> aliasMatches,
    List<SearchMode> foundBy) {
  public Hit {
    matches = List.copyOf(matches);
    before = List.copyOf(before);
    after = List.copyOf(after);
    otherParagraphs = List.copyOf(otherParagraphs);
    aliasMatches = List.copyOf(aliasMatches);
    foundBy = List.copyOf(foundBy);
  }
}
