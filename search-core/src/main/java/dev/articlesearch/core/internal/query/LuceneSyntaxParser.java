package dev.articlesearch.core.internal.query;

import dev.articlesearch.core.InvalidQueryException;
import dev.articlesearch.core.LimitExceededException;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.util.LimitMessages;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The {@code lucene} syntax: Lucene's classic query parser over this index's fields. Text in
 * {@code text} (the default) or {@code title} is searched in the word field and its CJK bigram
 * companion at once; {@code article_id} is matched exactly and {@code paragraph} as a number.
 * Every failure becomes an {@link InvalidQueryException} saying what and where.
 */
public final class LuceneSyntaxParser extends QueryParser {
  public static final List<String> FIELDS =
      List.of(Fields.TEXT, Fields.TITLE, Fields.ARTICLE_ID, Fields.PARAGRAPH);

  private static final Pattern COLUMN = Pattern.compile("column (\\d+)");

  private final Limits limits;

  private LuceneSyntaxParser(Limits limits) {
    super(Fields.TEXT, FieldAnalyzers.query());
    this.limits = limits;
    // An unspaced identifier (ChatGLM3-6B) or Chinese word (智谱) is a phrase of its tokens.
    setSplitOnWhitespace(true);
    setAutoGeneratePhraseQueries(true);
    setMultiTermRewriteMethod(new LimitedExpansion(limits.maxExpansions()));
  }

  public static Query toQuery(String query) {
    return toQuery(query, Limits.DEFAULTS);
  }

  /** The query, within {@code limits}: nesting and regular expressions here, clauses after. */
  public static Query toQuery(String query, Limits limits) {
    checkNesting(query, limits.maxNesting());
    Query parsed;
    try {
      parsed = new LuceneSyntaxParser(limits).parse(query);
    } catch (ParseException e) {
      throw translate(e, limits);
    } catch (TooComplexToDeterminizeException e) {
      throw new InvalidQueryException("The wildcard or regular expression is too complex", -1);
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException(e.getMessage(), -1); // e.g. a malformed regular expression
    } catch (StackOverflowError e) {
      throw new InvalidQueryException("The query is nested too deeply", -1);
    }
    checkClauses(parsed, limits.maxClauses());
    return parsed;
  }

  private static final String MAX_CLAUSES = "max_clauses";

  /**
   * Counts term and phrase clauses as Lucene's own check does, but against this index's limit:
   * Lucene's is one global number for the whole JVM.
   */
  private static void checkClauses(Query query, int max) {
    int[] clauses = {0};
    query.visit(new QueryVisitor() {
      @Override
      public void consumeTerms(Query q, Term... terms) {
        clauses[0]++;
      }

      @Override
      public void consumeTermsMatching(Query q, String field,
          java.util.function.Supplier<org.apache.lucene.util.automaton.ByteRunAutomaton> automaton) {
        clauses[0]++;
      }

      @Override
      public void visitLeaf(Query q) {
        clauses[0]++;
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    if (clauses[0] > max) {
      throw tooManyClauses("has " + LimitMessages.thousands(clauses[0]), max);
    }
  }

  public static LimitExceededException tooManyClauses(String has, int max) {
    return new LimitExceededException(MAX_CLAUSES,
        "The query " + has + " clauses; " + LimitMessages.named(MAX_CLAUSES, max), -1);
  }

  private static final String MAX_NESTING = "max_nesting";

  private static void checkNesting(String query, int max) {
    int depth = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        int close = query.indexOf('"', i + 1);
        i = close < 0 ? query.length() : close; // parentheses in a phrase are text
      } else if (c == '(' && ++depth > max) {
        throw new LimitExceededException(MAX_NESTING, "The query nests parentheses "
            + LimitMessages.thousands(depth) + " deep at position " + i + "; " + LimitMessages.named(MAX_NESTING, max), i);
      } else if (c == ')') {
        depth--;
      }
    }
  }

  /** A parse error, rewritten from JavaCC's wording into one line a user can act on. */
  private static InvalidQueryException translate(ParseException e, Limits limits) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
      var next = pe.currentToken.next;
      int position = Math.max(0, next.beginColumn); // FastCharStream counts from 0
      String what =
          next.kind == QueryParserConstants.EOF
              ? "The query ends too early (at position " + position + ")"
              : "Unexpected '" + abbreviated(next.image) + "' at position " + position;
      return new InvalidQueryException(what, position);
    }
    if (cause instanceof IndexSearcher.TooManyClauses) {
      // Lucene's global limit: one Boolean query of more clauses than that.
      int max = Math.min(limits.maxClauses(), IndexSearcher.getMaxClauseCount());
      return tooManyClauses("has more than " + LimitMessages.thousands(max), max);
    }
    String message = cause.getMessage() == null ? "Invalid query" : cause.getMessage();
    String firstLine = message.lines().findFirst().orElse(message);
    Matcher m = COLUMN.matcher(firstLine);
    if (firstLine.startsWith("Lexical error") && m.find()) {
      int position = Integer.parseInt(m.group(1)) - 1; // JavaCC's lexer counts from 1
      return new InvalidQueryException(firstLine.contains("<EOF>")
          ? "The query ends inside an escape, a quote or a pattern (at position " + position + ")"
          : "Unexpected character at position " + position, position);
    }
    return new InvalidQueryException(firstLine, -1);
  }

  private static String resolve(String field) throws ParseException {
    if (FIELDS.contains(field)) {
      return field;
    }
    throw new ParseException("Unknown field '" + abbreviated(field) + "'; the fields are " + FIELDS);
  }

  /** A field name or token as a message shows it: one of any length fits on one line. */
  public static String abbreviated(String name) {
    int max = 40;
    if (name.codePointCount(0, name.length()) <= max) {
      return name;
    }
    return name.substring(0, name.offsetByCodePoints(0, max)) + "…";
  }

  @Override
  protected Query getFieldQuery(String field, String queryText, boolean quoted)
      throws ParseException {
    String f = resolve(field);
    switch (f) {
      case Fields.ARTICLE_ID:
        return new TermQuery(new Term(Fields.ARTICLE_ID, queryText));
      case Fields.PARAGRAPH:
        return IntField.newExactQuery(Fields.PARAGRAPH, parseParagraph(queryText));
      default:
        return eitherField(
            super.getFieldQuery(f, queryText, quoted),
            super.getFieldQuery(Fields.cjkCompanion(f), queryText, quoted));
    }
  }

  @Override
  protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
    return withSlop(getFieldQuery(field, queryText, true), slop);
  }

  @Override
  protected Query getRangeQuery(
      String field, String part1, String part2, boolean startInclusive, boolean endInclusive)
      throws ParseException {
    String f = resolve(field);
    if (!f.equals(Fields.PARAGRAPH)) {
      return super.getRangeQuery(f, part1, part2, startInclusive, endInclusive);
    }
    int lo = part1 == null ? Integer.MIN_VALUE : parseParagraph(part1);
    int hi = part2 == null ? Integer.MAX_VALUE : parseParagraph(part2);
    if (!startInclusive && lo != Integer.MAX_VALUE) {
      lo++;
    }
    if (!endInclusive && hi != Integer.MIN_VALUE) {
      hi--;
    }
    return IntField.newRangeQuery(Fields.PARAGRAPH, lo, hi);
  }

  @Override
  protected Query getWildcardQuery(String field, String termStr) throws ParseException {
    if ("*".equals(field) && "*".equals(termStr)) {
      return newMatchAllDocsQuery(); // *:*
    }
    return super.getWildcardQuery(textOnly(field), termStr);
  }

  @Override
  protected Query getPrefixQuery(String field, String termStr) throws ParseException {
    return super.getPrefixQuery(textOnly(field), termStr);
  }

  @Override
  protected Query getFuzzyQuery(String field, String termStr, float minSimilarity)
      throws ParseException {
    return super.getFuzzyQuery(textOnly(field), termStr, minSimilarity);
  }

  @Override
  protected Query getRegexpQuery(String field, String termStr) throws ParseException {
    String f = textOnly(field);
    int max = limits.maxRegexpSize();
    if (regexpSize(new RegExp(termStr), max) > max) {
      // Repeats multiply: Lucene expands a{1000}{1000} into an automaton of a million states
      // before any of its own limits apply, so one request could exhaust the heap.
      throw new LimitExceededException(MAX_REGEXP_SIZE, "The regular expression /" + termStr
          + "/ expands to more than " + LimitMessages.thousands(max) + " characters; "
          + LimitMessages.named(MAX_REGEXP_SIZE, max), -1);
    }
    return super.getRegexpQuery(f, termStr);
  }

  private static final String MAX_REGEXP_SIZE = "max_regexp_size";

  /**
   * How many states Lucene's automaton for the regular expression can have, and what building it
   * costs besides, saturating above {@code max}: an upper bound, so that a pattern past it is
   * refused before Lucene builds anything.
   */
  private static long regexpSize(RegExp r, int max) {
    if (r == null) {
      return 0;
    }
    long size = switch (r.kind) {
      case REGEXP_UNION, REGEXP_CONCATENATION ->
          regexpSize(r.exp1, max) + regexpSize(r.exp2, max);
      // The product construction: x&y can have as many states as x's times y's (fuzzing took
      // 65 s on ((a|b)*c(a|b)*){0,1000}&.{0,4000}, 10 million states).
      case REGEXP_INTERSECTION -> regexpSize(r.exp1, max) * regexpSize(r.exp2, max);
      // x{n,} is n copies of x and a loop of one more, and costs Lucene about n² besides (each
      // copy is joined to the loop after it): CI's fuzzing hung for minutes on such a repeat,
      // 1.8 s for (a?){1000,}, 7.8 s for (a?){3000,}. x+ is x{1,}: two copies, so a+++… doubles
      // with every '+' (a and 70 of them ran out of a 5 GB heap in CI).
      case REGEXP_REPEAT_MIN -> {
        long inner = regexpSize(r.exp1, max);
        long n = Math.max(0, r.min);
        yield Math.max(inner * (n + 1) + 1, inner * n * Math.min(n, max) / 10)
            + loopOfLoops(r.exp1, inner);
      }
      case REGEXP_REPEAT -> {
        long inner = regexpSize(r.exp1, max);
        yield inner + 1 + loopOfLoops(r.exp1, inner);
      }
      case REGEXP_REPEAT_MINMAX -> regexpSize(r.exp1, max) * Math.max(1, r.max) + 1;
      case REGEXP_OPTIONAL, REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT ->
          regexpSize(r.exp1, max) + 1;
      case REGEXP_STRING -> r.s == null ? 1 : r.s.length();
      default -> 1;
    };
    return Math.min(size, max + 1L);
  }

  /**
   * What a loop around a loop costs besides its states: each accepting state of the inner one is
   * joined to the start of the outer, so the transitions grow with the square of its size. /M\0*
   * followed by eleven '+' had 4,097 states and took 3.3 s to build.
   */
  private static long loopOfLoops(RegExp inner, long size) {
    return loops(inner) ? size * size : 0;
  }

  /** Whether the expression has a repeat without an upper bound ({@code *}, {@code +}, {@code {n,}}). */
  private static boolean loops(RegExp r) {
    if (r == null) {
      return false;
    }
    return switch (r.kind) {
      case REGEXP_REPEAT, REGEXP_REPEAT_MIN -> true;
      default -> loops(r.exp1) || loops(r.exp2);
    };
  }

  /** Term patterns run on one field's terms; article ids are matched as written, not analysed. */
  private static String textOnly(String field) throws ParseException {
    String f = resolve(field);
    if (f.equals(Fields.PARAGRAPH)) {
      throw new ParseException("Field 'paragraph' takes a number or a range, not a pattern");
    }
    return f;
  }

  private static int parseParagraph(String text) throws ParseException {
    if (text.equals("*")) {
      return Integer.MIN_VALUE;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ParseException("Field 'paragraph' takes a whole number, not '" + text + "'");
    }
  }

  private static Query eitherField(Query words, Query cjk) {
    if (words == null || cjk == null) {
      return words != null ? words : cjk;
    }
    return new BooleanQuery.Builder().add(words, Occur.SHOULD).add(cjk, Occur.SHOULD).build();
  }

  private static Query withSlop(Query query, int slop) {
    if (query instanceof PhraseQuery pq) {
      PhraseQuery.Builder b = new PhraseQuery.Builder().setSlop(slop);
      var terms = pq.getTerms();
      var positions = pq.getPositions();
      for (int i = 0; i < terms.length; i++) {
        b.add(terms[i], positions[i]);
      }
      return b.build();
    }
    if (query instanceof MultiPhraseQuery mpq) {
      return new MultiPhraseQuery.Builder(mpq).setSlop(slop).build();
    }
    if (query instanceof BooleanQuery bq) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (BooleanClause c : bq.clauses()) {
        b.add(withSlop(c.query(), slop), c.occur());
      }
      return b.build();
    }
    return query;
  }
}
