package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suggest as you type: words and two-word phrases of the articles, most frequent first. */
class SuggestTest {
  @TempDir static Path dir;
  static ArticleIndex index;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = TestIndexes.articlesOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    index = TestIndexes.build(corpus, dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  private static List<String> texts(String prefix, int limit) {
    return index.suggest(prefix, limit).stream().map(Suggestion::text).toList();
  }

  @Test
  void chinesePrefixesCompleteToWholeWords() {
    // 智谱 is not in smartcn's dictionary: the phrase 智+谱 is one entry all the same.
    assertEquals(new Suggestion("智谱", 2), index.suggest("智", 3).get(0));
    assertEquals(new Suggestion("清华大学", 2), index.suggest("清华", 3).get(0));
    assertEquals(List.of("智谱"), texts("智譜", 3)); // traditional prefix, simplified suggestion
  }

  @Test
  void englishPrefixesCompleteToWordsAndPhrasesByFrequency() {
    assertEquals(List.of("tsinghua", "tsinghua university", "tsinghua innovation"), texts("Tsing", 5));
    assertEquals(List.of("tsinghua university"), texts("tsinghua u", 5));
    List<Suggestion> large = index.suggest("large m", 2);
    assertEquals(List.of(new Suggestion("large model", 21), new Suggestion("large models", 14)), large);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "Tsinghua Univeristy|Tsinghua University",
        "Entitty List|Entity List",
        "ChatGML|ChatGLM",
        "Zhipuu financing|Zhipu financing",
        "ALIBBA|ALIBABA",
      })
  void misspeltQueriesGetADidYouMeanFromTheArticlesOwnWords(String query, String suggestion) {
    assertEquals(suggestion, index.search(query).didYouMean());
  }

  @Test
  void correctAndChineseQueriesGetNoDidYouMean() {
    assertEquals(null, index.search("Tsinghua University").didYouMean());
    assertEquals(null, index.search("智谱").didYouMean());
    assertEquals(null, index.search("智普").didYouMean(), "Chinese is not corrected");
    assertEquals(null, index.search(SearchRequest.of("Entitty").withSyntax(QuerySyntax.LUCENE)).didYouMean());
  }

  @Test
  void nothingToCompleteGivesNoSuggestions() {
    assertEquals(List.of(), texts("zzzq", 5));
    assertEquals(List.of(), texts("  ", 5));
    assertEquals(List.of(), texts("智谱", 5)); // the whole word, nothing longer
    assertEquals("Parameter 'limit' must be between 1 and 20, was 21",
        assertThrows(IllegalArgumentException.class, () -> index.suggest("a", 21)).getMessage());
  }

  /** The automaton's build sorts the vocabulary in a temporary folder on disk, then removes it. */
  @Test
  void buildingTheSuggestionsLeavesNoSortFilesBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = sortFolders(tmp);
    Path corpus = TestIndexes.articlesOf(dir.resolve("corpus-sort"), TestIndexes.CHINESE);
    try (ArticleIndex other = TestIndexes.build(corpus, dir.resolve("index-sort"))) {
      assertEquals(new Suggestion("清华大学", 2), other.suggest("清华", 3).get(0));
    }
    // Closing stops a build on the refresh thread, which then removes its folder.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    // (Another index's build may be running meanwhile: only folders made since may not stay.)
    while (!before.containsAll(sortFolders(tmp)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Path> left = sortFolders(tmp).stream().filter(p -> !before.contains(p)).toList();
    assertEquals(List.of(), left);
  }

  private static List<Path> sortFolders(Path tmp) throws IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("article-search-suggest")).sorted().toList();
    }
  }
}
