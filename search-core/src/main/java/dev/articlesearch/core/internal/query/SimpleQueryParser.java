package dev.articlesearch.core.internal.query;

import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.internal.analysis.Cjk;
import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The {@code simple} syntax: words, {@code "quoted phrases"} (also with “curly” quotes), {@code
 * -excluded} words or phrases, and {@code OR} between two words. It never fails: whatever it
 * cannot read as syntax it reads as text.
 *
 * <p>A whitespace-separated word becomes one or more units, each of which must match as written:
 * an identifier such as {@code ChatGLM3-6B} is one unit (the phrase {@code chatglm 3 6 b}); Chinese
 * text is cut into smartcn words, and a run of single characters that smartcn could not place
 * (an unknown word such as {@code 智谱}) stays one unit. A unit made of CJK characters matches in
 * either the word field or the bigram field, so words smartcn segments differently are found too.
 */
public final class SimpleQueryParser {
  /** More units than this are ignored; it keeps every query far below Lucene's clause limit. */
  public static final int MAX_UNITS = 64;

  private record Item(String text, boolean phrase, boolean excluded, boolean orWithPrevious) {}

  /**
   * @param bigrams the raw text's CJK-field tokens if already known (an alias name's), else null:
   *     they are made when needed
   */
  private record Unit(List<AnalyzedToken> words, String raw, List<AnalyzedToken> bigrams) {
    Unit(List<AnalyzedToken> words, String raw) {
      this(words, raw, null);
    }
  }

  /** A paragraph that matches only through another name of an alias group gets this score. */
  public static final float ALIAS_SCORE = 0.01f;

  public static QueryPlan parse(String input) {
    return parse(input, Aliases.NONE, false);
  }

  /**
   * As {@link #parse(String)}, where a run of query words that spells a name of an alias group
   * matches every name of the group: the name typed with its BM25 score, the others with a small
   * constant one, so exact spelling ranks first.
   */
  public static QueryPlan parse(String input, Aliases aliases) {
    return parse(input, aliases, false);
  }

  /** As {@link #parse(String, Aliases)}; with {@code fuzzy}, plain Latin words tolerate typos. */
  public static QueryPlan parse(String input, Aliases aliases, boolean fuzzy) {
    List<List<Item>> alternatives = new ArrayList<>();
    List<Item> excluded = new ArrayList<>();
    for (Item item : lex(input)) {
      if (item.excluded()) {
        excluded.add(item);
      } else if (item.orWithPrevious() && !alternatives.isEmpty()) {
        alternatives.get(alternatives.size() - 1).add(item);
      } else {
        alternatives.add(new ArrayList<>(List.of(item)));
      }
    }
    int[] budget = {MAX_UNITS};
    List<Query> groups = new ArrayList<>();
    List<Query> titles = new ArrayList<>();
    List<QueryPlan.AliasUse> aliasUses = new ArrayList<>();
    List<Unit> plain = new ArrayList<>();
    for (List<Item> alts : alternatives) {
      if (alts.size() == 1 && !alts.get(0).phrase()) {
        plain.addAll(units(alts.get(0), budget));
        continue;
      }
      addPlain(plain, aliases, fuzzy, groups, titles, aliasUses);
      plain.clear();
      if (alts.size() == 1) {
        for (Unit u : units(alts.get(0), budget)) {
          groups.add(unitQuery(u, Fields.TEXT));
          titles.add(unitQuery(u, Fields.TITLE));
        }
      } else {
        Query text = anyOf(alts, Fields.TEXT, budget);
        if (text != null) {
          groups.add(text);
          titles.add(anyOf(alts, Fields.TITLE, new int[] {MAX_UNITS}));
        }
      }
    }
    addPlain(plain, aliases, fuzzy, groups, titles, aliasUses);
    List<Query> excludes = new ArrayList<>();
    for (Item item : excluded) {
      Query q = allOf(units(item, budget), Fields.TEXT);
      if (q != null) {
        excludes.add(q);
      }
    }
    return new QueryPlan(groups, excludes, titles, aliasUses);
  }

  /**
   * Each unit of plain words is a group of its own, so a paragraph with some of them still
   * matches, in the lower tier; a run of units that spells an alias is one group.
   */
  private static void addPlain(
      List<Unit> units, Aliases aliases, boolean fuzzy, List<Query> groups, List<Query> titles,
      List<QueryPlan.AliasUse> aliasUses) {
    List<List<String>> terms = units.stream()
        .map(u -> u.words().stream().map(AnalyzedToken::term).toList())
        .toList();
    for (int i = 0; i < units.size(); ) {
      int[] match = aliases.longestMatch(terms, i);
      if (match == null) {
        Query exact = unitQuery(units.get(i), Fields.TEXT);
        groups.add(fuzzy ? withTypos(exact, units.get(i)) : exact);
        titles.add(unitQuery(units.get(i), Fields.TITLE));
        i++;
        continue;
      }
      List<Aliases.Name> names = aliases.groups().get(match[1]);
      Aliases.Name typed = names.get(match[2]);
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      any.add(nameQuery(typed, Fields.TEXT), Occur.SHOULD);
      List<String> others = new ArrayList<>();
      List<Query> otherQueries = new ArrayList<>();
      for (Aliases.Name other : names) {
        if (other != typed) {
          Query q = nameQuery(other, Fields.TEXT);
          any.add(new BoostQuery(new ConstantScoreQuery(q), ALIAS_SCORE), Occur.SHOULD);
          others.add(other.written());
          otherQueries.add(q);
        }
      }
      String written = units.subList(i, match[0]).stream().map(Unit::raw).collect(
          java.util.stream.Collectors.joining(" "));
      aliasUses.add(new QueryPlan.AliasUse(written, others, otherQueries));
      groups.add(any.build());
      titles.add(nameQuery(typed, Fields.TITLE));
      i = match[0];
    }
  }

  private static Query nameQuery(Aliases.Name name, String field) {
    return unitQuery(new Unit(name.words(), name.written(), name.bigrams()), field);
  }

  private static List<Item> lex(String s) {
    List<Item> items = new ArrayList<>();
    boolean pendingOr = false;
    int i = 0;
    int n = s.length();
    while (i < n) {
      if (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i))) {
        i++;
        continue;
      }
      boolean excluded = false;
      if (s.charAt(i) == '-' && i + 1 < n && !isSpace(s.charAt(i + 1))) {
        excluded = true;
        i++;
      }
      String text;
      boolean phrase = isQuote(s.charAt(i));
      if (phrase) {
        int j = i + 1;
        while (j < n && !isQuote(s.charAt(j))) {
          j++;
        }
        text = s.substring(i + 1, j);
        i = Math.min(j + 1, n);
      } else {
        int j = i;
        while (j < n && !isSpace(s.charAt(j)) && !isQuote(s.charAt(j))) {
          j++;
        }
        text = s.substring(i, j);
        i = j;
        if (!excluded && text.equals("OR") && !items.isEmpty() && !pendingOr) {
          pendingOr = true;
          continue;
        }
      }
      if (!text.isBlank()) {
        items.add(new Item(text, phrase, excluded, pendingOr && !excluded));
        pendingOr = false;
      }
    }
    return items;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '“' || c == '”' || c == '＂';
  }

  /** The units of one item; a phrase is always a single unit. */
  private static List<Unit> units(Item item, int[] budget) {
    List<Unit> units = new ArrayList<>();
    if (budget[0] <= 0) {
      return units; // past the limit: not even analysed
    }
    List<AnalyzedToken> words = Tokens.of(FieldAnalyzers.query(), Fields.TEXT, item.text());
    if (words.isEmpty()) {
      return units;
    }
    if (item.phrase()) {
      budget[0]--;
      units.add(new Unit(words, item.text()));
      return units;
    }
    List<AnalyzedToken> current = new ArrayList<>();
    Kind currentKind = null;
    for (AnalyzedToken w : words) {
      Kind kind = Kind.of(w.term());
      boolean joins = currentKind != null && currentKind == kind && kind != Kind.CJK_WORD;
      if (!joins && !current.isEmpty()) {
        addUnit(units, current, item.text(), budget);
        current = new ArrayList<>();
      }
      current.add(w);
      currentKind = kind;
    }
    addUnit(units, current, item.text(), budget);
    return units;
  }

  private static void addUnit(List<Unit> units, List<AnalyzedToken> words, String text, int[] budget) {
    if (budget[0] > 0) {
      budget[0]--;
      units.add(new Unit(List.copyOf(words), text.substring(words.get(0).start(),
          words.get(words.size() - 1).end())));
    }
  }

  /** How a smartcn token joins its neighbours into units. */
  private enum Kind {
    /** Letters and digits: consecutive ones (no space between) form one identifier. */
    LATIN,
    /** One CJK character: smartcn's output for a word it does not know; consecutive ones join. */
    CJK_CHAR,
    /** A CJK word smartcn knows: a unit of its own. */
    CJK_WORD;

    static Kind of(String term) {
      if (!Cjk.isCjk(term.codePointAt(0))) {
        return LATIN;
      }
      return term.codePointCount(0, term.length()) == 1 ? CJK_CHAR : CJK_WORD;
    }
  }

  /** The unit as written, in the word field or (CJK only) the bigram field. */
  private static Query unitQuery(Unit unit, String wordField) {
    Query words = phrase(wordField, unit.words());
    if (!isPureCjk(unit.raw())) {
      return words;
    }
    String cjkField = Fields.cjkCompanion(wordField);
    Query bigrams = phrase(cjkField, unit.bigrams() != null
        ? unit.bigrams() : Tokens.of(FieldAnalyzers.query(), cjkField, unit.raw()));
    if (bigrams == null) {
      return words;
    }
    return new BooleanQuery.Builder()
        .add(words, Occur.SHOULD)
        .add(bigrams, Occur.SHOULD)
        .build();
  }

  /**
   * A single Latin word also matches terms a few edits away, with a small constant score so the
   * word as typed ranks first. Edits by length as the big engines count them: none up to 2
   * letters, 1 up to 5, 2 beyond.
   */
  private static Query withTypos(Query exact, Unit unit) {
    if (unit.words().size() != 1) {
      return exact;
    }
    String term = unit.words().get(0).term();
    int length = term.codePointCount(0, term.length());
    if (Cjk.isCjk(term.codePointAt(0)) || !Character.isLetter(term.codePointAt(0)) || length < 3) {
      return exact;
    }
    int edits = length <= 5 ? 1 : 2;
    Query typos = new FuzzyQuery(new Term(Fields.TEXT, term), edits, 1, 50, true);
    return new BooleanQuery.Builder()
        .add(exact, Occur.SHOULD)
        .add(new BoostQuery(new ConstantScoreQuery(typos), ALIAS_SCORE), Occur.SHOULD)
        .build();
  }

  private static Query allOf(List<Unit> units, String field) {
    if (units.isEmpty()) {
      return null;
    }
    if (units.size() == 1) {
      return unitQuery(units.get(0), field);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    units.forEach(u -> b.add(unitQuery(u, field), Occur.MUST));
    return b.build();
  }

  private static Query anyOf(List<Item> alternatives, String field, int[] budget) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int added = 0;
    for (Item alt : alternatives) {
      Query q = allOf(units(alt, budget), field);
      if (q != null) {
        b.add(q, Occur.SHOULD);
        added++;
      }
    }
    return added == 0 ? null : b.build();
  }

  private static Query phrase(String field, List<AnalyzedToken> tokens) {
    if (tokens.isEmpty()) {
      return null;
    }
    if (tokens.size() == 1) {
      return new TermQuery(new Term(field, tokens.get(0).term()));
    }
    PhraseQuery.Builder b = new PhraseQuery.Builder();
    int first = tokens.get(0).position();
    tokens.forEach(t -> b.add(new Term(field, t.term()), t.position() - first));
    return b.build();
  }

  private static boolean isPureCjk(String text) {
    return text.codePoints()
        .filter(Character::isLetterOrDigit)
        .allMatch(Cjk::isCjk);
  }

  private SimpleQueryParser() {}
}
