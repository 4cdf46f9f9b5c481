package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request options and the highlight API, on a corpus small enough to know every answer. */
class SearchOptionsTest {
  @TempDir static Path dir;
  static ArticleIndex index;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("q1.txt"), """
        量子计算综述
        -
        量子计算正在快速发展。
        这一段只谈天气。
        """);
    Files.writeString(corpus.resolve("q2.txt"), """
        行业新闻汇总。
        量子计算正在快速发展。
        """);
    Files.writeString(corpus.resolve("q3.txt"), """
        第一段：背景。
        第二段：量子芯片。
        第三段：量子纠错与量子芯片。
        第四段：结论。
        第五段：参考文献。
        """);
    Files.writeString(corpus.resolve("q4.txt"), """
        网页安全
        -
        <script>alert("量子")</script> & 量子 "引号"
        The quick brown fox jumps over the lazy dog; the dog sleeps.
        """);
    Files.writeString(corpus.resolve("q5.txt"), "zebra " + "😀".repeat(300) + "\n");
    index = TestIndexes.build(corpus, dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void titleMatchLiftsAParagraphAboveTheSameTextInAnotherArticle() {
    // 量子计算 is two words: paragraphs with both come first, then those with 量子 only.
    List<String> r = ids(index.search(SearchRequest.of("量子计算").withLimit(100)));
    assertEquals(List.of("q1#1", "q2#2"), r.subList(0, 2));
    assertEquals(List.of("q3#2", "q3#3", "q4#1"), r.subList(2, 5).stream().sorted().toList());
    // q1's title has the words but its paragraph 2 does not: the title alone never makes a hit.
    assertEquals(5, r.size());
    assertEquals(List.of("q1#2"), ids(index.search("天气")));
  }

  @Test
  void limitAndOffsetPageThroughTheSameRanking() {
    SearchResult all = index.search(SearchRequest.of("量子").withLimit(100));
    assertEquals(5, all.total());
    assertEquals(5, all.hits().size());
    SearchResult page2 = index.search(SearchRequest.of("量子").withLimit(2).withOffset(2));
    assertEquals(5, page2.total());
    assertEquals(ids(all).subList(2, 4), ids(page2));
    assertEquals(List.of(), ids(index.search(SearchRequest.of("量子").withOffset(50))));
  }

  @Test
  void articleFilterRestrictsHitsAndTotal() {
    SearchResult r = index.search(SearchRequest.of("量子").withArticles(List.of("q3", "q4")).withLimit(100));
    assertEquals(3, r.total());
    assertEquals(List.of("q3", "q3", "q4"), r.hits().stream().map(Hit::articleId).sorted().toList());
  }

  @Test
  void groupingReturnsEachArticleOnceWithItsOtherMatchingParagraphs() {
    SearchResult r = index.search(SearchRequest.of("量子").withGroupByArticle(true).withLimit(100));
    assertEquals(4, r.total());
    assertEquals(4, r.hits().size());
    Hit q3 = r.hits().stream().filter(h -> h.articleId().equals("q3")).findFirst().orElseThrow();
    assertEquals(3, q3.paragraph()); // 量子 twice: the best of q3's paragraphs
    assertEquals(List.of(2), q3.otherParagraphs());
    SearchResult second = index.search(SearchRequest.of("量子").withGroupByArticle(true).withLimit(1).withOffset(1));
    assertEquals(4, second.total());
    assertEquals(r.hits().get(1).articleId(), second.hits().get(0).articleId());
  }

  @Test
  void contextReturnsNeighbouringParagraphsInReadingOrder() {
    Hit hit = index.search(SearchRequest.of("纠错").withContext(1)).hits().get(0);
    assertEquals(List.of(new Paragraph(2, "第二段：量子芯片。")), hit.before());
    assertEquals(List.of(new Paragraph(4, "第四段：结论。")), hit.after());
    Hit wide = index.search(SearchRequest.of("纠错").withContext(5)).hits().get(0);
    assertEquals(List.of(1, 2), wide.before().stream().map(Paragraph::number).toList());
    assertEquals(List.of(4, 5), wide.after().stream().map(Paragraph::number).toList());
    assertEquals(List.of(), index.search("纠错").hits().get(0).before());
  }

  @Test
  void snippetEscapesHtmlInTheTextAndOnlyAddsTheMarkupTags() {
    Hit hit = index.search(SearchRequest.of("量子").withArticles(List.of("q4"))).hits().get(0);
    assertEquals(
        "&lt;script&gt;alert(&quot;<mark>量子</mark>&quot;)&lt;/script&gt; &amp; <mark>量子</mark> &quot;引号&quot;",
        hit.snippet());
    Hit custom = index.search(SearchRequest.of("fox").withMarkup(new Markup("<em class=\"hl\">", "</em>")))
        .hits().get(0);
    assertEquals("The quick brown <em class=\"hl\">fox</em> jumps over the lazy dog; the dog sleeps.",
        custom.snippet());
  }

  @Test
  void withoutHighlightingHitsRankTheSameButCarryNoSnippetOrMatches() {
    SearchResult marked = index.search(SearchRequest.of("量子 芯片").withLimit(100));
    SearchResult plain = index.search(SearchRequest.of("量子 芯片").withLimit(100).withHighlight(false));
    assertEquals(ids(marked), ids(plain));
    assertEquals(marked.total(), plain.total());
    assertEquals("第三段：<mark>量子</mark>纠错与<mark>量子芯片</mark>。", marked.hits().get(1).snippet());
    for (Hit h : plain.hits()) {
      assertNull(h.snippet());
      assertEquals(List.of(), h.matches());
    }
    assertEquals("第三段：量子纠错与量子芯片。", plain.hits().get(1).text());
  }

  @Test
  void highlightMarksEveryMatchInEveryParagraphWithPhrasesAsOneSpan() {
    HighlightResult h = index.highlight(HighlightRequest.of("\"lazy dog\" 量子", "q4")).orElseThrow();
    assertEquals("q4", h.articleId());
    assertEquals("网页安全", h.title());
    assertEquals(2, h.paragraphs().size());
    HighlightResult.HighlightedParagraph p1 = h.paragraphs().get(0);
    assertEquals(List.of(new Span(15, 17), new Span(31, 33)), p1.matches());
    assertEquals(
        "&lt;script&gt;alert(&quot;<mark>量子</mark>&quot;)&lt;/script&gt; &amp; <mark>量子</mark> &quot;引号&quot;",
        p1.html());
    HighlightResult.HighlightedParagraph p2 = h.paragraphs().get(1);
    assertEquals(List.of(new Span(35, 43)), p2.matches());
    assertEquals("The quick brown fox jumps over the <mark>lazy dog</mark>; the dog sleeps.", p2.html());
  }

  @Test
  void highlightOfOneParagraphAndOfMissingOnes() {
    HighlightResult h = index.highlight(HighlightRequest.of("量子芯片", "q3").withParagraph(3)).orElseThrow();
    assertEquals(1, h.paragraphs().size());
    assertEquals("第三段：<mark>量子</mark>纠错与<mark>量子芯片</mark>。", h.paragraphs().get(0).html());
    HighlightResult phrase = index.highlight(HighlightRequest.of("\"量子芯片\"", "q3").withParagraph(3)).orElseThrow();
    assertEquals("第三段：量子纠错与<mark>量子芯片</mark>。", phrase.paragraphs().get(0).html());
    HighlightResult none = index.highlight(HighlightRequest.of("没有", "q3").withParagraph(1)).orElseThrow();
    assertEquals(List.of(), none.paragraphs().get(0).matches());
    assertEquals("第一段：背景。", none.paragraphs().get(0).html());
    assertEquals(Optional.empty(), index.highlight(HighlightRequest.of("量子", "q3").withParagraph(9)));
    assertEquals(Optional.empty(), index.highlight(HighlightRequest.of("量子", "nope")));
  }

  @Test
  void equalScoresAreOrderedByArticleIdThenParagraphInEveryBuild(@TempDir Path tmp) throws IOException {
    Path corpus = Files.createDirectories(tmp.resolve("ties"));
    for (int i = 0; i < 60; i++) {
      Files.writeString(corpus.resolve(String.format("t%02d.txt", i)), "夜空中出现了罕见的极光。\n其他内容。\n夜空中出现了罕见的极光。\n");
    }
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      expected.add(String.format("t%02d#1", i));
      expected.add(String.format("t%02d#3", i));
    }
    for (int build = 0; build < 3; build++) {
      try (ArticleIndex ties = TestIndexes.build(corpus, tmp.resolve("index" + build))) {
        SearchResult r = ties.search(SearchRequest.of("极光").withLimit(100).withOffset(20));
        assertEquals(expected.subList(20, 120), ids(r));
        SearchResult grouped = ties.search(SearchRequest.of("极光").withGroupByArticle(true).withLimit(3));
        assertEquals(List.of("t00#1", "t01#1", "t02#1"), ids(grouped));
        assertEquals(List.of(3), grouped.hits().get(0).otherParagraphs());
      }
    }
  }

  @Test
  void snippetOfOneLongUnbrokenRunNeverSplitsASurrogatePair() {
    String snippet = index.search("zebra").hits().get(0).snippet();
    assertEquals("<mark>zebra</mark> " + "😀".repeat(117) + "…", snippet);
  }

  @Test
  void badRequestValuesAreRefusedNamingTheParameter() {
    assertEquals("Parameter 'query' must not be null",
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(null)).getMessage());
    assertEquals("Parameter 'articles' must not be null",
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x").withArticles(null)).getMessage());
    assertEquals("Parameter 'limit' must be between 1 and 100, was 101",
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x").withLimit(101)).getMessage());
    assertEquals("Parameter 'offset' must be between 0 and 9990, was -1",
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x").withOffset(-1)).getMessage());
    assertEquals("Parameter 'offset' must be between 0 and 9900, was 1000000000",
        assertThrows(IllegalArgumentException.class,
            () -> SearchRequest.of("x").withLimit(100).withOffset(1_000_000_000)).getMessage());
    assertEquals("Parameter 'context' must be between 0 and 5, was 6",
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x").withContext(6)).getMessage());
    assertEquals("Parameter 'articleId' must not be blank",
        assertThrows(IllegalArgumentException.class, () -> HighlightRequest.of("x", " ")).getMessage());
  }
}
