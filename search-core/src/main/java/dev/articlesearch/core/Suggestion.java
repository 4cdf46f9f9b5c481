package dev.articlesearch.core;

/**
 * A completion of a typed prefix: a word or two-word phrase from the articles.
 *
 * @param text the completion, lower-cased as indexed ({@code 智谱}, {@code tsinghua university})
 * @param paragraphs how many paragraphs contain it: the order of suggestions
 */
public record Suggestion(String text, long paragraphs) {}
