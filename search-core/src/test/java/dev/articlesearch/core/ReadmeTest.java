package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README does not lie: its library example compiles and runs, and CI runs its test command. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");

  private static String block(String readme, String language, String after) {
    int at = readme.indexOf(after);
    assertTrue(at >= 0, "README has no '" + after + "'");
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(at), "no ```" + language + " block after '" + after + "'");
    return m.group(1);
  }

  @Test
  void libraryExampleIsTheTestedExampleWordForWord() throws IOException {
    String readme = Files.readString(README);
    assertEquals(
        Files.readString(Path.of("src", "test", "java", "Example.java")),
        block(readme, "java", "## Use the library"));
  }

  @Test
  void libraryExampleRunsAndPrintsTheMmluParagraph(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Class.forName("Example")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {TestIndexes.SEEDS.toString(), dir.toString()});
    } finally {
      System.setOut(saved);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        """
        2 articles, 56 paragraphs
        1 hits
        002_aaf58d43826c50b3 ¶9 [Span[start=39, end=50], Span[start=200, end=211]]
          In detail, according to MMLU rankings, <mark>ChatGLM3-6B</mark> ranks 9th among all models of various sizes.
        """,
        printed);
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    String readme = Files.readString(README);
    String command = block(readme, "sh", "## Run the tests").strip();
    String ci = Files.readString(Path.of("..", ".ci", "run"));
    assertTrue(ci.lines().anyMatch(l -> l.strip().equals(command)), ".ci/run must run: " + command);
  }
}
