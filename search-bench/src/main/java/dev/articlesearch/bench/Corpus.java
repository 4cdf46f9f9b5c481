package dev.articlesearch.bench;

import java.util.List;

/**
 * A benchmark corpus in memory.
 *
 * @param sources the sources it draws on, in reading order
 * @param articles its articles, in file-name order
 */
record Corpus(List<CorpusSource> sources, List<Article> articles) {
  Corpus {
    sources = List.copyOf(sources);
    articles = List.copyOf(articles);
  }

  long paragraphs() {
    return articles.stream().mapToLong(article -> article.paragraphs().size()).sum();
  }

  /** Every paragraph, article by article. */
  List<String> paragraphTexts() {
    return articles.stream().flatMap(article -> article.paragraphs().stream()).toList();
  }
}
