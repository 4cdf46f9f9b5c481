package dev.articlesearch.core;

/**
 * Why a hit matched a query word it does not contain: it contains another name of the word's
 * alias group. With {@link SearchRequest#explain()}, a hit for {@code Zhipu} that says {@code
 * Zhizhu} carries {@code AliasMatch("Zhipu", "Zhizhu")}.
 *
 * @param queryWord the name as the query wrote it
 * @param alias the other name of its group that the paragraph contains
 */
public record AliasMatch(String queryWord, String alias) {}
