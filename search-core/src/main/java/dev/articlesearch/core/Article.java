package dev.articlesearch.core;

import java.util.List;
import java.util.Objects;

/**
 * An article as read from the corpus: its id, its display title and its paragraphs in order.
 *
 * @param id the file name without {@code .txt}
 * @param title the title line, or when the file has none a title derived from its first sentence
 * @param titleDerived true when {@code title} was derived rather than read from a title line
 * @param paragraphs the paragraphs, numbered from 1
 */
public record Article(String id, String title, boolean titleDerived, List<Paragraph> paragraphs) {
  public Article {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    paragraphs = List.copyOf(paragraphs);
  }
}
