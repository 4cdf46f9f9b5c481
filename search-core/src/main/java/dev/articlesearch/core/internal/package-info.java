/**
 * The implementation of {@code search-core}: not an API. Its packages are public only so the
 * project's own modules (the cluster engine, the OpenSearch plugin, the benchmark) can reuse the
 * library's analysis, schema and search flow; nothing here depends on the facade ({@code
 * ArticleIndex}, {@code ArticleSearch}), and {@code ArchitectureTest} checks the layering.
 */
package dev.articlesearch.core.internal;
