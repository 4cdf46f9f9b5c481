package dev.articlesearch.bench;

import java.util.List;
import java.util.Locale;

/**
 * One article file of a benchmark corpus.
 *
 * @param source the source id ({@code kernel-en}, {@code poetry}, …), the start of the file name
 * @param kind the kind of text, for sampling the smaller corpora in proportion
 * @param number the article's number within its source, from 1: the same article has the same
 *     file name in every corpus size
 * @param title the title line
 * @param paragraphs one line each, already filtered
 */
record Article(String source, SourceKind kind, int number, String title, List<String> paragraphs) {
  Article {
    paragraphs = List.copyOf(paragraphs);
  }

  /** {@code <source>-NNNNN.txt}. */
  String fileName() {
    return String.format(Locale.ROOT, "%s-%05d.txt", source, number);
  }

  /** The file's text in the corpus format: title, a {@code ---} line, one paragraph per line. */
  String text() {
    return title + "\n---\n" + String.join("\n", paragraphs) + "\n";
  }
}
