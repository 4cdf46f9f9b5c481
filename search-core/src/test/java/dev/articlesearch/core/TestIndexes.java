package dev.articlesearch.core;

import java.nio.file.Path;
import java.util.List;

/** Builds the test corpora into temporary indexes. */
final class TestIndexes {
  /** The corpus that ships with the project, in the repository's top-level {@code seeds/}. */
  static final Path SEEDS = Path.of("..", "seeds");

  /** Simplified-Chinese news-style articles written for these tests. */
  static final Path CHINESE = Path.of("src", "test", "resources", "chinese-corpus");

  static ArticleIndex build(Path corpus, Path indexDir) {
    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);
    if (!report.skipped().isEmpty()) {
      throw new AssertionError("test corpus has skipped files: " + report.skipped());
    }
    return ArticleIndex.open(indexDir);
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
