package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's side of search by meaning, with a small real embedder (CountingEmbedder) instead of
 * the models: vectors written and kept, the three modes through paging, grouping, filters and
 * context, hits saying who found them, and clear refusals. search-semantic tests the models.
 */
class SemanticSearchTest {
  @TempDir Path dir;

  private Path corpus() throws IOException {
    return TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
  }

  private ArticleIndex open(Path index, Embedder embedder) {
    return ArticleIndex.open(index, Duration.ofHours(1), TestIndexes.PATIENT, embedder);
  }

  @Test
  void rebuildStoresAVectorPerParagraphAndSaysByWhich() throws IOException {
    Path index = dir.resolve("index");
    CountingEmbedder embedder = new CountingEmbedder();
    RebuildReport report = ArticleIndex.rebuild(corpus(), index, p -> {}, embedder);
    assertEquals(report.paragraphs(), embedder.embedded.get());
    assertEquals(Optional.of("bigram-hash-64"), ArticleIndex.vectorsOf(index));
    try (ArticleIndex searcher = open(index, embedder)) {
      SearchResult r = searcher.search(SearchRequest.of("清华大学的研究团队").withMode(SearchMode.SEMANTIC)
          .withLimit(100));
      // Every paragraph has a vector; Chinese ones are in the Chinese space only.
      assertEquals(List.of("zh_001#1", "zh_001#2", "zh_001#3", "zh_002#1", "zh_002#2", "zh_002#3",
          "zh_003#1", "zh_003#2", "zh_003#3", "zh_004#1", "zh_004#2"),
          TestIndexes.ids(r).stream().sorted().toList());
      assertEquals("zh_002#1", TestIndexes.ids(r).get(0));
    }
    ArticleIndex.rebuild(dir.resolve("corpus"), dir.resolve("plain"));
    assertEquals(Optional.empty(), ArticleIndex.vectorsOf(dir.resolve("plain")));
  }

  @Test
  void aRebuildKeepsTheVectorsOfUnchangedParagraphsAndAnUpdateEmbedsOnlyChangedOnes()
      throws IOException {
    Path corpus = corpus();
    Path index = dir.resolve("index");
    ArticleIndex.rebuild(corpus, index, p -> {}, new CountingEmbedder());

    CountingEmbedder again = new CountingEmbedder();
    ArticleIndex.rebuild(corpus, index, p -> {}, again);
    assertEquals(0, again.embedded.get(), "a rebuild of the same text embeds nothing");

    Path zh = corpus.resolve("zh_002.txt");
    String text = Files.readString(zh);
    Files.writeString(zh, text.strip().replace("唐杰教授", "王伟教授") + "\n新的一段：这是补充说明。\n");
    CountingEmbedder update = new CountingEmbedder();
    UpdateReport r = ArticleIndex.update(corpus, index, p -> {}, update);
    assertEquals(1, r.changed());
    assertEquals(Set.of("论文的第一作者是清华大学的博士生李明，他的导师是王伟教授。", "新的一段：这是补充说明。"),
        new HashSet<>(update.texts), "the two paragraphs that changed, and no other");
    assertEquals(2, update.embedded.get());
    try (ArticleIndex searcher = open(index, update)) {
      SearchResult all = searcher.search(SearchRequest.of("补充说明").withMode(SearchMode.SEMANTIC)
          .withLimit(100));
      assertEquals(12, all.total(), "every Chinese paragraph still has its vector");
      assertEquals("zh_002#4", TestIndexes.ids(all).get(0));
    }
  }

  @Test
  void anIndexWithVectorsIsNotUpdatedWithoutItsEmbedderAndOneWithoutGetsThem() throws IOException {
    Path corpus = corpus();
    Path index = dir.resolve("index");
    ArticleIndex.rebuild(corpus, index, p -> {}, new CountingEmbedder());
    SearchException e = assertThrows(SearchException.class, () -> ArticleIndex.update(corpus, index));
    assertTrue(e.getMessage().contains("holds paragraph vectors (made by bigram-hash-64)"), e.getMessage());

    Path plain = dir.resolve("plain");
    ArticleIndex.rebuild(corpus, plain);
    CountingEmbedder embedder = new CountingEmbedder();
    UpdateReport r = ArticleIndex.update(corpus, plain, p -> {}, embedder);
    assertTrue(r.rebuilt());
    assertEquals(r.paragraphsAdded(), embedder.embedded.get());
    assertEquals(Optional.of("bigram-hash-64"), ArticleIndex.vectorsOf(plain));
  }

  @Test
  void semanticAndHybridAreRefusedNamingWhatIsMissing() throws IOException {
    Path corpus = corpus();
    ArticleIndex.rebuild(corpus, dir.resolve("plain"));
    ArticleIndex.rebuild(corpus, dir.resolve("vectors"), p -> {}, new CountingEmbedder());
    try (ArticleIndex noEmbedder = TestIndexes.build(corpus, dir.resolve("plain2"))) {
      ModeUnavailableException e = assertThrows(ModeUnavailableException.class,
          () -> noEmbedder.search(SearchRequest.of("GLM").withMode(SearchMode.HYBRID)));
      assertEquals("Search mode 'hybrid' is not available: the index is served without an"
          + " embedder: add the search-semantic module (bin/search-server --semantic)", e.getMessage());
      assertEquals(noEmbedder.search("GLM").hits(), noEmbedder.search(SearchRequest.of("GLM")
          .withMode(SearchMode.KEYWORD)).hits());
    }
    try (ArticleIndex noVectors = open(dir.resolve("plain"), new CountingEmbedder())) {
      ModeUnavailableException e = assertThrows(ModeUnavailableException.class,
          () -> noVectors.search(SearchRequest.of("GLM").withMode(SearchMode.SEMANTIC)));
      assertTrue(e.getMessage().startsWith("Search mode 'semantic' is not available: the index in "
          + dir.resolve("plain") + " has no paragraph vectors"), e.getMessage());
      assertEquals(6, noVectors.search("GLM").hits().size(), "keyword search is unaffected");
    }
    try (ArticleIndex other = open(dir.resolve("vectors"), new CountingEmbedder("another-model"))) {
      ModeUnavailableException e = assertThrows(ModeUnavailableException.class,
          () -> other.search(SearchRequest.of("GLM").withMode(SearchMode.SEMANTIC)));
      assertTrue(e.getMessage().contains("were made by bigram-hash-64, the embedder loaded is"
          + " another-model"), e.getMessage());
    }
  }

  /**
   * Related paragraphs by meaning are the paragraphs nearest the paragraph's own vector, in its
   * space, most similar first (computed here by brute force over every paragraph); keyword is
   * today's list; hybrid draws on both; without vectors the modes are refused as in a search.
   */
  @Test
  void relatedByMeaningIsTheNearestParagraphsInItsOwnSpace() throws IOException {
    Path index = dir.resolve("index");
    CountingEmbedder embedder = new CountingEmbedder();
    ArticleIndex.rebuild(corpus(), index, p -> {}, embedder);
    try (ArticleIndex searcher = open(index, embedder)) {
      String self = searcher.article("zh_002").orElseThrow().paragraphs().get(0).text();
      float[] v = embedder.embedQuery(self).get(0).values();
      List<String[]> others = new ArrayList<>(); // id, similarity
      List<String[]> same = new ArrayList<>();
      for (ArticleSummary a : searcher.articles()) {
        for (Paragraph p : searcher.article(a.id()).orElseThrow().paragraphs()) {
          Embedder.Vector w = embedder.embedQuery(p.text()).get(0);
          if (!w.space().equals("zh") || a.id().equals("zh_002") && p.number() == 1) {
            continue; // another space, or the paragraph itself
          }
          double dot = 0;
          for (int i = 0; i < v.length; i++) {
            dot += v[i] * w.values()[i];
          }
          String[] row = {a.id() + "#" + p.number(), String.valueOf(dot)};
          (a.id().equals("zh_002") ? same : others).add(row);
        }
      }
      java.util.Comparator<String[]> nearest =
          java.util.Comparator.comparingDouble((String[] r) -> -Double.parseDouble(r[1]));
      others.sort(nearest);
      same.sort(nearest);

      Related semantic = searcher.related("zh_002", 1, 5, SearchMode.SEMANTIC).orElseThrow();
      assertEquals(others.stream().limit(5).map(r -> r[0]).toList(), ids(semantic.otherArticles()));
      assertEquals(same.stream().map(r -> r[0]).toList(), ids(semantic.sameArticle()));
      for (int i = 1; i < semantic.otherArticles().size(); i++) {
        assertTrue(semantic.otherArticles().get(i - 1).score()
            >= semantic.otherArticles().get(i).score(), "most similar first");
      }

      Related keyword = searcher.related("zh_002", 1, 5, SearchMode.KEYWORD).orElseThrow();
      assertEquals(searcher.related("zh_002", 1, 5).orElseThrow(), keyword);
      Related hybrid = searcher.related("zh_002", 1, 5, SearchMode.HYBRID).orElseThrow();
      Set<String> either = new HashSet<>(ids(searcher.related("zh_002", 1, 20, SearchMode.KEYWORD)
          .orElseThrow().otherArticles()));
      either.addAll(others.stream().map(r -> r[0]).toList());
      assertFalse(hybrid.otherArticles().isEmpty());
      assertTrue(either.containsAll(ids(hybrid.otherArticles())), ids(hybrid.otherArticles())
          + " not all found by words or by meaning");
      assertEquals(Optional.empty(), searcher.related("zh_002", 9, 5, SearchMode.SEMANTIC));
    }
    try (ArticleIndex noEmbedder = TestIndexes.build(dir.resolve("corpus"), dir.resolve("plain"))) {
      assertThrows(ModeUnavailableException.class,
          () -> noEmbedder.related("zh_002", 1, 5, SearchMode.SEMANTIC));
      assertThrows(ModeUnavailableException.class,
          () -> noEmbedder.related("zh_002", 1, 5, SearchMode.HYBRID));
    }
  }

  private static List<String> ids(List<Related.RelatedParagraph> related) {
    return related.stream().map(r -> r.articleId() + "#" + r.paragraph()).toList();
  }

  @Test
  void hitsSayWhoFoundThemAndOnlyKeywordHitsAreMarked() throws IOException {
    Path index = dir.resolve("index");
    CountingEmbedder embedder = new CountingEmbedder();
    ArticleIndex.rebuild(corpus(), index, p -> {}, embedder);
    try (ArticleIndex searcher = open(index, embedder)) {
      SearchResult semantic = searcher.search(SearchRequest.of("GLM-4 context window")
          .withMode(SearchMode.SEMANTIC).withExplain(true));
      assertEquals(10, semantic.hits().size());
      for (Hit h : semantic.hits()) {
        assertEquals(List.of(SearchMode.SEMANTIC), h.foundBy());
        assertEquals(List.of(), h.matches());
        assertFalse(h.snippet().contains("<mark>"), h.snippet());
      }
      // The query is English: only the 56 English paragraphs are in its space.
      assertEquals(56, semantic.total());

      SearchResult hybrid = searcher.search(SearchRequest.of("GLM-4 context window")
          .withMode(SearchMode.HYBRID).withExplain(true).withLimit(100));
      Set<List<SearchMode>> kinds = new HashSet<>();
      for (Hit h : hybrid.hits()) {
        kinds.add(h.foundBy());
        if (h.foundBy().contains(SearchMode.KEYWORD)) {
          assertFalse(h.matches().isEmpty(), h.articleId() + "#" + h.paragraph());
        } else {
          assertEquals(List.of(), h.matches());
          assertFalse(h.snippet().contains("<mark>"));
        }
      }
      assertEquals(Set.of(List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC),
          List.of(SearchMode.SEMANTIC), List.of(SearchMode.KEYWORD)), kinds);
      // Found by both ranks first: 1/(60+1) + 1/(60+r) beats either alone.
      assertEquals(List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC), hybrid.hits().get(0).foundBy());
      SearchResult quiet = searcher.search(SearchRequest.of("GLM-4 context window")
          .withMode(SearchMode.HYBRID));
      assertTrue(quiet.hits().stream().allMatch(h -> h.foundBy().isEmpty()), "only with explain");
    }
  }

  @Test
  void pagingGroupingFiltersAndContextWorkInEveryMode() throws IOException {
    Path index = dir.resolve("index");
    CountingEmbedder embedder = new CountingEmbedder();
    ArticleIndex.rebuild(corpus(), index, p -> {}, embedder);
    try (ArticleIndex searcher = open(index, embedder)) {
      for (SearchMode mode : SearchMode.values()) {
        SearchRequest q = SearchRequest.of("Zhipu AI large model financing").withMode(mode);
        List<String> whole = TestIndexes.ids(searcher.search(q.withLimit(30)));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 30; offset += 7) {
          paged.addAll(TestIndexes.ids(searcher.search(q.withOffset(offset).withLimit(Math.min(7, 30 - offset)))));
        }
        assertEquals(whole, paged, mode + ": pages are slices of one ranking");

        SearchResult grouped = searcher.search(q.withGroupByArticle(true).withLimit(100));
        List<String> articles = grouped.hits().stream().map(Hit::articleId).toList();
        assertEquals(articles.size(), new HashSet<>(articles).size(), mode + ": each article once");
        assertEquals(articles.size(), grouped.total(), mode.name());

        SearchResult filtered = searcher.search(q.withArticles(List.of("000_df9a3cfbf9da6c43"))
            .withLimit(100));
        assertFalse(filtered.hits().isEmpty(), mode.name());
        assertTrue(filtered.hits().stream().allMatch(h -> h.articleId().equals("000_df9a3cfbf9da6c43")),
            mode + ": the article filter holds");

        Hit withContext = searcher.search(q.withContext(1).withArticles(List.of("000_df9a3cfbf9da6c43"))
            .withLimit(1)).hits().get(0);
        int n = withContext.paragraph();
        assertEquals(n > 1 ? List.of(n - 1) : List.of(),
            withContext.before().stream().map(Paragraph::number).toList(), mode.name());
        assertEquals(n < 6 ? List.of(n + 1) : List.of(),
            withContext.after().stream().map(Paragraph::number).toList(), mode.name());
      }
    }
  }
}
