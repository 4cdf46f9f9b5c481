package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs the pages of one source into articles of {@value #MIN}–{@value #MAX} paragraphs. Source
 * pages vary from one line to thousands; articles of a steady size keep per-article costs
 * (titles, grouping, article views) comparable across sources. An article ends at a page boundary
 * once it has {@value #MIN} paragraphs, or in the middle of a page at {@value #MAX}; only a
 * source's last article may be shorter. Its title is that of the page it starts in.
 */
final class ArticleGrouper {
  static final int MIN = 50;
  static final int MAX = 100;

  private final String source;
  private final SourceKind kind;
  private final List<Article> articles = new ArrayList<>();
  private final List<String> pending = new ArrayList<>();
  private String pendingTitle;
  private long paragraphs;

  ArticleGrouper(String source, SourceKind kind) {
    this.source = source;
    this.kind = kind;
  }

  /** Adds one page's (already filtered) paragraphs. */
  void add(String title, List<String> pageParagraphs) {
    for (String paragraph : pageParagraphs) {
      if (pending.isEmpty()) {
        pendingTitle = title;
      }
      pending.add(paragraph);
      paragraphs++;
      if (pending.size() == MAX) {
        emit();
      }
    }
    if (pending.size() >= MIN) {
      emit();
    }
  }

  /** Paragraphs added so far. */
  long paragraphs() {
    return paragraphs;
  }

  /** The articles, the last one closed as it is. */
  List<Article> finish() {
    if (!pending.isEmpty()) {
      emit();
    }
    return List.copyOf(articles);
  }

  private void emit() {
    articles.add(new Article(source, kind, articles.size() + 1, pendingTitle, pending));
    pending.clear();
  }
}
