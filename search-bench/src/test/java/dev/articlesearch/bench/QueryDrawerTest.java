package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryDrawerTest {
  private static final List<String> PARAGRAPHS =
      List.of(
          "清华大学的计算机系统课程介绍了内存管理和进程调度，学生需要完成实验报告。",
          "智谱发布了新的语言模型，研究人员认为它在中文理解方面表现出色。",
          "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
          "Linux 内核文档说明了如何编写设备驱动程序以及常用的调试方法。",
          "The kernel documentation explains how to write device drivers, and how to debug them.",
          "Press Ctrl + F to open the Find toolbar; it searches the whole document quickly.",
          "Regular expressions are a compact notation, but they are not terribly readable.",
          "Python's os.path module joins path components and normalises separators everywhere.");

  @Test
  void sameSeedDrawsTheSameQueries() {
    QuerySet first = QueryDrawer.draw(PARAGRAPHS, 40, 7);

    assertEquals(first, QueryDrawer.draw(PARAGRAPHS, 40, 7));
    assertNotEquals(first, QueryDrawer.draw(PARAGRAPHS, 40, 8));
  }

  @Test
  void everyQueryIsARunOfOneToFourWordsOfAParagraph() {
    for (DrawnQuery query : QueryDrawer.draw(PARAGRAPHS, 40, 7).queries()) {
      String text = query.text();
      assertTrue(PARAGRAPHS.stream().anyMatch(p -> p.contains(text)), query.toString());
      assertTrue(query.words() >= (query.phrase() ? 2 : 1) && query.words() <= 4, query.toString());
      assertEquals(query.phrase() ? '"' + text + '"' : text, query.query());
      assertEquals(text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF) ? "zh" : "en",
          query.lang(), query.toString());
      assertTrue(text.chars().noneMatch(c -> "，。；：,;:!?！？\t\n".indexOf(c) >= 0),
          "crosses punctuation: " + query);
    }
  }

  @Test
  void halfAreChineseHalfEnglishAndOneFifthPhrases() {
    List<DrawnQuery> queries = QueryDrawer.draw(PARAGRAPHS, 40, 7).queries();

    assertEquals(20, queries.stream().filter(q -> q.lang().equals("zh")).count());
    assertEquals(20, queries.stream().filter(q -> q.lang().equals("en")).count());
    assertEquals(8, queries.stream().filter(DrawnQuery::phrase).count());
    assertEquals("q0001", queries.get(0).id());
    assertEquals(40, queries.stream().map(q -> q.text().toLowerCase()).distinct().count());
  }

  @Test
  void querySetSurvivesItsTsvFile(@TempDir Path dir) {
    QuerySet queries = QueryDrawer.draw(PARAGRAPHS, 10, 7);
    Path file = dir.resolve("queries.tsv");

    queries.write(file);

    assertEquals(queries, QuerySet.read(file));
  }
}
