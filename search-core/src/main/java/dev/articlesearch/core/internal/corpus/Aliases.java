package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.internal.analysis.Cjk;
import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * Groups of names that mean the same thing ({@code Zhipu, Zhizhu, 智谱, Zhipu AI, 智谱AI}), read
 * from {@value #FILE_NAME} in the corpus folder: one group per line, names separated by commas,
 * {@code #} starts a comment. A query word that is one name of a group matches every name of it.
 *
 * @param groups each group's names, each name as the word terms analysis makes of it
 */
public record Aliases(List<List<Name>> groups) {
  public static final String FILE_NAME = "aliases.csv";
  public static final Aliases NONE = new Aliases(List.of());

  /**
   * One name: as written, and analysed once, when the file is read, for every query that uses it.
   *
   * @param words the word-field tokens the query analysis makes of it
   * @param bigrams the CJK-field tokens the query analysis makes of it (the same for the text's
   *     and the title's CJK fields)
   */
  public record Name(String written, List<AnalyzedToken> words, List<AnalyzedToken> bigrams) {
    public Name {
      words = List.copyOf(words);
      bigrams = List.copyOf(bigrams);
    }

    /** {@code written}, analysed. */
    public static Name of(String written) {
      return new Name(written, Tokens.of(FieldAnalyzers.query(), Fields.TEXT, written),
          Tokens.of(FieldAnalyzers.query(), Fields.TEXT_CJK, written));
    }

    /** The words' terms, in order. */
    public List<String> terms() {
      return words.stream().map(AnalyzedToken::term).toList();
    }
  }

  /**
   * The longest name of any group that the units from {@code from} on spell, as {@code [end
   * index, group index, name index]}, or null.
   */
  public int[] longestMatch(List<List<String>> unitTerms, int from) {
    int[] best = null;
    for (int g = 0; g < groups.size(); g++) {
      for (int n = 0; n < groups.get(g).size(); n++) {
        List<AnalyzedToken> name = groups.get(g).get(n).words();
        int spelt = 0; // the name's words the units from `from` to `end` spell
        for (int end = from; end < unitTerms.size() && spelt < name.size(); end++) {
          if (!spells(unitTerms.get(end), name, spelt)) {
            break;
          }
          spelt += unitTerms.get(end).size();
          if (spelt == name.size() && (best == null || end + 1 > best[0])) {
            best = new int[] {end + 1, g, n};
          }
        }
      }
    }
    return best;
  }

  /**
   * Whether {@code unit}'s terms are the terms of {@code name}'s words from {@code at} on. Runs
   * for every name at every word of every query: it compares in place instead of building lists.
   */
  private static boolean spells(List<String> unit, List<AnalyzedToken> name, int at) {
    if (at + unit.size() > name.size()) {
      return false;
    }
    for (int i = 0; i < unit.size(); i++) {
      if (!unit.get(i).equals(name.get(at + i).term())) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code corpus/aliases.csv}; no file means no aliases. */
  public static Aliases load(Path corpus) {
    String text = text(corpus);
    return text == null ? NONE : parse(corpus.resolve(FILE_NAME).toString(), text);
  }

  /** The text of {@code corpus/aliases.csv}, decoded, or null if there is none. */
  public static String text(Path corpus) {
    Path file = corpus.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return TextDecoder.decode(Files.readAllBytes(file)).text();
    } catch (TextDecoder.UndecodableException e) {
      throw new CorpusException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CorpusException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static Aliases parse(String source, String text) {
    List<List<Name>> groups = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      if (line.isBlank()) {
        continue;
      }
      String where = source + " line " + (n + 1) + ": ";
      List<Name> group = new ArrayList<>();
      for (String raw : line.split("[,，、]", -1)) {
        String written = raw.strip();
        if (written.isEmpty()) {
          throw new CorpusException(where + "an empty name (two commas in a row, or one at an end)");
        }
        Name name = Name.of(written);
        List<String> terms = name.terms();
        if (tooCommon(written, terms)) {
          throw new CorpusException(where + "'" + written + "' is too common to be an alias: it"
              + " would match nearly every paragraph");
        }
        if (group.stream().noneMatch(g -> g.terms().equals(terms))) {
          group.add(name);
        }
      }
      if (group.size() < 2) {
        throw new CorpusException(where + "a group needs at least two names that search"
            + " differently (spellings that differ only in case, punctuation, width or traditional"
            + " characters already find each other)");
      }
      groups.add(List.copyOf(group));
    }
    return new Aliases(List.copyOf(groups));
  }

  /** No terms, a stop word, one or two Latin letters, or one CJK character. */
  private static boolean tooCommon(String written, List<String> terms) {
    if (terms.isEmpty()) {
      return true;
    }
    if (terms.size() > 1) {
      return false;
    }
    String t = terms.get(0);
    int length = t.codePointCount(0, t.length());
    return STOP_WORDS.contains(written.toLowerCase(java.util.Locale.ROOT))
        || (Cjk.isCjk(t.codePointAt(0)) ? length < 2 : length < 3);
  }

  private static final Set<String> STOP_WORDS = stopWords();

  private static Set<String> stopWords() {
    Set<String> words = new java.util.HashSet<>();
    for (Object w : EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) {
      words.add(w instanceof char[] chars ? new String(chars) : w.toString());
    }
    return Set.copyOf(words);
  }
}
