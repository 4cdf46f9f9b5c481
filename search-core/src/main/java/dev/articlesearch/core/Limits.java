package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.Validate;
import java.time.Duration;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;

/**
 * Every bound one request is held to, so no query, however written, costs the server more than
 * these allow. An {@link ArticleIndex} is opened with one set ({@link #DEFAULTS} unless told
 * otherwise); a request past a limit gets a {@link LimitExceededException} naming it (the server:
 * 400 {@code limit_exceeded}), and a request past the time budget a {@link SearchTimeoutException}
 * (the server: 503 {@code timeout}). Start from {@link #DEFAULTS} and change what you need with the
 * {@code with…} methods.
 *
 * @param maxQueryLength {@code max_query_length}: characters (code points) of a query, default
 *     {@value #DEFAULT_MAX_QUERY_LENGTH}; longer is refused before any analysis
 * @param maxClauses {@code max_clauses}: term and phrase clauses of a {@code lucene} query, default
 *     {@value #DEFAULT_MAX_CLAUSES}; at most Lucene's global {@link
 *     IndexSearcher#getMaxClauseCount()}, which bounds the rewritten query too
 * @param maxExpansions {@code max_expansions}: terms one wildcard, prefix, regular expression or
 *     range of a {@code lucene} query may match, default {@value #DEFAULT_MAX_EXPANSIONS}; a
 *     pattern matching more is refused rather than silently cut to some of its terms
 * @param maxNesting {@code max_nesting}: depth of parentheses in a {@code lucene} query, default
 *     {@value #DEFAULT_MAX_NESTING}; refused before the recursive parser could overflow its stack
 * @param maxRegexpSize {@code max_regexp_size}: characters a regular expression's repeats expand
 *     to, default {@value #DEFAULT_MAX_REGEXP_SIZE}, counting every copy a repeat makes, a loop
 *     of a loop as the square of its inside and an intersection as the product of its sides
 *     ({@code /a{1000}{1000}/} would need an automaton of a million states, {@code /a++++…/}
 *     doubles with each {@code +}, before Lucene's own limits apply)
 * @param maxWindow {@code max_window}: how deep paging goes ({@code offset + limit}), default and
 *     at most {@value #DEFAULT_MAX_WINDOW}: every page ranks all hits before it
 * @param maxContext {@code max_context}: paragraphs of context before and after each hit, default
 *     and at most {@value #DEFAULT_MAX_CONTEXT}
 * @param maxHighlightParagraphs {@code max_highlight_paragraphs}: paragraphs one highlight request
 *     marks, default {@value #DEFAULT_MAX_HIGHLIGHT_PARAGRAPHS}; a longer article is highlighted one
 *     paragraph at a time
 * @param timeout {@code timeout}: the time budget of one call (a search with its highlighting, a
 *     highlight, related paragraphs, suggestions), default 2 s; past it the call stops and throws
 *     {@link SearchTimeoutException} rather than return a partial answer
 */
public record Limits(
    int maxQueryLength,
    int maxClauses,
    int maxExpansions,
    int maxNesting,
    int maxRegexpSize,
    int maxWindow,
    int maxContext,
    int maxHighlightParagraphs,
    Duration timeout) {
  public static final int DEFAULT_MAX_QUERY_LENGTH = 1_000;
  public static final int DEFAULT_MAX_CLAUSES = 1_024;
  public static final int DEFAULT_MAX_EXPANSIONS = 1_000;
  public static final int DEFAULT_MAX_NESTING = 100;
  public static final int DEFAULT_MAX_REGEXP_SIZE = 10_000;
  public static final int DEFAULT_MAX_WINDOW = 10_000;
  public static final int DEFAULT_MAX_CONTEXT = 5;
  public static final int DEFAULT_MAX_HIGHLIGHT_PARAGRAPHS = 1_000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The limits above at their defaults. */
  public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_CLAUSES,
      DEFAULT_MAX_EXPANSIONS, DEFAULT_MAX_NESTING, DEFAULT_MAX_REGEXP_SIZE, DEFAULT_MAX_WINDOW,
      DEFAULT_MAX_CONTEXT, DEFAULT_MAX_HIGHLIGHT_PARAGRAPHS, DEFAULT_TIMEOUT);

  public Limits {
    Validate.atLeast("maxQueryLength", maxQueryLength, 1);
    Validate.between("maxClauses", maxClauses, 1, IndexSearcher.getMaxClauseCount());
    Validate.atLeast("maxExpansions", maxExpansions, 1);
    Validate.atLeast("maxNesting", maxNesting, 1);
    Validate.atLeast("maxRegexpSize", maxRegexpSize, 1);
    // A SearchRequest is checked against the defaults when it is made: they are the ceilings.
    Validate.between("maxWindow", maxWindow, 1, DEFAULT_MAX_WINDOW);
    Validate.between("maxContext", maxContext, 0, DEFAULT_MAX_CONTEXT);
    Validate.atLeast("maxHighlightParagraphs", maxHighlightParagraphs, 1);
    Validate.notNull("timeout", timeout);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Parameter 'timeout' must be positive, was " + timeout);
    }
  }

  public Limits withMaxQueryLength(int maxQueryLength) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxClauses(int maxClauses) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxExpansions(int maxExpansions) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxNesting(int maxNesting) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxRegexpSize(int maxRegexpSize) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxWindow(int maxWindow) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxContext(int maxContext) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withMaxHighlightParagraphs(int maxHighlightParagraphs) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  public Limits withTimeout(Duration timeout) {
    return new Limits(maxQueryLength, maxClauses, maxExpansions, maxNesting, maxRegexpSize,
        maxWindow, maxContext, maxHighlightParagraphs, timeout);
  }

  /**
   * The defaults, with each limit that {@code settings} names set: {@code max_query_length},
   * {@code max_clauses}, {@code max_expansions}, {@code max_nesting}, {@code max_regexp_size},
   * {@code max_window}, {@code max_context}, {@code max_highlight_paragraphs}, {@code timeout_ms}.
   * Other keys are left to whoever reads them.
   *
   * @throws IllegalArgumentException naming the setting, for a value that is not a whole number
   *     or is out of the limit's range
   */
  public static Limits fromSettings(Map<String, String> settings) {
    Limits l = DEFAULTS;
    l = with(l, settings, "max_query_length", Limits::withMaxQueryLength);
    l = with(l, settings, "max_clauses", Limits::withMaxClauses);
    l = with(l, settings, "max_expansions", Limits::withMaxExpansions);
    l = with(l, settings, "max_nesting", Limits::withMaxNesting);
    l = with(l, settings, "max_regexp_size", Limits::withMaxRegexpSize);
    l = with(l, settings, "max_window", Limits::withMaxWindow);
    l = with(l, settings, "max_context", Limits::withMaxContext);
    l = with(l, settings, "max_highlight_paragraphs", Limits::withMaxHighlightParagraphs);
    return with(l, settings, "timeout_ms", (x, ms) -> x.withTimeout(Duration.ofMillis(ms)));
  }

  private static Limits with(Limits limits, Map<String, String> settings, String key,
      java.util.function.BiFunction<Limits, Integer, Limits> set) {
    String value = settings.get(key);
    if (value == null) {
      return limits;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting '" + key + "' must be a whole number, was '" + value + "'", e);
    }
    try {
      return set.apply(limits, n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Setting '" + key + "': " + e.getMessage(), e);
    }
  }
}
