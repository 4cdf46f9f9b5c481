package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.highlight.ParagraphMatcher;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.query.QueryPlanner;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import dev.articlesearch.core.internal.suggest.Spelling;
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
 * A paragraph's matches, snippet and alias matches found by {@link ParagraphMatcher} from its text alone
 * are exactly the embedded engine's, for every hit of every judged query and of the queries below
 * on the seeds and the Chinese test corpus: what lets another engine return the same answers.
 */
class ParagraphMatcherTest {
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

  /** The checks and the plan every engine makes before anything runs. */
  private static QueryPlan plan(SearchRequest r, Limits limits, String aliasesCsv) {
    QueryPlanner.checkPaging(r, limits);
    return QueryPlanner.plan(r.query(), r.syntax(), r.fuzzy(), limits,
        aliasesCsv == null ? Aliases.NONE : Aliases.parse(Aliases.FILE_NAME, aliasesCsv));
  }

  @Test
  void matchesSnippetsAndAliasMatchesFromTheTextAloneAreTheEmbeddedOnes() throws IOException {
    int hits = 0;
    int withAliases = 0;
    for (SearchRequest r : requests()) {
      QueryPlan plan = plan(r, index.limits(), aliases);
      for (Hit h : index.search(r).hits()) {
        String where = r.query() + " → " + h.articleId() + "#" + h.paragraph();
        StoredParagraph stored = new StoredParagraph(-1, h.articleId(), h.paragraph(), h.title(),
            h.titleDerived(), h.text());
        ParagraphMatcher matcher = new ParagraphMatcher();
        MatchHighlighter.Matches mine =
            matcher.matches(plan.matchQuery(), List.of(stored), false)[0];
        assertEquals(h.matches(), mine.spans(), where);
        assertEquals(h.snippet(), MatchHighlighter.snippet(h.text(), mine, r.markup()), where);
        assertEquals(h.aliasMatches(), r.explain() ? aliasMatches(matcher, plan, stored) : List.of(),
            where);
        hits++;
        withAliases += h.aliasMatches().isEmpty() ? 0 : 1;
      }
    }
    assertTrue(hits > 500, "hits compared: " + hits);
    assertTrue(withAliases > 10, "hits with alias matches: " + withAliases);
  }

  private static List<AliasMatch> aliasMatches(ParagraphMatcher matcher, QueryPlan plan,
      StoredParagraph p) throws IOException {
    List<AliasMatch> out = new ArrayList<>();
    for (QueryPlan.AliasUse use : plan.aliasUses()) {
      for (int i = 0; i < use.others().size(); i++) {
        if (matcher.matches(use.otherQueries().get(i), p)) {
          out.add(new AliasMatch(use.typed(), use.others().get(i)));
        }
      }
    }
    return out;
  }

  @Test
  void wholeArticleMatchesAreTheHighlightCallsOnes() throws IOException {
    for (String q : List.of("智谱", "Zhipu AI", "\"清华大学\"", "模型 model")) {
      for (ArticleSummary a : index.articles()) {
        HighlightRequest r = HighlightRequest.of(q, a.id());
        QueryPlan plan = QueryPlanner.plan(r.query(), r.syntax(), false, index.limits(),
            Aliases.parse(Aliases.FILE_NAME, aliases));
        Optional<HighlightResult> embedded = index.highlight(r);
        for (HighlightResult.HighlightedParagraph p : embedded.orElseThrow().paragraphs()) {
          StoredParagraph stored = new StoredParagraph(-1, a.id(), p.number(), a.title(),
              a.titleDerived(), p.text());
          assertEquals(p.matches(), new ParagraphMatcher().matches(plan.matchQuery(),
              List.of(stored), true)[0].spans(), q + " in " + a.id() + "#" + p.number());
        }
      }
    }
  }

  @Test
  void tiersAreTheQueriesTheEmbeddedEngineRuns() {
    SearchRequest r = SearchRequest.of("智谱 清华大学").withArticles(List.of("zh_001"));
    assertEquals(index.queryTiers(r), plan(r, index.limits(), aliases)
        .tiers(QueryPlanner.articleFilter(r.articles())));
    assertTrue(plan(SearchRequest.of("  "), index.limits(), null).isEmpty());
  }

  @Test
  void limitsAreCheckedBeforeAnythingRuns() {
    Limits tight = Limits.DEFAULTS.withMaxQueryLength(5).withMaxWindow(20).withMaxContext(1);
    LimitExceededException length = assertThrows(LimitExceededException.class,
        () -> plan(SearchRequest.of("清华大学人工智能"), tight, null));
    assertEquals("max_query_length", length.limit());
    assertEquals("max_window", assertThrows(LimitExceededException.class,
        () -> plan(SearchRequest.of("智谱").withOffset(15).withLimit(10), tight, null)).limit());
    assertEquals("max_context", assertThrows(LimitExceededException.class,
        () -> plan(SearchRequest.of("智谱").withContext(2), tight, null)).limit());
    assertThrows(InvalidQueryException.class, () -> plan(
        SearchRequest.of("text:(智谱").withSyntax(QuerySyntax.LUCENE), Limits.DEFAULTS, null));
  }

  @Test
  void spellingCorrectionKeepsTheUsersLetterCase() throws IOException {
    assertEquals("Tsinghua University is in 北京",
        Spelling.correct("Tsinghau Univeristy is in 北京",
            w -> switch (w) {
              case "tsinghau" -> "tsinghua";
              case "univeristy" -> "university";
              default -> null;
            }));
    assertEquals(null, Spelling.correct("Tsinghua 大学", w -> null));
    assertFalse(plan(SearchRequest.of("智谱"), Limits.DEFAULTS, null).isEmpty());
  }
}
