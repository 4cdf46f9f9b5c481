package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParagraphFilterTest {
  @Test
  void shortLetterlessAndRepeatedParagraphsAreDropped() {
    ParagraphFilter filter = new ParagraphFilter();

    assertEquals(List.of("两个 空格和换行 kept", "See also the list"),
        filter.accept(List.of("　两个  空格\n和换行 kept", "短句子。", "12345678 90",
            "See also the list", "两个 空格和换行 kept")));
    assertEquals(List.of(), filter.accept(List.of("See also the list")));
  }

  @Test
  void lineBreakBetweenChineseCharactersIsDroppedAndElsewhereIsASpace() {
    assertEquals("以动态方式分配。", ParagraphFilter.normalize("以动态方式分\n配。"));
    assertEquals("显示 ctime 并按照名称排序，然后",
        ParagraphFilter.normalize("显示 ctime\n并按照名称排序，\n然后"));
    assertEquals("分 配 kept", ParagraphFilter.normalize(" 分 配\tkept\r\n"));
  }
}
