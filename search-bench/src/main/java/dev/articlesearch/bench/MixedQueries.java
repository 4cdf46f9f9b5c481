package dev.articlesearch.bench;

import dev.articlesearch.core.ArticleIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Queries drawn from the paragraphs themselves, one of each kind in turn, for checking that
 * OpenSearch finds what the library finds: every part of the {@code simple} syntax and every
 * shape of query the parser builds (terms, phrases, CJK bigram phrases, OR, exclusions).
 */
final class MixedQueries {
  /** Paragraphs tried for one query before that kind is skipped this time. */
  private static final int ATTEMPTS = 50;

  /** A word as written: the text of one word-field token of a paragraph. */
  private record Word(String text, String term, int start, int end) {
    boolean isChinese() {
      return text.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    boolean isLatin() {
      return text.length() >= 3 && text.chars().allMatch(c -> c < 128 && Character.isLetter(c));
    }
  }

  /** {@code n} queries from {@code paragraphs}, the same ones for the same seed. */
  static List<String> draw(List<String> paragraphs, int n, long seed) {
    if (paragraphs.isEmpty()) {
      throw new IllegalArgumentException("No paragraphs to draw queries from");
    }
    Random random = new Random(seed);
    List<Function<Random, String>> kinds = List.of(
        r -> word(paragraphs, r, w -> w.isChinese() && w.text().length() >= 2),
        r -> word(paragraphs, r, Word::isLatin),
        r -> two(paragraphs, r, " "),
        r -> quotedPhrase(paragraphs, r),
        r -> two(paragraphs, r, " OR "),
        r -> two(paragraphs, r, " -"),
        r -> joinedTokens(paragraphs, r),
        r -> word(paragraphs, r, w -> w.isChinese() && w.text().length() >= 3));
    List<String> out = new ArrayList<>(n);
    for (int i = 0; out.size() < n && i < n * 4; i++) {
      String q = kinds.get(i % kinds.size()).apply(random);
      if (q != null && !out.contains(q)) {
        out.add(q);
      }
    }
    return out;
  }

  private static List<Word> words(String text) {
    return ArticleIndex.analyze(text).stream()
        .filter(t -> t.field().equals("text"))
        .map(t -> new Word(text.substring(t.start(), t.end()), t.term(), t.start(), t.end()))
        .toList();
  }

  private static String word(List<String> paragraphs, Random r, Predicate<Word> test) {
    for (int a = 0; a < ATTEMPTS; a++) {
      List<Word> ws = words(paragraphs.get(r.nextInt(paragraphs.size()))).stream().filter(test).toList();
      if (!ws.isEmpty()) {
        return ws.get(r.nextInt(ws.size())).text();
      }
    }
    return null;
  }

  /** Two words of one paragraph, a Chinese and a Latin one when it has both. */
  private static String two(List<String> paragraphs, Random r, String between) {
    for (int a = 0; a < ATTEMPTS; a++) {
      List<Word> ws = words(paragraphs.get(r.nextInt(paragraphs.size()))).stream()
          .filter(w -> w.isLatin() || w.isChinese() && w.text().length() >= 2).toList();
      if (ws.size() >= 2) {
        Word first = ws.get(r.nextInt(ws.size()));
        Word second = ws.get(r.nextInt(ws.size()));
        if (!first.term().equals(second.term())) {
          return first.text() + between + second.text();
        }
      }
    }
    return null;
  }

  /** Two or three consecutive words, quoted as written (punctuation between them included). */
  private static String quotedPhrase(List<String> paragraphs, Random r) {
    for (int a = 0; a < ATTEMPTS; a++) {
      String text = paragraphs.get(r.nextInt(paragraphs.size()));
      List<Word> ws = words(text);
      int length = 2 + r.nextInt(2);
      if (ws.size() > length) {
        int from = r.nextInt(ws.size() - length);
        String phrase = text.substring(ws.get(from).start(), ws.get(from + length - 1).end());
        if (phrase.indexOf('"') < 0 && phrase.length() <= 40) {
          return "\"" + phrase + "\"";
        }
      }
    }
    return null;
  }

  /**
   * Tokens written together, as one word of the query: an identifier ({@code Access2Base}, {@code
   * GPT-3.5}) or a run of single Chinese characters smartcn did not know as a word.
   */
  private static String joinedTokens(List<String> paragraphs, Random r) {
    for (int a = 0; a < ATTEMPTS; a++) {
      String text = paragraphs.get(r.nextInt(paragraphs.size()));
      List<Word> ws = words(text);
      List<String> runs = new ArrayList<>();
      int i = 0;
      while (i < ws.size()) {
        int j = i + 1;
        while (j < ws.size() && joined(text, ws.get(j - 1), ws.get(j))) {
          j++;
        }
        if (j - i >= 2) {
          runs.add(text.substring(ws.get(i).start(), ws.get(j - 1).end()));
        }
        i = j;
      }
      if (!runs.isEmpty()) {
        return runs.get(r.nextInt(runs.size()));
      }
    }
    return null;
  }

  /** No space between them, and both Latin or digits, or both single Chinese characters. */
  private static boolean joined(String text, Word a, Word b) {
    String between = text.substring(a.end(), b.start());
    if (between.length() > 1 || between.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    boolean latinA = a.text().chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    boolean latinB = b.text().chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    boolean charA = a.isChinese() && a.text().length() == 1;
    boolean charB = b.isChinese() && b.text().length() == 1;
    return (latinA && latinB) || (charA && charB && between.isEmpty());
  }

  private MixedQueries() {}
}
