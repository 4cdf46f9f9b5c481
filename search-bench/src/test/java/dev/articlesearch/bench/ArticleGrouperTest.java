package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArticleGrouperTest {
  @Test
  void shortPagesShareAnArticleAndLongOnesAreCutAtOneHundred() {
    ArticleGrouper grouper = new ArticleGrouper("kernel-zh", SourceKind.CHINESE_DOCS);
    grouper.add("第一页", lines("甲", 30));
    grouper.add("第二页", lines("乙", 30));
    grouper.add("第三页", lines("丙", 130));
    grouper.add("第四页", lines("丁", 10));

    List<Article> articles = grouper.finish();

    assertEquals(List.of(60, 100, 40), articles.stream().map(a -> a.paragraphs().size()).toList());
    assertEquals(List.of("第一页", "第三页", "第三页"), articles.stream().map(Article::title).toList());
    assertEquals(List.of("kernel-zh-00001.txt", "kernel-zh-00002.txt", "kernel-zh-00003.txt"),
        articles.stream().map(Article::fileName).toList());
    assertEquals(200, grouper.paragraphs());
  }

  @Test
  void articleTextIsTitleSeparatorAndOneParagraphPerLine() {
    Article article = new Article("poetry", SourceKind.POETRY, 7, "全唐诗 3000",
        List.of("秦川雄帝宅，函谷壮皇居。", "绮殿千寻起，离宫百雉余。"));

    assertEquals("全唐诗 3000\n---\n秦川雄帝宅，函谷壮皇居。\n绮殿千寻起，离宫百雉余。\n", article.text());
  }

  private static List<String> lines(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "段落" + i).toList();
  }
}
