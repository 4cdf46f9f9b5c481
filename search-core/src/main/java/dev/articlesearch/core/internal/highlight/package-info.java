/**
 * Where a highlight is made: every match and the best passage of a paragraph, from an index's
 * postings (the embedded engine) or from a one-paragraph index of a paragraph another engine
 * returned, and the snippet cut around them. Depends on {@code schema} and {@code analysis}.
 */
package dev.articlesearch.core.internal.highlight;
