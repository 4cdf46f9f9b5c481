package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which paragraphs go into a corpus: whitespace collapsed to single spaces (the corpus
 * format is one paragraph per line, and the reader strips each line), at least {@value
 * #MIN_LENGTH} characters, at least one letter, and each text only once in the whole corpus
 * (repeated boilerplate such as "See also" would otherwise crowd the benchmark's results).
 */
final class ParagraphFilter {
  static final int MIN_LENGTH = 8;

  private final Set<String> seen = new HashSet<>();

  /** The paragraphs to keep, normalised, in their order; remembers them for later calls. */
  List<String> accept(List<String> raw) {
    List<String> kept = new ArrayList<>();
    for (String paragraph : raw) {
      String text = normalize(paragraph);
      if (text.codePointCount(0, text.length()) >= MIN_LENGTH
          && text.codePoints().anyMatch(Character::isLetter)
          && seen.add(text)) {
        kept.add(text);
      }
    }
    return kept;
  }

  /**
   * One line of text: every run of whitespace (no-break and ideographic spaces included) becomes
   * one space, control characters go, and the ends are trimmed. A line break between two Chinese
   * characters goes entirely, as CSS Text 3 renders it: Chinese sources wrap lines anywhere, even
   * inside a word ({@code 分\n配}), and a space there would split the word for the search.
   */
  static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    boolean lineBreak = false;
    int last = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = true;
        lineBreak |= c == '\n' || c == '\r';
      } else if (!Character.isISOControl(c)) {
        if (space && last >= 0 && !(lineBreak && chinese(last) && chinese(c))) {
          out.append(' ');
        }
        space = false;
        lineBreak = false;
        out.appendCodePoint(c);
        last = c;
      }
    }
    return out.toString();
  }

  /** Han characters and the full-width punctuation written between them. */
  private static boolean chinese(int c) {
    Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
        || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
        || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
  }
}
