package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paragraph's matches, snippet and alias matches found by {@link SearchPlan} from its text alone
 * are exactly the embedded engine's, for every hit of every judged query and of the queries below
 * on the seeds and the Chinese test corpus: what lets another engine return the same answers.
 */
class SearchPlanTest {
  @TempDir static Path dir;
  private static ArticleIndex index;
  private static String aliases;

  /** Phrases, exclusions, fuzzy words, the lucene syntax, traditional characters, full width. */
  static final List<String> MORE_QUERIES = List.of(
      "\"Tsinghua University\"", "智谱 -模型", "\"清华大学\" 研究", "ChatGLM3-6B", "清華大學",
      "ＧＬＭ", "zhipu OR tsinghua", "智谱AI 大模型 开源", "GPT-4 benchmark", "人工智能",
      "model*", "text:\"large language\"~2", "title:zhipu");

  @BeforeAll
  static void build() throws IOException {
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    index = TestIndexes.build(corpus, dir.resolve("index"));
    aliases = Files.readString(corpus.resolve(Aliases.FILE_NAME));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  static List<SearchRequest> requests() throws IOException {
    List<SearchRequest> out = new ArrayList<>();
    List<Evaluation.Judged> judged = Evaluation.read(Path.of("..", "eval", "judgments.tsv"));
    for (int i = 0; i < judged.size(); i++) {
      SearchRequest r = SearchRequest.of(judged.get(i).query()).withLimit(30).withExplain(true);
      out.add(i % 4 == 0 ? r.withFuzzy(true) : r); // fuzzy words: a quarter is enough
    }
    for (String q : MORE_QUERIES) {
      QuerySyntax syntax = q.contains(":") || q.contains(" OR ") || q.endsWith("*")
          ? QuerySyntax.LUCENE : QuerySyntax.SIMPLE;
      out.add(SearchRequest.of(q).withSyntax(syntax).withLimit(100).withMarkup(new Markup("<em>", "</em>")));
    }
    return out;
  }

  @Test
  void matchesSnippetsAndAliasMatchesFromTheTextAloneAreTheEmbeddedOnes() throws IOException {
    int hits = 0;
    int withAliases = 0;
    for (SearchRequest r : requests()) {
      SearchPlan plan = SearchPlan.of(r, index.limits(), aliases);
      for (Hit h : index.search(r).hits()) {
        String where = r.query() + " → " + h.articleId() + "#" + h.paragraph();
        SearchPlan.StoredParagraph stored = new SearchPlan.StoredParagraph(h.articleId(),
            h.paragraph(), h.text(), h.title(), h.titleDerived());
        SearchPlan.Highlight mine = plan.hitHighlight(stored, r.markup());
        assertEquals(h.matches(), mine.spans(), where);
        assertEquals(h.snippet(), mine.snippet(), where);
        assertEquals(h.aliasMatches(), r.explain() ? plan.aliasMatches(stored) : List.of(), where);
        hits++;
        withAliases += h.aliasMatches().isEmpty() ? 0 : 1;
      }
    }
    assertTrue(hits > 500, "hits compared: " + hits);
    assertTrue(withAliases > 10, "hits with alias matches: " + withAliases);
  }

  @Test
  void wholeArticleMatchesAreTheHighlightCallsOnes() {
    for (String q : List.of("智谱", "Zhipu AI", "\"清华大学\"", "模型 model")) {
      for (ArticleSummary a : index.articles()) {
        HighlightRequest r = HighlightRequest.of(q, a.id());
        SearchPlan plan = SearchPlan.of(r, index.limits(), aliases);
        Optional<HighlightResult> embedded = index.highlight(r);
        for (HighlightResult.HighlightedParagraph p : embedded.orElseThrow().paragraphs()) {
          assertEquals(p.matches(), plan.allMatches(new SearchPlan.StoredParagraph(a.id(),
              p.number(), p.text(), a.title(), a.titleDerived())), q + " in " + a.id() + "#" + p.number());
        }
      }
    }
  }

  @Test
  void tiersAreTheQueriesTheEmbeddedEngineRuns() {
    SearchRequest r = SearchRequest.of("智谱 清华大学").withArticles(List.of("zh_001"));
    assertEquals(index.queryTiers(r), SearchPlan.of(r, index.limits(), aliases).tiers());
    assertTrue(SearchPlan.of(SearchRequest.of("  "), index.limits(), null).isEmpty());
  }

  @Test
  void limitsAreCheckedBeforeAnythingRuns() {
    Limits tight = Limits.DEFAULTS.withMaxQueryLength(5).withMaxWindow(20).withMaxContext(1);
    LimitExceededException length = assertThrows(LimitExceededException.class,
        () -> SearchPlan.of(SearchRequest.of("清华大学人工智能"), tight, null));
    assertEquals("max_query_length", length.limit());
    assertEquals("max_window", assertThrows(LimitExceededException.class,
        () -> SearchPlan.of(SearchRequest.of("智谱").withOffset(15).withLimit(10), tight, null)).limit());
    assertEquals("max_context", assertThrows(LimitExceededException.class,
        () -> SearchPlan.of(SearchRequest.of("智谱").withContext(2), tight, null)).limit());
    assertThrows(InvalidQueryException.class, () -> SearchPlan.of(
        SearchRequest.of("text:(智谱").withSyntax(QuerySyntax.LUCENE), Limits.DEFAULTS, null));
  }

  @Test
  void spellingCorrectionKeepsTheUsersLetterCase() {
    assertEquals("Tsinghua University is in 北京",
        SearchPlan.correctSpelling("Tsinghau Univeristy is in 北京",
            w -> switch (w) {
              case "tsinghau" -> "tsinghua";
              case "univeristy" -> "university";
              default -> null;
            }));
    assertEquals(null, SearchPlan.correctSpelling("Tsinghua 大学", w -> null));
    assertFalse(SearchPlan.of(SearchRequest.of("智谱"), Limits.DEFAULTS, null).isEmpty());
  }
}
