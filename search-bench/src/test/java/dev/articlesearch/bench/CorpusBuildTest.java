package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuildTest {
  private static final long SEED = 42;

  @Test
  void sameSourcesGiveByteIdenticalCorporaAndQueries(@TempDir Path dir) throws IOException {
    Path sources = FixtureSources.write(dir.resolve("sources"));

    build(sources, dir.resolve("first"));
    build(sources, dir.resolve("second"));

    Map<String, String> first = contents(dir.resolve("first"));
    assertEquals(List.of("corpus-300/manifest.json", "corpus-400/manifest.json", "queries-300.tsv"),
        first.keySet().stream().filter(name -> !name.endsWith(".txt")).toList());
    assertEquals(first, contents(dir.resolve("second")));
  }

  @Test
  void fullCorpusHoldsAllDocumentationThenSimplifiedPoetryToTheExactSize(@TempDir Path dir)
      throws IOException {
    Corpus full = fullCorpus(FixtureSources.write(dir));

    assertEquals(400, full.paragraphs());
    assertEquals(Map.of("docs-en", 120L, "docs-zh", 60L, "poetry", 220L), paragraphsBySource(full));
    assertEquals(List.of("docs-en", "docs-zh", "poetry"),
        full.sources().stream().map(CorpusSource::id).toList());
    List<String> poetry = full.articles().stream()
        .filter(article -> article.kind() == SourceKind.POETRY)
        .flatMap(article -> article.paragraphs().stream())
        .toList();
    assertTrue(poetry.stream().anyMatch(line -> line.contains("风")));
    assertFalse(poetry.stream().anyMatch(line -> line.contains("風")));
    assertTrue(full.articles().stream().allMatch(a -> a.paragraphs().size() <= 100));
  }

  @Test
  void sampleIsMadeOfWholeArticlesOfTheFullCorpus(@TempDir Path dir) throws IOException {
    Corpus full = fullCorpus(FixtureSources.write(dir));

    Corpus sample = CorpusSampler.sample(full, 300, SEED);

    assertTrue(full.articles().containsAll(sample.articles()));
    assertTrue(Math.abs(sample.paragraphs() - 300) <= 50, "paragraphs: " + sample.paragraphs());
    assertEquals(List.of(SourceKind.values()),
        sample.articles().stream().map(Article::kind).distinct().sorted().toList());
  }

  private static Corpus fullCorpus(Path sources) {
    return new CorpusBuilder(sources, FixtureSources.DOCS, SEED, line -> {}).build(400);
  }

  /** What CorpusCommand does for the sizes 400 (the full corpus) and 300. */
  private static void build(Path sources, Path out) {
    Map<String, SourceArchive> archives = SourceArchive.read(sources);
    Corpus full = fullCorpus(sources);
    CorpusWriter.write(full, "400", SEED, archives, out.resolve("corpus-400"));
    Corpus sample = CorpusSampler.sample(full, 300, SEED);
    CorpusWriter.write(sample, "300", SEED, archives, out.resolve("corpus-300"));
    QueryDrawer.draw(sample.paragraphTexts(), 30, SEED).write(out.resolve("queries-300.tsv"));
  }

  private static Map<String, Long> paragraphsBySource(Corpus corpus) {
    Map<String, Long> counts = new TreeMap<>();
    for (Article article : corpus.articles()) {
      counts.merge(article.source(), (long) article.paragraphs().size(), Long::sum);
    }
    return counts;
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
    }
    return contents;
  }
}
