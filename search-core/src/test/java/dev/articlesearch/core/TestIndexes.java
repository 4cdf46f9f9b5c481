package dev.articlesearch.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Builds the test corpora into temporary indexes. */
final class TestIndexes {
  /** The corpus that ships with the project, in the repository's top-level {@code seeds/}. */
  static final Path SEEDS = Path.of("..", "seeds");

  /** Simplified-Chinese news-style articles written for these tests. */
  static final Path CHINESE = Path.of("src", "test", "resources", "chinese-corpus");

  /** A new corpus folder {@code target} with every file of the sources, alias files included. */
  static Path corpusOf(Path target, Path... sources) throws IOException {
    return copy(target, f -> true, sources);
  }

  /** A new corpus folder {@code target} with the articles ({@code *.txt}) of the sources only. */
  static Path articlesOf(Path target, Path... sources) throws IOException {
    return copy(target, f -> f.getFileName().toString().endsWith(".txt"), sources);
  }

  private static Path copy(Path target, Predicate<Path> which, Path... sources) throws IOException {
    Files.createDirectories(target);
    for (Path source : sources) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.filter(which).toList()) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    }
    return target;
  }

  /**
   * The default limits with a time budget of a minute: these tests are about answers, and a busy
   * CI machine can take the default 2 s over a first query's class loading. LimitsTest and
   * TimeBudgetTest test the budget itself.
   */
  static final Limits PATIENT = Limits.DEFAULTS.withTimeout(java.time.Duration.ofMinutes(1));

  static ArticleIndex build(Path corpus, Path indexDir) {
    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);
    if (!report.skipped().isEmpty()) {
      throw new AssertionError("test corpus has skipped files: " + report.skipped());
    }
    return ArticleIndex.open(indexDir, PATIENT);
  }

  /** "articleId#paragraph" of every hit, in rank order. */
  static List<String> ids(SearchResult result) {
    return result.hits().stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
  }

  /** The text each match covers, in order. */
  static List<String> matched(Hit hit) {
    return hit.matches().stream().map(m -> hit.text().substring(m.start(), m.end())).toList();
  }

  private TestIndexes() {}
}
