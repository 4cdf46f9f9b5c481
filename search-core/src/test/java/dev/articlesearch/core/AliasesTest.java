package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static dev.articlesearch.core.TestIndexes.matched;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.corpus.Aliases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alias groups: one name, many spellings, read from the corpus folder's aliases.csv. */
class AliasesTest {
  private static final String ENTITY = "000_df9a3cfbf9da6c43";
  private static final String ZHIPU = "002_aaf58d43826c50b3";

  @Test
  void aGroupPerLineWithCommentsAndChineseCommas() {
    Aliases a = Aliases.parse("aliases.csv", "# companies\nZhipu, Zhizhu，智谱、Zhipu AI  # one\n\n");
    assertEquals(1, a.groups().size());
    assertEquals(List.of("Zhipu", "Zhizhu", "智谱", "Zhipu AI"),
        a.groups().get(0).stream().map(Aliases.Name::written).toList());
    assertEquals(List.of("zhipu", "ai"), a.groups().get(0).get(3).terms());
  }

  @Test
  void theLongestNameTheQueryWordsSpellFromAWordOnIsItsMatch() {
    Aliases a = Aliases.parse("aliases.csv", "Zhipu, Zhipu AI, 智谱\nTsinghua University, 清华\n");
    List<List<String>> zhipuAiModel = units("Zhipu", "AI", "model");
    assertArrayEquals(new int[] {2, 0, 1}, a.longestMatch(zhipuAiModel, 0), "Zhipu AI, not Zhipu");
    assertNull(a.longestMatch(zhipuAiModel, 1), "AI alone is no name");
    assertArrayEquals(new int[] {1, 0, 0}, a.longestMatch(units("Zhipu", "model"), 0));
    assertArrayEquals(new int[] {3, 1, 0}, a.longestMatch(units("在", "Tsinghua", "University"), 1));
    assertNull(a.longestMatch(units("Tsinghua", "model"), 0), "half a name is no name");
    assertArrayEquals(new int[] {1, 1, 1}, a.longestMatch(units("清华"), 0));
    assertArrayEquals(new int[] {2, 0, 2}, a.longestMatch(units("的", "智谱"), 1));
  }

  /** Each word as the query's analysis makes it: one unit of terms. */
  private static List<List<String>> units(String... words) {
    return java.util.Arrays.stream(words).map(w -> Aliases.Name.of(w).terms()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'Zhipu, Zhizhu\\nGLM, , ChatGLM'|aliases.csv line 2: an empty name (two commas in a row, or one at an end)",
        "'Zhipu, Zhizhu,'|aliases.csv line 1: an empty name (two commas in a row, or one at an end)",
        "'# c\\nZhipu'|aliases.csv line 2: a group needs at least two names that search differently (spellings that differ only in case, punctuation, width or traditional characters already find each other)",
        "'ChatGLM3-6B, ChatGLM3 6B'|aliases.csv line 1: a group needs at least two names that search differently (spellings that differ only in case, punctuation, width or traditional characters already find each other)",
        "'Zhipu AI, AI'|aliases.csv line 1: 'AI' is too common to be an alias: it would match nearly every paragraph",
        "'the, Zhipu'|aliases.csv line 1: 'the' is too common to be an alias: it would match nearly every paragraph",
        "'智谱, 智'|aliases.csv line 1: '智' is too common to be an alias: it would match nearly every paragraph",
      })
  void badLinesAreRefusedNamingTheLine(String text, String message) {
    CorpusException e = assertThrows(CorpusException.class,
        () -> Aliases.parse("aliases.csv", text.replace("\\n", "\n")));
    assertEquals(message, e.getMessage());
  }

  @Test
  void undecodableAliasFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("aliases.csv"), new byte[] {'Z', 'h', (byte) 0xFF, (byte) 0xFE, ','});
    CorpusException e = assertThrows(CorpusException.class, () -> Aliases.load(dir));
    assertEquals(dir.resolve("aliases.csv") + ": not valid UTF-8 (first bad byte at offset 2) nor GB18030",
        e.getMessage());
  }

  @Test
  void eachSpellingFindsTheParagraphsOfEveryOtherWithTheExactSpellingFirst(@TempDir Path dir) {
    try (ArticleIndex index = TestIndexes.build(TestIndexes.SEEDS, dir)) {
      SearchResult r = index.search(SearchRequest.of("Zhizhu").withLimit(100));
      List<String> articles = r.hits().stream().map(Hit::articleId).toList();
      int zhizhu = (int) articles.stream().filter(ENTITY::equals).count();
      assertEquals(3, zhizhu, "paragraphs 1, 2 and 4 of " + ENTITY + " say Zhizhu");
      assertEquals(List.of(ENTITY), articles.subList(0, zhizhu).stream().distinct().toList());
      assertTrue(articles.subList(zhizhu, articles.size()).stream().allMatch(ZHIPU::equals));
      assertEquals(r.total(), r.hits().size());
      assertEquals(3 + 29, r.total(), "and the 29 paragraphs of " + ZHIPU + " that say Zhipu");
      Hit zhipuHit = r.hits().get(zhizhu);
      // The alias as it stands in the text: "Zhipu AI" is a name of the group too.
      assertTrue(matched(zhipuHit).stream().allMatch(m -> m.equals("Zhipu") || m.equals("Zhipu AI")),
          matched(zhipuHit).toString());
      assertEquals(List.of("Zhizhu AI", "Zhizhu AI"), matched(r.hits().get(0)).subList(0, 2));

      // No paragraph of the seeds says 智谱AI: all match through an alias, equally, by article id.
      SearchResult chinese = index.search(SearchRequest.of("智谱AI").withLimit(100));
      assertEquals(3 + 29, chinese.total());
      assertEquals(List.of("Zhizhu AI"), matched(chinese.hits().get(0)).stream().distinct().toList());
      // The one paragraph with both words says Zhizhu: the alias puts it first.
      assertEquals(ENTITY + "#1", ids(index.search("Zhipu \"Entity List\"")).get(0));
    }
  }

  @Test
  void explainSaysWhichAliasOfWhichQueryWordAHitMatched(@TempDir Path dir) {
    try (ArticleIndex index = TestIndexes.build(TestIndexes.SEEDS, dir)) {
      SearchRequest zhipu = SearchRequest.of("Zhipu").withLimit(100).withArticles(List.of(ENTITY));
      Hit viaAlias = index.search(zhipu.withExplain(true)).hits().get(0);
      assertEquals(List.of(new AliasMatch("Zhipu", "Zhizhu"), new AliasMatch("Zhipu", "Zhizhu AI")),
          viaAlias.aliasMatches());
      assertEquals(List.of(), index.search(zhipu).hits().get(0).aliasMatches(), "only when asked");
      Hit chinese = index.search(SearchRequest.of("智谱 AI").withExplain(true)).hits().get(0);
      assertEquals(new AliasMatch("智谱 AI", "Zhizhu"), chinese.aliasMatches().get(0));
      Hit plain = index.search(SearchRequest.of("Midjourney").withExplain(true)).hits().get(0);
      assertEquals(List.of(), plain.aliasMatches());
    }
  }

  @Test
  void anEditedAliasFileAppliesWithoutARebuild(@TempDir Path dir) throws Exception {
    Path corpus = copyOfSeedArticles(dir);
    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    try (ArticleIndex live = ArticleIndex.open(dir.resolve("index"), Duration.ofMillis(50))) {
      {
        assertEquals(3, live.search(SearchRequest.of("Zhizhu").withLimit(100)).total());
        Files.writeString(corpus.resolve("aliases.csv"), "Zhizhu, Zhipu\n", StandardCharsets.UTF_8);
        long total = waitForTotal(live, "Zhizhu", t -> t > 3);
        assertEquals(3 + 29, total);
        // A bad edit keeps the last good aliases.
        Files.writeString(corpus.resolve("aliases.csv"), "Zhizhu, AI\n", StandardCharsets.UTF_8);
        Thread.sleep(300);
        assertEquals(total, live.search(SearchRequest.of("Zhizhu").withLimit(100)).total());
      }
    }
  }

  @Test
  void aBadAliasFileFailsTheRebuildAndTheOpenNamingTheLine(@TempDir Path dir) throws IOException {
    Path corpus = copyOfSeedArticles(dir);
    Files.writeString(corpus.resolve("aliases.csv"), "Zhipu, Zhizhu\nZhipu\n", StandardCharsets.UTF_8);
    CorpusException e = assertThrows(CorpusException.class,
        () -> ArticleIndex.rebuild(corpus, dir.resolve("index")));
    assertTrue(e.getMessage().startsWith(corpus.resolve("aliases.csv") + " line 2: a group needs"),
        e.getMessage());
    Files.writeString(corpus.resolve("aliases.csv"), "Zhipu, Zhizhu\n", StandardCharsets.UTF_8);
    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    Files.writeString(corpus.resolve("aliases.csv"), "Zhipu, , Zhizhu\n", StandardCharsets.UTF_8);
    CorpusException atOpen = assertThrows(CorpusException.class,
        () -> ArticleIndex.open(dir.resolve("index")));
    assertEquals(corpus.resolve("aliases.csv").toAbsolutePath().normalize()
        + " line 1: an empty name (two commas in a row, or one at an end)", atOpen.getMessage());
  }

  private static long waitForTotal(ArticleIndex index, String query, java.util.function.LongPredicate ok)
      throws InterruptedException {
    long total = -1;
    for (int i = 0; i < 100 && !ok.test(total); i++) {
      Thread.sleep(50);
      total = index.search(SearchRequest.of(query).withLimit(100)).total();
    }
    return total;
  }

  private static Path copyOfSeedArticles(Path dir) throws IOException {
    return TestIndexes.articlesOf(dir.resolve("corpus"), TestIndexes.SEEDS);
  }
}
