/**
 * Suggest-as-you-type and did-you-mean, engine aside: the key a prefix is looked up by, which
 * candidates to show, and how a corrected query is written back. Depends on {@code query}, {@code
 * schema} and {@code analysis}.
 */
package dev.articlesearch.core.internal.suggest;
