/**
 * The library's calls answered by an OpenSearch cluster that runs this project's analysis plugin
 * ({@code search-opensearch}): choose it with the setting {@code backend=opensearch}.
 */
package dev.articlesearch.cluster;
