package dev.articlesearch.core;

/**
 * A match in a paragraph's text, as UTF-16 offsets (how Java and JavaScript index strings): {@code
 * text.substring(start, end)} is the matched text. A matched phrase is one span.
 */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("Bad span [" + start + ", " + end + ")");
    }
  }
}
