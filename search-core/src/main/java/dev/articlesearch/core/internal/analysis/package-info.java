/**
 * How text becomes terms: the named analyzers (smartcn words, CJK unigrams and bigrams, the
 * vocabulary's shingles), traditional-to-simplified folding and token listings. The bottom
 * layer: it depends on no other package of the project but the API's value types.
 */
package dev.articlesearch.core.internal.analysis;
