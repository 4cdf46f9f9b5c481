/**
 * Related paragraphs: the MoreLikeThis queries of a paragraph, weighed by an index's statistics or
 * by statistics another engine fetched. Depends on {@code schema} and {@code analysis}.
 */
package dev.articlesearch.core.internal.related;
