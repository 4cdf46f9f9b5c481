/**
 * Where a query is parsed and planned: the simple and Lucene syntaxes, the limits checked before
 * anything runs, and the ranked tiers of a plan. Depends on {@code corpus} (the alias groups),
 * {@code schema} and {@code analysis}; never on an engine.
 */
package dev.articlesearch.core.internal.query;
