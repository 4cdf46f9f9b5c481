package dev.articlesearch.core.internal.suggest;

import dev.articlesearch.core.Limits;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.analysis.Analyzers;
import dev.articlesearch.core.internal.analysis.Cjk;
import dev.articlesearch.core.internal.query.QueryPlanner;
import dev.articlesearch.core.internal.util.Validate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Suggest as you type, engine aside: what to look up for a prefix, how many candidates, and which
 * of them to show. Candidates are the vocabulary's terms (words and two-word phrases of {@link
 * dev.articlesearch.core.internal.schema.Fields#WORDS}) that start with the key, most paragraphs
 * first.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The vocabulary term prefix to look up for what the user typed (folded like the text: case,
   * width, traditional characters), after the length check; null when there is nothing to look up.
   */
  public static String key(String prefix, Limits limits) {
    Validate.notNull("prefix", prefix);
    QueryPlanner.checkLength(prefix, limits);
    String key = Analyzers.normalizeWords(prefix.stripLeading());
    return key.isBlank() || key.length() > 100 ? null : key;
  }

  /** How many candidates to look up for {@code limit} suggestions: some are dropped. */
  public static int candidates(int limit) {
    return limit * 3 + 1;
  }

  /**
   * The suggestions to show, from candidates in order: not what was typed already (智譜 still
   * offers 智谱), no lone letter ("tsinghua s"), at most {@code limit}.
   */
  public static List<Suggestion> useful(String prefix, List<Suggestion> candidates, int limit) {
    String typed = prefix.strip().toLowerCase(Locale.ROOT);
    List<Suggestion> out = new ArrayList<>();
    for (Suggestion c : candidates) {
      String text = c.text();
      boolean useful = !text.equals(typed)
          && Arrays.stream(text.split(" ")).allMatch(w -> w.codePointCount(0, w.length()) > 1
              || Cjk.isCjk(w.codePointAt(0)) && !text.equals(w));
      if (useful && out.size() < limit) {
        out.add(c);
      }
    }
    return out;
  }
}
