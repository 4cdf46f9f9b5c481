package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static dev.articlesearch.core.TestIndexes.matched;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simplified-Chinese articles mixing English names and numbers, with exact hits and offsets. */
class ChineseCorpusTest {
  @TempDir static Path dir;
  static ArticleIndex index;

  @BeforeAll
  static void build() {
    index = TestIndexes.build(TestIndexes.CHINESE, dir);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void unknownWordMatchesOnlyWhereItsCharactersStandTogether() {
    // smartcn splits 智谱 into 智 and 谱; zh_003 has 智 (智能) and 谱 (家谱) apart and must not match.
    SearchResult r = index.search("智谱");
    assertEquals(List.of("zh_001#2", "zh_001#1"), ids(r));
    assertEquals(List.of(new Span(0, 2)), r.hits().get(0).matches());
    assertEquals(List.of(new Span(11, 13)), r.hits().get(1).matches());
    assertEquals(
        "2024年1月16日，<mark>智谱</mark>AI在北京发布了新一代基座大模型GLM-4，整体性能比上一代提升近60%。",
        r.hits().get(1).snippet());
  }

  @Test
  void wordInsideALongerDictionaryWordIsFoundThroughBigrams() {
    // smartcn keeps 清华大学 as one word; 大学 is found in it all the same.
    SearchResult r = index.search("大学");
    assertEquals(List.of("zh_002#3", "zh_002#1"), ids(r));
    assertEquals(List.of(new Span(10, 12)), r.hits().get(0).matches());
    assertEquals(List.of("大学"), matched(r.hits().get(1)));
    assertEquals(List.of("zh_003#1"), ids(index.search("简单")));
  }

  @Test
  void wholeDictionaryWordMatchesAsOneSpan() {
    SearchResult r = index.search("清华大学");
    assertEquals(List.of("zh_002#3", "zh_002#1"), ids(r));
    assertEquals(List.of(new Span(8, 12)), r.hits().get(0).matches());
  }

  @Test
  void fullWidthAndHalfWidthLettersFindEachOther() {
    List<String> expected = List.of("zh_003#3", "zh_001#2", "zh_001#1");
    assertEquals(expected, ids(index.search("GLM")));
    assertEquals(expected, ids(index.search("ＧＬＭ")));
    assertEquals(List.of("ＧＬＭ"), matched(index.search("glm").hits().get(0)));
  }

  @Test
  void emojiIsOneSearchableToken() {
    SearchResult r = index.search("🎉");
    assertEquals(List.of("zh_004#1"), ids(r));
    assertEquals(List.of(new Span(9, 11)), r.hits().get(0).matches());
  }

  @Test
  void quotedChinesePhraseIsOneSpan() {
    SearchResult r = index.search("“人工智能的下一个十年”");
    assertEquals(List.of("zh_004#2"), ids(r));
    assertEquals(List.of("人工智能的下一个十年"), matched(r.hits().get(0)));
    assertEquals(
        "主持人用“<mark>人工智能的下一个十年</mark>”作为开场白，引来一阵掌声。", r.hits().get(0).snippet());
  }

  @Test
  void identifiersInChineseTextAreFoundAsWritten() {
    assertEquals(List.of("zh_001#3"), ids(index.search("ChatGLM3-6B")));
    assertEquals(List.of("zh_003#3"), ids(index.search("Qwen-14B")));
    assertEquals(List.of("ChatGLM3-6B"), matched(index.search("chatglm3-6b").hits().get(0)));
  }

  @Test
  void orAndExclusionWorkOnChineseWords() {
    assertEquals(List.of("zh_002#3", "zh_001#2"), ids(index.search("张鹏 OR 唐杰")));
    assertEquals(List.of(), ids(index.search("智谱 -GLM-4")));
    assertEquals(List.of("zh_001#2"), ids(index.search("智谱 -北京")));
  }

  @Test
  void mixedChineseAndEnglishQueryRanksParagraphsWithBothFirst() {
    SearchResult r = index.search(SearchRequest.of("清华大学 Tsinghua").withLimit(10));
    assertEquals(List.of("zh_002#3", "zh_002#1", "zh_004#1"), ids(r));
  }

  @Test
  void traditionalCharactersFindSimplifiedText() {
    assertEquals(ids(index.search("智谱")), ids(index.search("智譜")));
    SearchResult r = index.search("清華大學");
    assertEquals(List.of("zh_002#3", "zh_002#1"), ids(r));
    assertEquals(List.of("清华大学"), matched(r.hits().get(0)));
    assertEquals(List.of("zh_002#1"), ids(index.search("\"研究團隊\"")));
  }

  @Test
  void simplifiedQueryFindsTraditionalTextAndMarksItAsWritten(@TempDir Path tmp)
      throws java.io.IOException {
    Path corpus = java.nio.file.Files.createDirectories(tmp.resolve("corpus"));
    java.nio.file.Files.writeString(corpus.resolve("hk.txt"), "智譜發布新模型\n-\n清華大學團隊表示，智譜的開源模型下載量超過一千萬。\n");
    try (ArticleIndex traditional = TestIndexes.build(corpus, tmp.resolve("index"))) {
      SearchResult r = traditional.search("清华大学 智谱");
      assertEquals(List.of("hk#1"), ids(r));
      assertEquals(List.of("清華大學", "智譜"), matched(r.hits().get(0)));
      assertEquals("<mark>清華大學</mark>團隊表示，<mark>智譜</mark>的開源模型下載量超過一千萬。",
          r.hits().get(0).snippet());
      assertEquals("智譜發布新模型", traditional.article("hk").orElseThrow().title());
    }
  }

  @Test
  void derivedChineseTitleIsTheFirstSentence() {
    Article a = index.article("zh_002").orElseThrow();
    assertEquals("清华大学计算机系的研究团队近日发表论文，介绍了一种新的中文分词方法", a.title());
    assertEquals(true, a.titleDerived());
    assertEquals("开源工具评测：安装简单，文档齐全", index.article("zh_003").orElseThrow().title());
  }
}
