package dev.articlesearch.core;

/**
 * An article in the index listing.
 *
 * @param id the article id (file name without {@code .txt})
 * @param title the display title
 * @param titleDerived true when the title was derived from the first sentence
 * @param paragraphs how many paragraphs the article has
 */
public record ArticleSummary(String id, String title, boolean titleDerived, int paragraphs) {}
