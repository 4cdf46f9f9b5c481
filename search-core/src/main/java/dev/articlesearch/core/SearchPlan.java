package dev.articlesearch.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * What the embedded engine does for one query, for an engine elsewhere (the {@code search-cluster}
 * module's OpenSearch engine) to do the same: the limits checked before anything runs, the ranked
 * Lucene query tiers to run, and, for a paragraph that engine returns, its matches, snippet and
 * alias matches, found by the library's own highlighter. The same parsers, the same analyzers and
 * the same highlighter: only the index differs.
 *
 * <p>Matches are found in the paragraph alone (a Lucene {@link MemoryIndex} of its text and CJK
 * companion field): whether a paragraph matches, where, and which passage is best depend only on
 * the paragraph, not on the other documents.
 */
public final class SearchPlan {
  private final QueryPlan plan;
  private final Query filter;

  private SearchPlan(QueryPlan plan, Query filter) {
    this.plan = plan;
    this.filter = filter;
  }

  /**
   * The plan of a search, after the checks the embedded engine makes first: the query's length,
   * the paging window and the context against {@code limits}, and for the {@code lucene} syntax
   * its clauses, nesting, expansions and regular expressions.
   *
   * @param aliasesCsv the text of the corpus's {@code aliases.csv}, or null for none
   * @throws LimitExceededException when the request goes past one of the limits
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   * @throws CorpusException if {@code aliasesCsv} is malformed
   */
  public static SearchPlan of(SearchRequest request, Limits limits, String aliasesCsv) {
    checkPaging(request, limits);
    return new SearchPlan(
        parse(request.query(), request.syntax(), request.fuzzy(), limits, aliases(aliasesCsv)),
        articleFilter(request.articles()));
  }

  /** The plan of a highlight request (no paging, no filter), after the same checks. */
  public static SearchPlan of(HighlightRequest request, Limits limits, String aliasesCsv) {
    return new SearchPlan(
        parse(request.query(), request.syntax(), false, limits, aliases(aliasesCsv)), null);
  }

  /** True when the query has nothing to search for: no hits, no matches. */
  public boolean isEmpty() {
    return plan.isEmpty();
  }

  /**
   * The queries to run, best tier first: every hit of a tier ranks above every hit of the next,
   * each tier by BM25 score, then article id, then paragraph number. Empty when {@link #isEmpty}.
   */
  public List<Query> tiers() {
    return plan.isEmpty() ? List.of() : plan.tiers(filter);
  }

  /**
   * A paragraph's matches and snippet, as a hit of this search has them.
   *
   * @param spans every match in the text, UTF-16 offsets, in order; a phrase is one span
   * @param snippet the best passage, HTML-escaped, matches wrapped in the markup
   */
  public record Highlight(List<Span> spans, String snippet) {
    public Highlight {
      spans = List.copyOf(spans);
    }
  }

  /**
   * One paragraph as another engine returns it: what its document holds, so that a query that
   * also names the article, the paragraph number or the title ({@code paragraph:[1 TO 2] AND
   * 模型}) matches it here as it does in the index.
   */
  public record StoredParagraph(String articleId, int paragraph, String text, String displayTitle,
      boolean titleDerived) {}

  /** The matches and snippet of a hit. */
  public Highlight hitHighlight(StoredParagraph p, Markup markup) {
    MatchHighlighter.Matches m = plan.isEmpty() ? MatchHighlighter.Matches.NONE
        : inParagraph(p, (s, docs, texts) ->
            new MatchHighlighter(s).matchesWithPassage(plan.matchQuery(), docs, texts));
    return new Highlight(m.spans(), MatchHighlighter.snippet(p.text(), m, markup));
  }

  /** Every match in the whole of the paragraph's text, as the highlight call marks them. */
  public List<Span> allMatches(StoredParagraph p) {
    if (plan.isEmpty()) {
      return List.of();
    }
    return inParagraph(p, (s, docs, texts) ->
        new MatchHighlighter(s).allMatches(plan.matchQuery(), docs, texts)).spans();
  }

  /** A paragraph of the highlight call's answer: every match in its text, marked up. */
  public HighlightResult.HighlightedParagraph highlightParagraph(StoredParagraph p,
      Markup markup) {
    List<Span> spans = allMatches(p);
    return new HighlightResult.HighlightedParagraph(p.paragraph(), p.text(),
        markup.apply(p.text(), spans, 0, p.text().length()), spans);
  }

  /** The limit the highlight call holds a whole article to, given its paragraph count. */
  public static void checkHighlightParagraphs(String articleId, long paragraphs, Limits limits) {
    if (paragraphs > limits.maxHighlightParagraphs()) {
      throw new LimitExceededException(MAX_HIGHLIGHT_PARAGRAPHS, "Article '" + articleId + "' has "
          + Limits.thousands(paragraphs) + " paragraphs; "
          + Limits.named(MAX_HIGHLIGHT_PARAGRAPHS, limits.maxHighlightParagraphs())
          + ": highlight it a paragraph at a time", -1);
    }
  }

  private static final String MAX_HIGHLIGHT_PARAGRAPHS = "max_highlight_paragraphs";

  /**
   * The vocabulary term prefix suggestions look up for what the user typed (folded like the text:
   * case, width, traditional characters), after the length check; null when there is nothing to
   * look up. Candidates are the vocabulary's terms (words and two-word phrases of {@link
   * IndexSchema#WORDS}) that start with it, most paragraphs first.
   */
  public static String suggestionKey(String prefix, Limits limits) {
    Validate.notNull("prefix", prefix);
    checkLength(prefix, limits);
    String key = Analyzers.normalizeWords(prefix.stripLeading());
    return key.isBlank() || key.length() > 100 ? null : key;
  }

  /** How many candidates to look up for {@code limit} suggestions: some are dropped. */
  public static int suggestionCandidates(int limit) {
    return limit * 3 + 1;
  }

  /**
   * The suggestions to show, from candidates in order: not what was typed already (智譜 still
   * offers 智谱), no lone letter ("tsinghua s"), at most {@code limit}.
   */
  public static List<Suggestion> usefulSuggestions(String prefix, List<Suggestion> candidates,
      int limit) {
    String typed = prefix.strip().toLowerCase(java.util.Locale.ROOT);
    List<Suggestion> out = new ArrayList<>();
    for (Suggestion c : candidates) {
      String text = c.text();
      boolean useful = !text.equals(typed)
          && java.util.Arrays.stream(text.split(" ")).allMatch(w -> w.codePointCount(0, w.length()) > 1
              || Cjk.isCjk(w.codePointAt(0)) && !text.equals(w));
      if (useful && out.size() < limit) {
        out.add(c);
      }
    }
    return out;
  }

  /** With explain: the query words the paragraph matched through another name of their alias group. */
  public List<AliasMatch> aliasMatches(StoredParagraph p) {
    if (plan.aliasUses().isEmpty()) {
      return List.of();
    }
    IndexSearcher s = paragraphIndex(p);
    List<AliasMatch> out = new ArrayList<>();
    try {
      for (QueryPlan.AliasUse use : plan.aliasUses()) {
        for (int i = 0; i < use.others().size(); i++) {
          if (s.explain(use.otherQueries().get(i), 0).isMatch()) {
            out.add(new AliasMatch(use.typed(), use.others().get(i)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an index in memory
    }
    return out;
  }

  /**
   * Did-you-mean's correction of {@code query}: each Latin word of three letters or more that
   * {@code correct} replaces (given it lower-cased; null: keep it) is written back in the user's
   * letter case. Null when no word changed. The embedded engine's {@code correct} asks Lucene's
   * DirectSpellChecker over the vocabulary field; another engine asks its own equivalent.
   */
  public static String correctSpelling(String query, UnaryOperator<String> correct) {
    return Spelling.correct(query, correct);
  }

  /** The length of a query against {@code max_query_length}, before any analysis. */
  public static void checkLength(String query, Limits limits) {
    int length = query.codePointCount(0, query.length());
    if (length > limits.maxQueryLength()) {
      throw new LimitExceededException("max_query_length", "The query is "
          + Limits.thousands(length) + " characters; "
          + Limits.named("max_query_length", limits.maxQueryLength()), limits.maxQueryLength());
    }
  }

  static void checkPaging(SearchRequest request, Limits limits) {
    int window = request.offset() + request.limit();
    if (window > limits.maxWindow()) {
      throw new LimitExceededException("max_window", "Paging goes to hit "
          + Limits.thousands(window) + " (offset " + Limits.thousands(request.offset()) + " + limit "
          + request.limit() + "); " + Limits.named("max_window", limits.maxWindow()), -1);
    }
    if (request.context() > limits.maxContext()) {
      throw new LimitExceededException("max_context", "Context of " + request.context()
          + " paragraphs; " + Limits.named("max_context", limits.maxContext()), -1);
    }
  }

  static QueryPlan parse(String query, QuerySyntax syntax, boolean fuzzy, Limits limits,
      Aliases aliases) {
    checkLength(query, limits);
    return switch (syntax) {
      case SIMPLE -> SimpleQueryParser.parse(query, aliases, fuzzy);
      case LUCENE -> query.isBlank() ? new QueryPlan(List.of(), List.of(), List.of())
          : QueryPlan.single(LuceneSyntaxParser.toQuery(query, limits));
    };
  }

  static Query articleFilter(List<String> ids) {
    if (ids.isEmpty()) {
      return null;
    }
    return new TermInSetQuery(Fields.ARTICLE_ID, ids.stream().map(BytesRef::new).toList());
  }

  private static Aliases aliases(String csv) {
    return csv == null ? Aliases.NONE : Aliases.parse(Aliases.FILE_NAME, csv);
  }

  private interface Work {
    MatchHighlighter.Matches[] run(IndexSearcher s, int[] docs, String[] texts) throws IOException;
  }

  private static MatchHighlighter.Matches inParagraph(StoredParagraph p, Work work) {
    try {
      MatchHighlighter.Matches[] m =
          work.run(paragraphIndex(p), new int[] {0}, new String[] {p.text()});
      return m[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an index in memory
    }
  }

  /**
   * The paragraph as a one-document index of every field its document has in the embedded index
   * ({@link IndexBuilder#documents}), analysed and with offsets as there: the two text fields the
   * highlighter reads, and the id, number and title a query may also require.
   */
  private static IndexSearcher paragraphIndex(StoredParagraph p) {
    MemoryIndex index = new MemoryIndex(true, false);
    Analyzer analyzer = Analyzers.index();
    index.addField(new StringField(Fields.ARTICLE_ID, p.articleId(), Field.Store.NO), analyzer);
    index.addField(new IntField(Fields.PARAGRAPH, p.paragraph(), Field.Store.NO), analyzer);
    index.addField(Fields.TEXT, p.text(), analyzer);
    index.addField(Fields.TEXT_CJK, p.text(), analyzer);
    if (!p.titleDerived()) {
      index.addField(Fields.TITLE, p.displayTitle(), analyzer);
      index.addField(Fields.TITLE_CJK, p.displayTitle(), analyzer);
    }
    return index.createSearcher();
  }
}
