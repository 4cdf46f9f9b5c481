package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.ArticleIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line, and the parts of the check that need no OpenSearch. */
class PeerCheckCommandTest {
  @TempDir static Path dir;
  private static Path index;

  @BeforeAll
  static void buildSeedIndex() throws IOException {
    Path corpus = SeedCorpus.copy(dir.resolve("corpus"));
    index = dir.resolve("index");
    ArticleIndex.rebuild(corpus, index);
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchMain());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void helpNamesTheOptions() {
    Run r = run("peer-check", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("--min-agreement"), r.out());
  }

  @Test
  void missingIndexIsAUsageError() {
    Run r = run("peer-check", "--index", dir.resolve("nothing").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--index: no folder"), r.err());
  }

  @Test
  void badFractionIsAUsageError() {
    Run r = run("peer-check", "--index", index.toString(), "--min-agreement", "2");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--min-agreement"), r.err());
  }

  @Test
  void unreachableOpenSearchSaysHowToStartIt() {
    Run r = run("peer-check", "--index", index.toString(), "--url", "http://127.0.0.1:1");
    assertEquals(3, r.status());
    assertTrue(r.err().contains("bench/opensearch start"), r.err());
  }

  @Test
  void drawnQueriesUseEveryPartOfTheSyntaxAndRepeatForASeed() {
    List<String> paragraphs;
    try (ArticleIndex ours = ArticleIndex.open(index)) {
      paragraphs = ours.articles().stream()
          .flatMap(a -> ours.article(a.id()).orElseThrow().paragraphs().stream())
          .map(p -> p.text()).toList();
    }
    List<String> queries = MixedQueries.draw(paragraphs, 40, 7);
    assertEquals(40, queries.size());
    assertEquals(queries, MixedQueries.draw(paragraphs, 40, 7));
    assertTrue(queries.stream().anyMatch(q -> q.contains(" OR ")), queries::toString);
    assertTrue(queries.stream().anyMatch(q -> q.contains(" -")), queries::toString);
    assertTrue(queries.stream().anyMatch(q -> q.startsWith("\"")), queries::toString);
    assertTrue(queries.stream().anyMatch(q -> q.codePoints().anyMatch(Character::isIdeographic)), queries::toString);
    assertTrue(queries.stream().anyMatch(q -> q.matches("[A-Za-z]+")), queries::toString);
  }
}
