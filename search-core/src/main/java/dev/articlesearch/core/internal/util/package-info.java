/**
 * Argument checks and the wording of limit messages, shared by the API's records and the
 * internals. Depends on nothing.
 */
package dev.articlesearch.core.internal.util;
