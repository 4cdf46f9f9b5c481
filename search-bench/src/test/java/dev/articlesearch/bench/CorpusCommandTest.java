package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorpusCommandTest {
  @Test
  void sizesAreParagraphCountsWithKOrM() {
    assertEquals(new CorpusSize("10k", 10_000), CorpusSize.parse("10k"));
    assertEquals(new CorpusSize("1m", 1_000_000), CorpusSize.parse("1M"));
    assertEquals(new CorpusSize("250", 250), CorpusSize.parse("250"));
    assertThrows(IllegalArgumentException.class, () -> CorpusSize.parse("10g"));
    assertThrows(IllegalArgumentException.class, () -> CorpusSize.parse("0"));
  }

  @Test
  void badSizeIsAUsageErrorNamingIt(@TempDir Path dir) {
    Result result = run("corpus", "--sources", dir.toString(), "--out", dir.toString(),
        "--sizes", "10k,10g");

    assertEquals(2, result.status());
    assertTrue(result.err().contains("Size '10g' must be a number of paragraphs"), result.err());
  }

  @Test
  void sizeAboveTheFullCorpusIsAUsageError(@TempDir Path dir) {
    Result result = run("corpus", "--sources", dir.toString(), "--out", dir.toString(),
        "--sizes", "2m");

    assertEquals(2, result.status());
    assertTrue(result.err().contains("Size '2m' is larger than the full corpus"), result.err());
  }

  @Test
  void sourcesNotFetchedAreAUsageErrorSayingWhatToRun(@TempDir Path dir) {
    Result result = run("corpus", "--sources", dir.toString(), "--out", dir.toString());

    assertEquals(2, result.status());
    assertTrue(result.err().contains("No versions.tsv in " + dir), result.err());
    assertTrue(result.err().contains("bench/build-corpora"), result.err());
  }

  private record Result(int status, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchMain()).setErr(new PrintWriter(err, true));
    return new Result(command.execute(args), err.toString());
  }
}
