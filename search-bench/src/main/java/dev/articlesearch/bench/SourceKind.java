package dev.articlesearch.bench;

/**
 * The three kinds of text a corpus mixes. The smaller corpora keep the largest one's share of
 * each, so a benchmark on 10k paragraphs sees the same mix as one on 1M.
 */
enum SourceKind {
  CHINESE_DOCS("zh-docs"),
  ENGLISH_DOCS("en-docs"),
  POETRY("zh-poetry");

  private final String label;

  SourceKind(String label) {
    this.label = label;
  }

  /** The name in manifests and reports. */
  String label() {
    return label;
  }
}
