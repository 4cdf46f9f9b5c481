/**
 * The library's public API, and nothing else: the entry points ({@link
 * dev.articlesearch.core.ArticleIndex} for an index on this machine, {@link
 * dev.articlesearch.core.ArticleSearch} for any engine), the requests and results (records), the
 * {@link dev.articlesearch.core.Limits} and the exceptions. Everything under {@code
 * dev.articlesearch.core.internal} is the implementation: do not depend on it, it changes without
 * notice. A test keeps this package and the README's list of it in step.
 */
package dev.articlesearch.core;
