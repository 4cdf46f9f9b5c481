package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit of {@link Limits}: a request just within it is answered, one past it is refused
 * with a {@link LimitExceededException} that names the limit and its value.
 */
class LimitsTest {
  static final String ZHIPU = "002_aaf58d43826c50b3";

  @TempDir static Path dir;
  static ArticleIndex index;

  @BeforeAll
  static void build() throws java.io.IOException {
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    index = TestIndexes.build(corpus, dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertEquals(new Limits(1_000, 1_024, 1_000, 100, 10_000, 10_000, 5, 1_000, Duration.ofSeconds(2)),
        Limits.DEFAULTS);
    try (ArticleIndex defaults = ArticleIndex.open(dir.resolve("index"))) {
      assertEquals(Limits.DEFAULTS, defaults.limits());
    }
    assertEquals(SearchRequest.MAX_WINDOW, Limits.DEFAULTS.maxWindow());
    assertEquals(SearchRequest.MAX_CONTEXT, Limits.DEFAULTS.maxContext());
  }

  @Test
  void queryPastMaxQueryLengthIsRefusedInEverySyntaxAndCall() {
    String atLimit = "智谱" + "啊".repeat(998);
    assertDoesNotThrow(() -> index.search(SearchRequest.of(atLimit)));
    String past = "智谱" + "啊".repeat(999);
    String message = "The query is 1,001 characters; the limit (max_query_length) is 1,000";
    assertLimit("max_query_length", message, () -> index.search(SearchRequest.of(past)));
    assertLimit("max_query_length", message,
        () -> index.search(SearchRequest.of(past).withSyntax(QuerySyntax.LUCENE)));
    assertLimit("max_query_length", message, () -> index.highlight(HighlightRequest.of(past, "zh_001")));
    assertLimit("max_query_length", message, () -> index.suggest(past, 5));
    // Characters, not UTF-16 units: 600 emoji are 1,200 units and within the limit.
    index.search(SearchRequest.of("🎉".repeat(600)));
  }

  @Test
  void luceneQueryWithMoreClausesThanMaxClausesIsRefused() {
    String query = "GLM OR Zhipu OR 智谱 OR 清华";
    List<String> all = ids(index.search(SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE)));
    try (ArticleIndex few = reopen(l -> l.withMaxClauses(3))) {
      LimitExceededException e = assertLimit("max_clauses", null,
          () -> few.search(SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE)));
      assertEquals(true, e.getMessage().endsWith(" clauses; the limit (max_clauses) is 3"), e.getMessage());
      // A title match is every paragraph of the article.
      assertEquals(List.of("zh_001#1", "zh_001#2", "zh_001#3"),
          ids(few.search(SearchRequest.of("title:智谱").withSyntax(QuerySyntax.LUCENE))));
    }
    assertFalse(all.isEmpty());
  }

  @Test
  void patternMatchingMoreThanMaxExpansionsTermsIsRefusedNotCut() {
    try (ArticleIndex few = reopen(l -> l.withMaxExpansions(5))) {
      assertLimit("max_expansions",
          "The pattern 't*' matches more than 5 terms; the limit (max_expansions) is 5",
          () -> few.search(SearchRequest.of("t*").withSyntax(QuerySyntax.LUCENE)));
      assertLimit("max_expansions",
          "The pattern '/t.*/' matches more than 5 terms; the limit (max_expansions) is 5",
          () -> few.search(SearchRequest.of("/t.*/").withSyntax(QuerySyntax.LUCENE)));
      assertLimit("max_expansions",
          "The pattern '[a TO c]' matches more than 5 terms; the limit (max_expansions) is 5",
          () -> few.search(SearchRequest.of("[a TO c]").withSyntax(QuerySyntax.LUCENE)));
      // Within the limit the pattern finds every paragraph it did before.
      assertEquals(List.of(ZHIPU + "#9", "zh_003#3"),
          ids(few.search(SearchRequest.of("Qwen*").withSyntax(QuerySyntax.LUCENE))));
    }
    assertEquals(10, index.search(SearchRequest.of("t*").withSyntax(QuerySyntax.LUCENE)).hits().size());
  }

  @Test
  void nestingPastMaxNestingIsRefusedWhereItStarts() {
    try (ArticleIndex shallow = reopen(l -> l.withMaxNesting(3))) {
      LimitExceededException e = assertLimit("max_nesting",
          "The query nests parentheses 4 deep at position 3; the limit (max_nesting) is 3",
          () -> shallow.search(SearchRequest.of("((((智谱))))").withSyntax(QuerySyntax.LUCENE)));
      assertEquals(3, e.position());
      assertEquals(List.of("zh_001#2", "zh_001#1"),
          ids(shallow.search(SearchRequest.of("(((智谱)))").withSyntax(QuerySyntax.LUCENE))));
    }
  }

  @Test
  void regularExpressionPastMaxRegexpSizeIsRefused() {
    try (ArticleIndex small = reopen(l -> l.withMaxRegexpSize(10))) {
      assertLimit("max_regexp_size",
          "The regular expression /q{20}/ expands to more than 10 characters; the limit (max_regexp_size) is 10",
          () -> small.search(SearchRequest.of("/q{20}/").withSyntax(QuerySyntax.LUCENE)));
      assertEquals(List.of(ZHIPU + "#9", "zh_003#3"),
          ids(small.search(SearchRequest.of("/qwe[n]/").withSyntax(QuerySyntax.LUCENE))));
    }
  }

  @Test
  void pagingPastMaxWindowAndContextPastMaxContextAreRefused() {
    try (ArticleIndex narrow = reopen(l -> l.withMaxWindow(20).withMaxContext(1))) {
      assertLimit("max_window",
          "Paging goes to hit 25 (offset 15 + limit 10); the limit (max_window) is 20",
          () -> narrow.search(SearchRequest.of("GLM").withOffset(15)));
      assertLimit("max_context", "Context of 2 paragraphs; the limit (max_context) is 1",
          () -> narrow.search(SearchRequest.of("GLM").withContext(2)));
      // 智谱 has aliases (Zhipu, …) in this corpus: more than 20 hits, of which the last 19 of 20.
      assertEquals(19, narrow.search(SearchRequest.of("智谱").withOffset(1).withLimit(19).withContext(1)).hits().size());
    }
  }

  @Test
  void articleWithMoreParagraphsThanMaxHighlightParagraphsIsHighlightedOneAtATime() {
    try (ArticleIndex few = reopen(l -> l.withMaxHighlightParagraphs(10))) {
      assertLimit("max_highlight_paragraphs",
          "Article '" + ZHIPU + "' has 50 paragraphs; the limit (max_highlight_paragraphs) is 10:"
              + " highlight it a paragraph at a time",
          () -> few.highlight(HighlightRequest.of("ChatGLM3-6B", ZHIPU)));
      HighlightResult one = few.highlight(HighlightRequest.of("ChatGLM3-6B", ZHIPU).withParagraph(9))
          .orElseThrow();
      assertEquals(List.of(new Span(39, 50), new Span(200, 211)), one.paragraphs().get(0).matches());
      assertEquals(3, few.highlight(HighlightRequest.of("智谱", "zh_001")).orElseThrow().paragraphs().size());
    }
  }

  @Test
  void limitsOutOfRangeAreRefusedNamingTheSetting() {
    assertEquals("Parameter 'maxWindow' must be between 1 and 10000, was 10001",
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMaxWindow(10_001)).getMessage());
    assertEquals("Parameter 'maxClauses' must be between 1 and 1024, was 2000",
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMaxClauses(2_000)).getMessage());
    assertEquals("Parameter 'timeout' must be positive, was PT0S",
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withTimeout(Duration.ZERO)).getMessage());
    assertEquals("Parameter 'maxQueryLength' must be at least 1, was 0",
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMaxQueryLength(0)).getMessage());
  }

  // ----------------------------------------------------------------------------------- helpers

  private static ArticleIndex reopen(Function<Limits, Limits> change) {
    return ArticleIndex.open(dir.resolve("index"), change.apply(TestIndexes.PATIENT));
  }

  /** Asserts the call is refused naming {@code limit}, with {@code message} unless null. */
  private static LimitExceededException assertLimit(String limit, String message, Executable call) {
    LimitExceededException e = assertThrows(LimitExceededException.class, call);
    assertEquals(limit, e.limit());
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
    return e;
  }
}
