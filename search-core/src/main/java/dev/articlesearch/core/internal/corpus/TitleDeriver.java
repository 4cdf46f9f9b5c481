package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.internal.analysis.Cjk;
import java.util.Locale;
import java.util.Set;

/**
 * Derives a display title for an article without a title line: the first sentence of its first
 * paragraph, cut at a word boundary to at most {@value #MAX_LENGTH} characters with an ellipsis.
 */
public final class TitleDeriver {
  public static final int MAX_LENGTH = 80;
  private static final String ELLIPSIS = "…";

  /** Words whose trailing period does not end a sentence. */
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs",
          "e.g", "i.e", "fig", "approx", "dept", "gov", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec");

  public static String derive(String paragraph) {
    String title = fromFirstSentence(paragraph.strip());
    // A paragraph that is or starts with "." or "。" still needs something to click on: itself,
    // cut to length like any title (it was shown whole, however long).
    return title.isEmpty() ? shortened(paragraph.strip()) : title;
  }

  private static String fromFirstSentence(String paragraph) {
    String sentence = firstSentence(paragraph);
    int last = sentence.length() - 1;
    if (sentence.endsWith("。") || (sentence.endsWith(".") && !isAbbreviation(sentence, last))) {
      sentence = sentence.substring(0, last).stripTrailing();
    }
    return shortened(sentence);
  }

  private static String shortened(String text) {
    if (text.codePointCount(0, text.length()) <= MAX_LENGTH) {
      return text;
    }
    return cutAtWordBoundary(text, MAX_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
  }

  /**
   * Up to and including the first sentence terminator, with any closing quotes or brackets after
   * it; a period ends a sentence only before a space or the end, and not after an abbreviation.
   */
  public static String firstSentence(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("。！？!?.".indexOf(c) < 0) {
        continue;
      }
      int end = i + 1;
      while (end < text.length() && CLOSERS.indexOf(text.charAt(end)) >= 0) {
        end++;
      }
      boolean atBreak = end == text.length() || Character.isWhitespace(text.charAt(end));
      if (c != '.' ? (atBreak || "。！？".indexOf(c) >= 0) : atBreak && !isAbbreviation(text, i)) {
        return text.substring(0, end);
      }
    }
    return text;
  }

  private static final String CLOSERS = "\"'”’」』）)]】》";

  /** Whether the word that ends at the period {@code dot} is an abbreviation or an initial. */
  private static boolean isAbbreviation(String text, int dot) {
    int start = dot;
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    String word = text.substring(start, dot).replaceAll("^\\p{Punct}+", "");
    if (word.codePointCount(0, word.length()) == 1 && Character.isLetter(word.codePointAt(0))) {
      return true; // an initial: "J. Smith"
    }
    return word.contains(".") || ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  /**
   * The longest prefix of at most {@code max} code points that ends at a word boundary: before a
   * space, or next to a CJK character (CJK text has no spaces between words). Trailing spaces and
   * clause punctuation are dropped so the ellipsis follows a word.
   */
  public static String cutAtWordBoundary(String text, int max) {
    int limit = text.offsetByCodePoints(0, max);
    int cut = -1;
    for (int i = limit; i > 0; i = text.offsetByCodePoints(i, -1)) {
      int before = text.codePointBefore(i);
      int after = text.codePointAt(i);
      if (Character.isWhitespace(after) || Character.isWhitespace(before)
          || Cjk.isCjk(before) || Cjk.isCjk(after)) {
        cut = i;
        break;
      }
    }
    String head = text.substring(0, cut > 0 ? cut : limit);
    return head.replaceAll("[\\s\\p{Punct}、，；：—]+$", "");
  }

  private TitleDeriver() {}
}
