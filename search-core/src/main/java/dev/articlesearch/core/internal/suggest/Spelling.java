package dev.articlesearch.core.internal.suggest;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;

/**
 * Did-you-mean: each Latin word of a query that no paragraph contains is replaced by the closest
 * word the articles do contain (Lucene's DirectSpellChecker over {@link Fields#WORDS}), written
 * in the user's letter case. Chinese is never corrected: a character-by-character guess is noise.
 */
public final class Spelling {
  private static final Pattern LATIN_WORD = Pattern.compile("\\p{IsLatin}{3,}");

  /**
   * The vocabulary's closest word to {@code lower} (a lower-cased word) when no paragraph has it;
   * null when one does, or nothing is close. Lucene's DirectSpellChecker with its defaults.
   */
  public static String correction(IndexReader reader, String lower) throws IOException {
    if (reader.docFreq(new Term(Fields.WORDS, lower)) != 0) {
      return null;
    }
    for (SuggestWord s : new DirectSpellChecker().suggestSimilar(new Term(Fields.WORDS, lower), 3,
        reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX)) {
      if (s.string.indexOf(' ') < 0) { // a word, not one of the two-word phrases
        return s.string;
      }
    }
    return null;
  }

  /**
   * The query with each Latin word that {@code correct} replaces (given it lower-cased; null to
   * keep it) written back in the user's letter case, or null when no word changed: the engine
   * decides what is misspelt, this decides what a word is and how the answer is written.
   */
  public static String correct(String query, Correction correct) throws IOException {
    Matcher m = LATIN_WORD.matcher(query);
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    while (m.find()) {
      String word = m.group();
      String fixed = correct.of(word.toLowerCase(Locale.ROOT));
      String replacement = word;
      if (fixed != null) {
        replacement = inCaseOf(word, fixed);
        changed = true;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return changed ? out.toString() : null;
  }

  /** {@code suggestion} in the letter case of {@code typed}: Univeristy → University, ChatGML → ChatGLM. */
  public static String inCaseOf(String typed, String suggestion) {
    if (typed.equals(typed.toUpperCase(Locale.ROOT))) {
      return suggestion.toUpperCase(Locale.ROOT);
    }
    StringBuilder out = new StringBuilder(suggestion);
    for (int i = 0; i < Math.min(typed.length(), out.length()); i++) {
      if (Character.isUpperCase(typed.charAt(i))) {
        out.setCharAt(i, Character.toUpperCase(out.charAt(i)));
      }
    }
    return out.toString();
  }

  /** An engine's correction of one lower-cased word: null to keep it. */
  public interface Correction {
    String of(String word) throws IOException;
  }

  private Spelling() {}
}
