package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.internal.schema.StoredParagraph;

/**
 * A hit in the library's order (score, then article id, then paragraph number).
 *
 * @param doc the engine's own handle of the document, or -1 where it has none
 * @param stored the paragraph, when the engine read it with the ranking; else null
 */
public record Ranked(String articleId, int paragraph, float score, int doc,
    StoredParagraph stored) {}
