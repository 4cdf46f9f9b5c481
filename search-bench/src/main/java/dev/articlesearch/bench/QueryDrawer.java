package dev.articlesearch.bench;

import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.ArticleIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Draws a query set from a corpus's own paragraphs, so every query finds something and the mix of
 * words is the corpus's. A query is a run of one to four consecutive words of a random paragraph,
 * as the search's analysis cuts them, taken as the original text from the first word's start to
 * the last word's end ({@code 计算机系统}, {@code Find and Replace}): what a user would type.
 *
 * <p>Half the queries are Chinese (their text has Han characters) and half English; a fifth are
 * quoted phrases of two to four words. A run is not used when it crosses punctuation that ends a
 * phrase ({@code ，} {@code .} {@code ;} …), or when it starts or ends with a word that is not a
 * content word (an English stop word such as {@code the}, a single character, or only digits):
 * such queries match nearly everything or nothing. No query text repeats.
 */
final class QueryDrawer {
  /** The analysis field of smartcn words ({@code ArticleIndex.analyze}'s {@code text}). */
  private static final String WORD_FIELD = "text";

  /** Lucene's English stop words: common enough to match nearly every English paragraph. */
  private static final Set<String> STOP_WORDS =
      Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into",
          "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
          "there", "these", "they", "this", "to", "was", "will", "with");

  /** Characters that may join two words of one query: inside {@code x86-64}, {@code os.path}. */
  private static final String JOINERS = "-_'’.";

  private static final int ATTEMPTS_PER_QUERY = 10_000;

  /** {@code count} queries from {@code paragraphs}; the same arguments give the same queries. */
  static QuerySet draw(List<String> paragraphs, int count, long seed) {
    List<String> chinese = paragraphs.stream().filter(QueryDrawer::hasHan).toList();
    List<String> english = paragraphs.stream().filter(p -> !hasHan(p)).toList();
    if (chinese.isEmpty() || english.isEmpty()) {
      throw new IllegalArgumentException(
          "Queries need Chinese and English paragraphs; the corpus has " + chinese.size()
              + " Chinese and " + english.size() + " English");
    }
    Random random = new Random(seed);
    Set<String> seen = new HashSet<>();
    List<DrawnQuery> queries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean zh = i % 2 == 0;
      boolean phrase = i % 10 < 2;
      int words = phrase ? 2 + random.nextInt(3) : 1 + random.nextInt(4);
      String text = drawText(zh ? chinese : english, zh, words, random, seen);
      queries.add(new DrawnQuery(String.format(Locale.ROOT, "q%04d", i + 1), zh ? "zh" : "en", words,
          phrase, phrase ? '"' + text + '"' : text));
    }
    return new QuerySet(queries);
  }

  private static String drawText(
      List<String> pool, boolean zh, int words, Random random, Set<String> seen) {
    for (int attempt = 0; attempt < ATTEMPTS_PER_QUERY; attempt++) {
      String paragraph = pool.get(random.nextInt(pool.size()));
      List<AnalyzedToken> tokens =
          ArticleIndex.analyze(paragraph).stream()
              .filter(token -> token.field().equals(WORD_FIELD))
              .toList();
      if (tokens.size() < words) {
        continue;
      }
      int first = random.nextInt(tokens.size() - words + 1);
      List<AnalyzedToken> run = tokens.subList(first, first + words);
      if (!usable(paragraph, run)) {
        continue;
      }
      String text = paragraph.substring(run.get(0).start(), run.get(words - 1).end());
      if (hasHan(text) == zh && seen.add(text.toLowerCase(Locale.ROOT))) {
        return text;
      }
    }
    throw new IllegalStateException(
        "No new " + (zh ? "Chinese" : "English") + " query of " + words + " words found in "
            + ATTEMPTS_PER_QUERY + " tries among " + pool.size() + " paragraphs");
  }

  private static boolean usable(String paragraph, List<AnalyzedToken> run) {
    if (!contentWord(paragraph, run.get(0)) || !contentWord(paragraph, run.get(run.size() - 1))) {
      return false;
    }
    for (int i = 1; i < run.size(); i++) {
      AnalyzedToken previous = run.get(i - 1);
      AnalyzedToken next = run.get(i);
      if (next.position() != previous.position() + 1
          || !joins(paragraph.substring(previous.end(), next.start()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean contentWord(String paragraph, AnalyzedToken token) {
    String word = paragraph.substring(token.start(), token.end());
    return word.codePointCount(0, word.length()) >= 2
        && !word.chars().allMatch(Character::isDigit)
        && !STOP_WORDS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** Whether the text between two words keeps them in one phrase: nothing, spaces, a joiner. */
  private static boolean joins(String gap) {
    return gap.isBlank() || (gap.length() == 1 && JOINERS.indexOf(gap.charAt(0)) >= 0);
  }

  private static boolean hasHan(String text) {
    return text.codePoints()
        .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  private QueryDrawer() {}
}
