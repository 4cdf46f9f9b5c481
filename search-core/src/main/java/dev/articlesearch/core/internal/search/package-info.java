/**
 * The one search flow every engine runs ({@code SearchFlow}: parse, plan, retrieve, page or group,
 * fetch and highlight, result), the time budget, and what an engine must supply ({@code Engine},
 * {@code Snapshot}). Depends on the feature packages below it, never on an engine, an index folder
 * or the facade.
 */
package dev.articlesearch.core.internal.search;
