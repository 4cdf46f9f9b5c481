/**
 * The index's fields in one place: their names and how each is indexed ({@code Fields}), the
 * analyzer of each field, the stored paragraph as every engine reads it, and the same fields as an
 * OpenSearch mapping ({@code IndexSchema}). Depends only on {@code analysis}.
 */
package dev.articlesearch.core.internal.schema;
