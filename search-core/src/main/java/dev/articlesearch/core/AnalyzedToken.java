package dev.articlesearch.core;

/**
 * One term that analysis made of a text, as {@link ArticleIndex#analyze(String)} shows it.
 *
 * @param field the index field ({@code text}: smartcn words; {@code text_cjk}: CJK bigrams)
 * @param term the indexed term
 * @param start start offset in the text (UTF-16)
 * @param end end offset in the text (UTF-16)
 * @param position the token position (phrases match on consecutive positions)
 */
public record AnalyzedToken(String field, String term, int start, int end, int position) {}
