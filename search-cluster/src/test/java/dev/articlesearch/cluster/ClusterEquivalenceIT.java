package dev.articlesearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.HighlightRequest;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.Markup;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.Related;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.opensearch.OpenSearchCluster;
import dev.articlesearch.opensearch.OpenSearchCluster.Cluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster engine gives the embedded engine's answers on the same corpus: the seeds and the
 * Chinese test corpus (with the seeds' alias file), indexed by {@link ClusterIndexer} into three
 * primary shards (one per node) with one replica each, and by {@link ArticleIndex#rebuild} into a
 * folder. For every judged query and the seed queries, in several request shapes: the same top 10
 * in the same order, the same totals, and for every hit both return, the same spans, snippet,
 * context and alias matches. Prints the overlap and every difference.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterEquivalenceIT {
  static final String ALIAS = "equivalence";

  /** Patient: these tests are about answers, on a machine running three nodes. */
  static final Limits LIMITS = Limits.DEFAULTS.withTimeout(Duration.ofSeconds(30));

  /** Queries the other tests and the README use on the seeds, in both languages and syntaxes. */
  static final List<String> SEED_QUERIES = List.of(
      "ChatGLM3-6B", "智谱", "智譜", "Zhipu AI", "zhipu", "清华大学", "清華大學", "Tsinghua University",
      "\"Tsinghua University\"", "GLM-4", "大模型", "Midjourney", "智谱 -模型", "\"清华大学\" 研究",
      "ＧＬＭ", "智谱AI 大模型 开源", "GPT-4 benchmark", "人工智能", "open source model",
      "Univeristy", "Tsinghau", "chatglm", "the", "的");

  static final List<String> LUCENE_QUERIES = List.of(
      "zhipu OR tsinghua", "model*", "text:\"large language\"~2", "title:zhipu", "paragraph:3",
      "智谱 AND NOT 模型", "chat?lm*", "text:[a TO b]");

  @TempDir static Path dir;
  /**
   * Whether the cluster index holds no deleted paragraph, as after a rebuild: then its scores,
   * and so its order and related paragraphs, are the embedded ones. An updated index's deleted
   * paragraphs still count in BM25's statistics (ClusterUpdateEquivalenceIT).
   */
  static boolean noDeletedParagraphs = true;
  static ArticleIndex embedded;
  static ClusterSearch cluster;
  static ClusterIndexer.Result built;

  @BeforeAll
  static void index(Cluster opensearch, TestInfo test) throws IOException {
    if (test.getTestClass().orElseThrow() != ClusterEquivalenceIT.class) {
      return; // a subclass indexes otherwise
    }
    noDeletedParagraphs = true;
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS, TestCorpora.CHINESE);
    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    embedded = ArticleIndex.open(dir.resolve("index"), LIMITS);
    long started = System.nanoTime();
    built = ClusterIndexer.rebuild(corpus, new ClusterIndexer.Target(opensearch.nodeUris(), ALIAS,
        3, 1, Duration.ZERO), p -> {});
    System.out.printf(Locale.ROOT, "Cluster index %s: %d shards, %d replica(s), %d paragraphs,"
        + " rebuilt in %d ms%n", built.index(), built.shards(), built.replicas(),
        built.report().paragraphs(), (System.nanoTime() - started) / 1_000_000);
    cluster = ClusterSearch.open(opensearch.nodeUris(), ALIAS, LIMITS);
  }

  @AfterAll
  static void close() {
    if (cluster != null) {
      cluster.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  static List<SearchRequest> requests() throws IOException {
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "eval", "judgments.tsv"))) {
      String[] cols = line.split("\t");
      if (!line.startsWith("#") && cols.length >= 3 && !cols[0].equals("group")) {
        queries.add(cols[1]);
      }
    }
    queries.addAll(SEED_QUERIES);
    List<SearchRequest> out = new ArrayList<>();
    for (String q : queries.stream().distinct().toList()) {
      out.add(SearchRequest.of(q).withExplain(true));
    }
    for (String q : LUCENE_QUERIES) {
      out.add(SearchRequest.of(q).withSyntax(QuerySyntax.LUCENE));
    }
    // Other shapes, on a sample: paging, grouping, context, fuzzy, a filter, other markup.
    for (String q : List.of("Zhipu AI", "智谱", "清华大学", "model", "大模型", "Tsinghau")) {
      out.add(SearchRequest.of(q).withOffset(10).withLimit(20));
      out.add(SearchRequest.of(q).withGroupByArticle(true).withLimit(5));
      out.add(SearchRequest.of(q).withContext(2).withMarkup(new Markup("<b>", "</b>")));
      out.add(SearchRequest.of(q).withFuzzy(true));
      out.add(SearchRequest.of(q).withArticles(List.of("zh_001", "002_aaf58d43826c50b3")));
    }
    return out;
  }

  @Test
  void searchesGiveTheEmbeddedAnswers() throws IOException {
    List<SearchRequest> requests = requests();
    int sameTop = 0;
    int sameTotals = 0;
    int comparedHits = 0;
    int sameHits = 0;
    int sameDidYouMean = 0;
    double worstScore = 0;
    String worstScoreAt = "";
    java.util.TreeMap<Double, String> scoreDifferences = new java.util.TreeMap<>();
    List<String> differences = new ArrayList<>();
    long embeddedNanos = 0;
    long clusterNanos = 0;
    for (SearchRequest r : requests) {
      long t0 = System.nanoTime();
      SearchResult mine = embedded.search(r);
      long t1 = System.nanoTime();
      SearchResult theirs = cluster.search(r);
      clusterNanos += System.nanoTime() - t1;
      embeddedNanos += t1 - t0;
      String what = r.query() + " [" + shape(r) + "]";
      if (ids(mine).equals(ids(theirs))) {
        sameTop++;
      } else {
        differences.add("top: " + what + "\n  embedded " + ids(mine) + "\n  cluster  " + ids(theirs));
      }
      if (mine.total() == theirs.total() && mine.totalExact() == theirs.totalExact()) {
        sameTotals++;
      } else {
        differences.add("total: " + what + " embedded " + mine.total() + "/" + mine.totalExact()
            + ", cluster " + theirs.total() + "/" + theirs.totalExact());
      }
      if (Objects.equals(mine.didYouMean(), theirs.didYouMean())) {
        sameDidYouMean++;
      } else {
        differences.add("did you mean: " + what + " embedded " + mine.didYouMean()
            + ", cluster " + theirs.didYouMean());
      }
      for (Hit a : mine.hits()) {
        for (Hit b : theirs.hits()) {
          if (a.articleId().equals(b.articleId()) && a.paragraph() == b.paragraph()) {
            comparedHits++;
            double diff = Math.abs(a.score() - b.score()) / Math.max(1e-9, a.score());
            if (diff > 1e-6) {
              scoreDifferences.put(diff, what + " " + a.articleId() + "#" + a.paragraph()
                  + ": embedded " + a.score() + ", cluster " + b.score());
            }
            if (diff > worstScore) {
              worstScore = diff;
              worstScoreAt = what + " " + a.articleId() + "#" + a.paragraph() + ": embedded "
                  + a.score() + ", cluster " + b.score();
            }
            Hit scoreless = new Hit(b.articleId(), b.title(), b.titleDerived(), b.paragraph(),
                a.score(), b.text(), b.snippet(), b.matches(), b.before(), b.after(),
                b.otherParagraphs(), b.aliasMatches(), b.foundBy());
            if (a.equals(scoreless)) {
              sameHits++;
            } else {
              differences.add("hit: " + what + " " + a.articleId() + "#" + a.paragraph()
                  + "\n  embedded " + a + "\n  cluster  " + b);
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "Cluster equivalence: %d requests; top-%s identical (ids, order)"
        + " for %d (%.1f%%); totals identical for %d; did-you-mean identical for %d; %d hits in"
        + " both, %d identical (text, title, spans, snippet, context, other paragraphs, alias"
        + " matches); largest relative score difference %.2e (%s); time embedded %d ms,"
        + " cluster %d ms%n",
        requests.size(), "10", sameTop, 100.0 * sameTop / requests.size(), sameTotals,
        sameDidYouMean, comparedHits, sameHits, worstScore, worstScoreAt, embeddedNanos / 1_000_000,
        clusterNanos / 1_000_000);
    differences.forEach(d -> System.out.println("DIFFERENCE " + d));
    System.out.printf(Locale.ROOT, "Scores differing by more than 1e-6 (relative): %d of %d hits;"
        + " the largest:%n", scoreDifferences.size(), comparedHits);
    scoreDifferences.descendingMap().entrySet().stream().limit(8).forEach(e -> System.out.printf(
        Locale.ROOT, "  %.3e %s%n", e.getKey(), e.getValue()));
    if (noDeletedParagraphs) {
      assertTrue(sameTop >= 0.95 * requests.size(), sameTop + " of " + requests.size()
          + " identical top 10s; differences:\n" + String.join("\n", differences));
    }
    assertEquals(requests.size(), sameTotals, "totals:\n" + String.join("\n", differences));
    assertEquals(comparedHits, sameHits, "hits that differ:\n" + String.join("\n", differences));
    assertTrue(comparedHits > 500, "hits compared: " + comparedHits);
    // Scores equal too: both engines run BM25 on the same terms with the whole index's statistics.
    assertTrue(!noDeletedParagraphs || worstScore <= 1e-5, "largest relative score difference " + worstScore + ": "
        + worstScoreAt);
  }

  @Test
  void articlesArticleStatsAndHighlightAreTheEmbeddedOnes() {
    assertEquals(embedded.articles(), cluster.articles());
    assertEquals(embedded.stats().articles(), cluster.stats().articles());
    assertEquals(embedded.stats().paragraphs(), cluster.stats().paragraphs());
    IndexStats stats = cluster.stats();
    assertTrue(stats.committedAt() != null);
    // From the index's _stats: its primaries hold the paragraphs in one segment or more.
    assertTrue(stats.segments() >= 1, stats.toString());
    assertTrue(stats.sizeInBytes() > 0, stats.toString());
    for (var a : embedded.articles()) {
      assertEquals(embedded.article(a.id()), cluster.article(a.id()), a.id());
      for (String q : List.of("智谱", "Zhipu AI", "\"清华大学\"", "模型 model")) {
        HighlightRequest r = HighlightRequest.of(q, a.id());
        assertEquals(embedded.highlight(r), cluster.highlight(r), q + " in " + a.id());
        assertEquals(embedded.highlight(r.withParagraph(2)), cluster.highlight(r.withParagraph(2)));
      }
    }
    assertEquals(embedded.article("nope"), cluster.article("nope"));
    assertEquals(embedded.highlight(HighlightRequest.of("智谱", "nope")),
        cluster.highlight(HighlightRequest.of("智谱", "nope")));
  }

  @Test
  void suggestionsAreTheEmbeddedOnes() {
    int same = 0;
    List<String> prefixes = List.of("智", "清华", "tsinghua u", "Zhi", "chat", "大", "模", "glm",
        "open", "m", "智譜", "ＧＬ", "t", "the");
    List<String> differences = new ArrayList<>();
    for (String p : prefixes) {
      var mine = embedded.suggest(p, 10);
      var theirs = cluster.suggest(p, 10);
      if (mine.equals(theirs)) {
        same++;
      } else {
        differences.add(p + ": embedded " + mine + ", cluster " + theirs);
      }
    }
    System.out.printf(Locale.ROOT, "Suggestions identical for %d of %d prefixes%n", same,
        prefixes.size());
    differences.forEach(d -> System.out.println("DIFFERENCE suggest " + d));
    assertEquals(prefixes.size(), same, String.join("\n", differences));
  }

  @Test
  void relatedParagraphsAreTheEmbeddedOnes() {
    int lists = 0;
    int same = 0;
    List<String> differences = new ArrayList<>();
    for (var a : embedded.articles()) {
      for (int p = 1; p <= a.paragraphs(); p++) {
        Related mine = embedded.related(a.id(), p, 5).orElseThrow();
        Related theirs = cluster.related(a.id(), p, 5).orElseThrow();
        lists += 2;
        for (var pair : List.of(List.of(mine.otherArticles(), theirs.otherArticles()),
            List.of(mine.sameArticle(), theirs.sameArticle()))) {
          List<String> m = pair.get(0).stream().map(x -> x.articleId() + "#" + x.paragraph()
              + " " + x.title() + " " + x.text().hashCode()).toList();
          List<String> t = pair.get(1).stream().map(x -> x.articleId() + "#" + x.paragraph()
              + " " + x.title() + " " + x.text().hashCode()).toList();
          if (m.equals(t)) {
            same++;
          } else {
            differences.add(a.id() + "#" + p + ": embedded " + m + ", cluster " + t);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "Related: %d of %d lists identical (ids, order, titles, texts)%n",
        same, lists);
    differences.forEach(d -> System.out.println("DIFFERENCE related " + d));
    if (noDeletedParagraphs) {
      assertEquals(lists, same, String.join("\n", differences));
    }
    assertTrue(cluster.related("nope", 1, 5).isEmpty());
    assertTrue(cluster.related("zh_001", 999, 5).isEmpty());
  }

  /** As the README shows it: the engine chosen by settings, not code. */
  @Test
  void openedBySettingsAsTheReadmeShows(Cluster opensearch) {
    String urls = String.join(",", opensearch.nodeUris().stream().map(URI::toString).toList());
    try (ArticleSearch search = ArticleSearch.open(Map.of("backend", "opensearch",
        "opensearch.urls", urls, "opensearch.index", ALIAS, "timeout_ms", "20000"))) {
      SearchResult result = search.search(SearchRequest.of("智谱 清华大学"));
      SearchResult mine = embedded.search(SearchRequest.of("智谱 清华大学"));
      if (noDeletedParagraphs) {
        assertEquals(ids(mine), ids(result));
      }
      assertEquals(mine.total(), result.total());
      assertEquals("opensearch " + opensearch.nodeUris().get(0) + " (+2 more) index " + ALIAS,
          search.source());
    }
  }

  private static List<String> ids(SearchResult r) {
    return r.hits().stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
  }

  private static String shape(SearchRequest r) {
    return r.syntax() + (r.offset() > 0 ? " offset " + r.offset() : "")
        + (r.groupByArticle() ? " grouped" : "") + (r.context() > 0 ? " context " + r.context() : "")
        + (r.fuzzy() ? " fuzzy" : "") + (r.articles().isEmpty() ? "" : " in " + r.articles());
  }
}
