package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.Validate;
import java.util.List;

/**
 * The tags put around each match. The text between them is always HTML-escaped, so the result is
 * safe to put into a page as long as the tags themselves are.
 *
 * @param open the opening tag, e.g. {@code <mark>}
 * @param close the closing tag, e.g. {@code </mark>}
 */
public record Markup(String open, String close) {
  /** {@code <mark>…</mark>}, the default. */
  public static final Markup MARK = new Markup("<mark>", "</mark>");

  public Markup {
    Validate.notNull("open", open);
    Validate.notNull("close", close);
  }

  /**
   * {@code text[from, to)} HTML-escaped, with each span (UTF-16 offsets into the whole text, sorted,
   * as a {@link Hit} gives them) wrapped in this markup: for rendering matches yourself.
   */
  public String apply(String text, List<Span> spans, int from, int to) {
    StringBuilder out = new StringBuilder(to - from + spans.size() * (open.length() + close.length()));
    int at = from;
    for (Span s : spans) {
      int start = Math.max(s.start(), from);
      int end = Math.min(s.end(), to);
      if (start >= end) {
        continue;
      }
      escape(text, at, start, out);
      out.append(open);
      escape(text, start, end, out);
      out.append(close);
      at = end;
    }
    escape(text, at, to, out);
    return out.toString();
  }

  static void escape(String text, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }
}
