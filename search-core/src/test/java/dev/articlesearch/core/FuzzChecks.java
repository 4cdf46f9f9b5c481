package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The properties the fuzz tests check, shared by them and by their named regression tests. */
final class FuzzChecks {
  /**
   * No single input may take longer: far above any real query (milliseconds), low enough that a
   * runaway expansion or loop is reported with its input rather than stalling the run.
   */
  static final Duration BUDGET = Duration.ofSeconds(10);

  /** Runs {@code work}, failing if it took longer than {@link #BUDGET}. */
  static <T> T withinBudget(String what, Supplier<T> work) {
    long started = System.nanoTime();
    T result = work.get();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(BUDGET) <= 0, what + " took " + took.toMillis() + " ms");
    return result;
  }

  /**
   * A query the search may refuse rather than answer: in the {@code lucene} syntax with an {@link
   * InvalidQueryException} (or a subclass) that says what is wrong; in either syntax with a
   * documented timeout ({@link SearchTimeoutException}) or limit ({@link LimitExceededException}).
   * Anything else, or any other refusal of a {@code simple} query, is a bug.
   */
  static void assertDocumentedRefusal(RuntimeException e, String query, QuerySyntax syntax) {
    if (e instanceof SearchTimeoutException) {
      return;
    }
    if (e instanceof LimitExceededException) {
      return; // either syntax: a query past a documented limit (max_query_length, …) is refused
    }
    if (!(e instanceof InvalidQueryException invalid) || syntax == QuerySyntax.SIMPLE) {
      throw e; // Jazzer reports it with the input
    }
    String message = invalid.getMessage();
    assertTrue(message != null && !message.isBlank() && message.length() < 300,
        "unhelpful message: " + message);
    assertTrue(invalid.position() >= -1 && invalid.position() <= query.length(),
        "position " + invalid.position() + " outside the query of length " + query.length());
  }

  /**
   * Match offsets as documented on {@link Span}: inside the text, non-empty, in order, not
   * overlapping, and never between the two halves of a surrogate pair (a tag there would split a
   * character).
   */
  static void assertSpansInside(String text, List<Span> spans) {
    int previousEnd = 0;
    for (Span s : spans) {
      String where = s + " in a text of length " + text.length() + ", spans " + spans;
      assertTrue(s.start() < s.end(), "empty span " + where);
      assertTrue(s.start() >= previousEnd, "overlapping or out of order " + where);
      assertTrue(s.end() <= text.length(), "past the end " + where);
      assertFalse(splitsPair(text, s.start()) || splitsPair(text, s.end()),
          "cuts a surrogate pair " + where);
      previousEnd = s.end();
    }
  }

  private static boolean splitsPair(String text, int i) {
    return i > 0 && i < text.length()
        && Character.isHighSurrogate(text.charAt(i - 1)) && Character.isLowSurrogate(text.charAt(i));
  }

  /**
   * A hit's snippet: the paragraph's text, or a piece of it with an ellipsis where it was cut,
   * HTML-escaped, with as many closing tags as opening ones.
   */
  static void assertSnippetOf(String text, String snippet, Markup markup) {
    if (snippet == null) {
      fail("no snippet for a highlighted hit of " + text);
    }
    assertEquals(count(snippet, markup.open()), count(snippet, markup.close()), snippet);
    String plain = plainText(snippet, markup);
    if (plain.startsWith("…")) {
      plain = plain.substring(1);
    }
    if (plain.endsWith("…")) {
      plain = plain.substring(0, plain.length() - 1);
    }
    assertTrue(text.contains(plain), "snippet " + snippet + " is not from the text " + text);
  }

  /** The highlighted HTML of a whole paragraph: the text itself once tags and escapes are undone. */
  static void assertHtmlOf(String text, String html, List<Span> spans, Markup markup) {
    assertEquals(spans.size(), count(html, markup.open()), html);
    assertEquals(spans.size(), count(html, markup.close()), html);
    assertEquals(text, plainText(html, markup));
  }

  /** The markup removed and HTML escapes undone ({@code &amp;} last, as it is escaped first). */
  static String plainText(String html, Markup markup) {
    return html.replace(markup.open(), "").replace(markup.close(), "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private FuzzChecks() {}
}
