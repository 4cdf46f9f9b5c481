package dev.articlesearch.core;

import static dev.articlesearch.core.FuzzChecks.assertDocumentedRefusal;
import static dev.articlesearch.core.FuzzChecks.assertHtmlOf;
import static dev.articlesearch.core.FuzzChecks.assertSnippetOf;
import static dev.articlesearch.core.FuzzChecks.assertSpansInside;
import static dev.articlesearch.core.FuzzChecks.withinBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes both query syntaxes and the highlighting of their matches on a real index of the seed
 * and Chinese test corpora. {@code mvn verify} replays the inputs in {@code
 * src/test/resources/dev/articlesearch/core/QueryFuzzTestInputs} (the files directly in it feed
 * every method, a method's folder only that method); {@code bin/fuzz} mutates new ones.
 *
 * <p>An input is a query in UTF-8 followed by one options byte (the last byte; a seed file that
 * ends in a line break has the options {@code 0x0A}). Its bits, per method, are named below.
 */
class QueryFuzzTest {
  /** Options bit: fuzzy (simple syntax) or the lucene syntax (highlighting). */
  private static final int BIT_0 = 1;
  /** Options bit: one hit per article. */
  private static final int GROUP = 2;
  /** Options bit: a paragraph of context around each hit. */
  private static final int CONTEXT = 4;
  /** Options bit: explain alias matches (searching) or highlight the whole article. */
  private static final int BIT_3 = 8;

  @TempDir static Path dir;
  static ArticleIndex index;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    index = TestIndexes.build(corpus, dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  /** The simple syntax reads anything as text: it answers every query and never refuses one. */
  @FuzzTest(maxDuration = "30s")
  void simpleSyntaxAnswersEveryQuery(FuzzedDataProvider data) {
    int options = data.consumeInt(0, 255);
    String query = data.consumeRemainingAsString();
    SearchRequest request = SearchRequest.of(query).withLimit(20)
        .withFuzzy((options & BIT_0) != 0)
        .withGroupByArticle((options & GROUP) != 0)
        .withContext((options & CONTEXT) != 0 ? 1 : 0)
        .withExplain((options & BIT_3) != 0);
    try {
      SearchResult result = withinBudget("simple " + query, () -> index.search(request));
      assertSane(result, request);
    } catch (RuntimeException e) {
      assertDocumentedRefusal(e, query, QuerySyntax.SIMPLE);
    }
  }

  /** The lucene syntax answers, or refuses with an InvalidQueryException saying what and where. */
  @FuzzTest(maxDuration = "30s")
  void luceneSyntaxAnswersOrRefusesClearly(FuzzedDataProvider data) {
    int options = data.consumeInt(0, 255);
    String query = data.consumeRemainingAsString();
    SearchRequest request = SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE).withLimit(20)
        .withGroupByArticle((options & GROUP) != 0)
        .withContext((options & CONTEXT) != 0 ? 1 : 0);
    try {
      SearchResult result = withinBudget("lucene " + query, () -> index.search(request));
      assertSane(result, request);
    } catch (RuntimeException e) {
      assertDocumentedRefusal(e, query, QuerySyntax.LUCENE);
    }
  }

  /**
   * Every match a search or the highlight call reports lies inside its paragraph, in order and
   * apart; a snippet is a piece of the paragraph; the highlighted HTML is the paragraph itself
   * once its tags and escapes are undone; and both calls find the same matches in a paragraph.
   */
  @FuzzTest(maxDuration = "30s")
  void matchesStayInsideTheirParagraph(FuzzedDataProvider data) {
    int options = data.consumeInt(0, 255);
    String query = data.consumeRemainingAsString();
    QuerySyntax syntax = (options & BIT_0) != 0 ? QuerySyntax.LUCENE : QuerySyntax.SIMPLE;
    SearchRequest request = SearchRequest.of(query).withSyntax(syntax)
        .withGroupByArticle((options & GROUP) != 0);
    SearchResult result;
    try {
      result = withinBudget("search " + query, () -> index.search(request));
    } catch (RuntimeException e) {
      assertDocumentedRefusal(e, query, syntax);
      return;
    }
    for (Hit hit : result.hits()) {
      assertSpansInside(hit.text(), hit.matches());
      assertSnippetOf(hit.text(), hit.snippet(), request.markup());
    }
    if (result.hits().isEmpty()) {
      return;
    }
    Hit first = result.hits().get(0);
    HighlightRequest highlight = HighlightRequest.of(query, first.articleId()).withSyntax(syntax);
    if ((options & BIT_3) == 0) {
      highlight = highlight.withParagraph(first.paragraph());
    }
    HighlightRequest asked = highlight;
    Optional<HighlightResult> marked = withinBudget("highlight " + query, () -> index.highlight(asked));
    assertTrue(marked.isPresent(), "no article " + first.articleId());
    for (HighlightResult.HighlightedParagraph p : marked.get().paragraphs()) {
      assertSpansInside(p.text(), p.matches());
      assertHtmlOf(p.text(), p.html(), p.matches(), asked.markup());
      if (p.number() == first.paragraph()) {
        assertEquals(first.matches(), p.matches(), "search and highlight disagree on " + p.text());
      }
    }
  }

  private static void assertSane(SearchResult result, SearchRequest request) {
    assertTrue(result.total() >= result.hits().size(), result.total() + " < " + result.hits().size());
    assertTrue(result.hits().size() <= request.limit());
    for (Hit hit : result.hits()) {
      assertTrue(Float.isFinite(hit.score()) && hit.score() >= 0, "score " + hit.score());
      assertTrue(hit.before().size() <= request.context() && hit.after().size() <= request.context());
    }
  }
}
