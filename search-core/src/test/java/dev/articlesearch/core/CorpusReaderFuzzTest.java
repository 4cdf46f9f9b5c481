package dev.articlesearch.core;

import static dev.articlesearch.core.FuzzChecks.withinBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.corpus.TextDecoder;
import dev.articlesearch.core.internal.corpus.TitleDeriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the corpus reader with arbitrary file contents: every file gives an article or the reason
 * it was skipped, never an exception, and an article holds only what the file says. Seeds are
 * whole article files, in {@code src/test/resources/dev/articlesearch/core/CorpusReaderFuzzTestInputs}.
 */
class CorpusReaderFuzzTest {
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "30s")
  void anyFileGivesAnArticleOrAReason(FuzzedDataProvider data) throws IOException {
    byte[] bytes = data.consumeRemainingAsBytes();
    Path file = Files.write(dir.resolve("article.txt"), bytes);
    // A file at rest, as in a corpus: one written this instant would wait CorpusReader.QUIET
    // before it is read, and the fuzzer would try 4 inputs a second instead of thousands.
    Files.setLastModifiedTime(file,
        FileTime.from(Instant.now().minus(CorpusReader.QUIET.multipliedBy(4))));

    CorpusReader.FileResult result = withinBudget("reading", () -> CorpusReader.read(file));

    assertEquals(file, result.file());
    assertEquals(bytes.length, result.bytes());
    if (result.skipped() != null) {
      assertNull(result.article());
      assertEquals("article.txt", result.skipped().file());
      assertFalse(result.skipped().reason().isBlank());
      return;
    }
    assertNotNull(result.article());
    String decoded = decoded(bytes);
    Article article = result.article();
    assertEquals("article", article.id());
    List<Paragraph> paragraphs = article.paragraphs();
    assertFalse(paragraphs.isEmpty());
    for (int i = 0; i < paragraphs.size(); i++) {
      String text = paragraphs.get(i).text();
      assertEquals(i + 1, paragraphs.get(i).number());
      assertFalse(text.isBlank(), "blank paragraph " + (i + 1));
      assertEquals(text.strip(), text, "paragraph " + (i + 1) + " is not trimmed");
      assertTrue(text.indexOf('\n') < 0 && text.indexOf('\r') < 0, "a line break in " + text);
      assertTrue(decoded.contains(text), "paragraph " + (i + 1) + " is not in the file: " + text);
    }
    String title = article.title();
    assertFalse(title.isBlank(), "blank title");
    if (article.titleDerived()) {
      assertTrue(title.codePointCount(0, title.length()) <= TitleDeriver.MAX_LENGTH,
          "derived title longer than " + TitleDeriver.MAX_LENGTH + ": " + title);
    } else {
      assertTrue(decoded.contains(title), "title not in the file: " + title);
    }
  }

  /** The text the reader decoded: it read an article, so one of its charsets decodes the bytes. */
  private static String decoded(byte[] bytes) {
    try {
      return TextDecoder.decode(bytes).text();
    } catch (TextDecoder.UndecodableException e) {
      throw new AssertionError("an article from bytes that do not decode", e);
    }
  }
}
