package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.search.TimeBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-call time budget on an index big enough for the budget to matter: 75,000 distinct Latin
 * words (a regular expression over all of them walks every term) and an article of 3,000
 * paragraphs (marking every match in it takes seconds). With a budget of 1 ms the costly calls
 * stop with {@link SearchTimeoutException}; given time, the same calls answer in full.
 */
class TimeBudgetTest {
  static final int ARTICLES = 6;
  static final int PARAGRAPHS = 50;
  static final int WORDS = 250;
  static final int LONG_ARTICLE = 3_000;

  /** Matches every Latin word of the corpus: the rewrite walks the whole term dictionary. */
  static final String EVERY_WORD = "/[a-z]+/";

  @TempDir static Path dir;
  static ArticleIndex roomy;
  static ArticleIndex hurried;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Random random = new Random(7);
    for (int a = 0; a < ARTICLES; a++) {
      StringBuilder text = new StringBuilder("词表 " + a + "\n-\n智谱AI发布新一代基座模型GLM-4。\n");
      for (int p = 1; p < PARAGRAPHS; p++) {
        for (int w = 0; w < WORDS; w++) {
          for (int c = 0; c < 7; c++) {
            text.append((char) ('a' + random.nextInt(26)));
          }
          text.append(' ');
        }
        text.append('\n');
      }
      Files.writeString(corpus.resolve("words_" + a + ".txt"), text);
    }
    StringBuilder longArticle = new StringBuilder("长文\n-\n");
    for (int p = 1; p <= LONG_ARTICLE; p++) {
      longArticle.append("第").append(p).append("段：清华大学的智谱\n");
    }
    Files.writeString(corpus.resolve("long.txt"), longArticle);
    RebuildReport report = ArticleIndex.rebuild(corpus, dir.resolve("index"));
    assertEquals(ARTICLES * PARAGRAPHS + LONG_ARTICLE, report.paragraphs());
    Limits wide = Limits.DEFAULTS.withMaxExpansions(10_000_000).withMaxHighlightParagraphs(LONG_ARTICLE);
    // Room enough on a busy CI machine: the point is that the same calls finish when allowed to.
    roomy = ArticleIndex.open(dir.resolve("index"), wide.withTimeout(Duration.ofMinutes(1)));
    hurried = ArticleIndex.open(dir.resolve("index"), wide.withTimeout(Duration.ofMillis(1)));
  }

  @AfterAll
  static void close() {
    roomy.close();
    hurried.close();
  }

  @Test
  void regexpOverEveryTermStopsPastOneMillisecondAndAnswersWhenGivenTime() {
    SearchRequest request = SearchRequest.of(EVERY_WORD).withSyntax(QuerySyntax.LUCENE)
        .withHighlight(false);
    SearchTimeoutException e =
        assertThrows(SearchTimeoutException.class, () -> hurried.search(request));
    assertEquals("The search ran past the time limit (timeout) of 1 ms", e.getMessage());
    assertEquals(Duration.ofMillis(1), e.timeout());

    SearchResult full = roomy.search(request);
    assertEquals(ARTICLES * PARAGRAPHS, full.total()); // paragraph 1 has the words "ai" and "glm"

    assertTrue(full.totalExact());
    assertEquals(10, full.hits().size());
  }

  @Test
  void highlightingThreeThousandParagraphsStopsPastOneMillisecond() {
    SearchTimeoutException e = assertThrows(SearchTimeoutException.class,
        () -> hurried.highlight(HighlightRequest.of("智谱", "long")));
    assertEquals("The search ran past the time limit (timeout) of 1 ms", e.getMessage());
    HighlightResult one =
        roomy.highlight(HighlightRequest.of("智谱", "long").withParagraph(LONG_ARTICLE)).orElseThrow();
    assertEquals("第3000段：清华大学的智谱", one.paragraphs().get(0).text());
    assertEquals(List.of(new Span(12, 14)), one.paragraphs().get(0).matches());
  }

  @Test
  void theDefaultLimitRefusesTheLongArticleAtOnceAndServesItAParagraphAtATime() {
    try (ArticleIndex defaults = ArticleIndex.open(dir.resolve("index"))) {
      long started = System.nanoTime();
      LimitExceededException e = assertThrows(LimitExceededException.class,
          () -> defaults.highlight(HighlightRequest.of("智谱", "long")));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals("Article 'long' has 3,000 paragraphs; the limit (max_highlight_paragraphs) is"
          + " 1,000: highlight it a paragraph at a time", e.getMessage());
      assertTrue(took.compareTo(Limits.DEFAULT_TIMEOUT) < 0, took + " within the 2 s budget");
      HighlightResult one =
          defaults.highlight(HighlightRequest.of("智谱", "long").withParagraph(1_234)).orElseThrow();
      assertEquals("第1234段：清华大学的<mark>智谱</mark>", one.paragraphs().get(0).html());
    }
  }

  @Test
  void eachThreadHasItsOwnDeadlineAndACallAfterATimeoutStartsAfresh() throws InterruptedException {
    TimeBudget budget = new TimeBudget(Duration.ofNanos(1));
    assertFalse(budget.shouldExit(), "no call is running on this thread");
    assertTrue(budget.start());
    assertTrue(budget.shouldExit());
    boolean[] other = {true};
    Thread refresh = new Thread(() -> other[0] = budget.shouldExit());
    refresh.start();
    refresh.join();
    assertFalse(other[0], "a thread without a call of its own is never stopped");
    assertFalse(budget.start(), "a call inside a call shares its budget");
    assertTrue(budget.end(), "it ran out");
    assertFalse(budget.shouldExit(), "ended: nothing to stop");

    TimeBudget hour = new TimeBudget(Duration.ofHours(1));
    assertTrue(hour.start());
    assertFalse(hour.shouldExit());
    assertFalse(hour.end());

    SearchRequest costly = SearchRequest.of(EVERY_WORD).withSyntax(QuerySyntax.LUCENE)
        .withHighlight(false);
    assertThrows(SearchTimeoutException.class, () -> hurried.search(costly));
    assertEquals(List.of("words_0#1", "words_1#1"),
        TestIndexes.ids(roomy.search(SearchRequest.of("基座模型").withLimit(2))));
  }
}
