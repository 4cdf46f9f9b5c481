package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusEditsTest {
  @TempDir Path dir;

  private Path corpus(String name) throws IOException {
    Path c = Files.createDirectories(dir.resolve(name));
    Files.writeString(c.resolve("a.txt"), "Title A\n---\nalpha one\nalpha two\nalpha three\n");
    Files.writeString(c.resolve("b.txt"), "beta one\n\nbeta two\n");
    Files.writeString(c.resolve("c.txt"), "标题\n---\n第一段\n第二段\n");
    Files.writeString(c.resolve("manifest.json"), "{}");
    return c;
  }

  @Test
  void parsesTheTitleAndParagraphsAndWritesThemBack() {
    CorpusEdits.Parsed p = CorpusEdits.Parsed.of("Title\n---\n first \n\nsecond\n");
    assertEquals(List.of("Title", "---"), p.header());
    assertEquals(List.of("first", "second"), p.paragraphs());
    assertEquals("Title\n---\nfirst\nsecond\n", p.text());
    CorpusEdits.Parsed untitled = CorpusEdits.Parsed.of("only\nparagraphs\n");
    assertEquals(List.of(), untitled.header());
    assertEquals(List.of("only", "paragraphs"), untitled.paragraphs());
  }

  @Test
  void aRewriteKeepsTheTitleAndCountWithParagraphsOfTheCorpusAndLeavesNoTemporaryFile()
      throws IOException {
    Path c = corpus("c1");
    CorpusEdits edits = CorpusEdits.of(c, 42);
    assertEquals(3, edits.files());
    Set<String> pool = Set.of("alpha one", "alpha two", "alpha three", "beta one", "beta two",
        "第一段", "第二段");
    edits.rewrite(c.resolve("a.txt"), "zqaaaaqz");
    CorpusEdits.Parsed a = CorpusEdits.Parsed.of(Files.readString(c.resolve("a.txt"), StandardCharsets.UTF_8));
    assertEquals(List.of("Title A", "---"), a.header());
    assertEquals(3, a.paragraphs().size());
    assertTrue(a.paragraphs().get(0).endsWith(" zqaaaaqz"), a.paragraphs().toString());
    assertTrue(pool.contains(a.paragraphs().get(0).replace(" zqaaaaqz", "")));
    assertTrue(pool.containsAll(a.paragraphs().subList(1, 3)), a.paragraphs().toString());
    edits.touchUp(c.resolve("c.txt"));
    CorpusEdits.Parsed z = CorpusEdits.Parsed.of(Files.readString(c.resolve("c.txt"), StandardCharsets.UTF_8));
    assertEquals(List.of("标题", "---"), z.header());
    assertEquals(2, z.paragraphs().size());
    try (var files = Files.list(c)) {
      assertEquals(List.of("a.txt", "b.txt", "c.txt", "manifest.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void theSameSeedMakesTheSameEdits() throws IOException {
    Path one = corpus("one");
    Path two = corpus("two");
    CorpusEdits first = CorpusEdits.of(one, 7);
    CorpusEdits second = CorpusEdits.of(two, 7);
    for (int i = 0; i < 5; i++) {
      Path f = first.next();
      Path g = second.next();
      assertEquals(f.getFileName(), g.getFileName());
      first.rewrite(f, null);
      second.rewrite(g, null);
      assertEquals(Files.readString(f), Files.readString(g));
    }
    assertEquals(first.pick(2).stream().map(Path::getFileName).toList(),
        second.pick(2).stream().map(Path::getFileName).toList());
  }

  @Test
  void nextVisitsEveryFileOnceBeforeAnyTwice() throws IOException {
    CorpusEdits edits = CorpusEdits.of(corpus("c2"), 3);
    Set<Path> round = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      round.add(edits.next());
    }
    assertEquals(3, round.size());
  }

  @Test
  void copyEmptiesTheTargetFirst() throws IOException {
    Path from = corpus("from");
    Path to = Files.createDirectories(dir.resolve("to"));
    Files.writeString(to.resolve("stale.txt"), "gone");
    CorpusEdits.copy(from, to);
    assertEquals(List.of(from.resolve("a.txt").getFileName(), from.resolve("b.txt").getFileName(),
        from.resolve("c.txt").getFileName()),
        CorpusEdits.articleFiles(to).stream().map(Path::getFileName).toList());
    CorpusEdits.deleteTree(to);
    assertTrue(Files.notExists(to));
  }

  @Test
  void uniqueWordsAreLettersEndingInQzAndAllDifferent() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String w = CorpusEdits.uniqueWord(i);
      assertTrue(w.matches("zq[a-z]{4}qz"), w);
      assertTrue(seen.add(w), w);
    }
    assertEquals("zqaaaaqz", CorpusEdits.uniqueWord(0));
    assertNotEquals(CorpusEdits.uniqueWord(1), CorpusEdits.uniqueWord(26));
    assertThrows(IllegalArgumentException.class, () -> CorpusEdits.uniqueWord(26 * 26 * 26 * 26));
  }
}
