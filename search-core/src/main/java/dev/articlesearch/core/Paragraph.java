package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.Validate;
import java.util.Objects;

/**
 * One paragraph of an article.
 *
 * @param number its position in the article, from 1
 * @param text the paragraph as written in the file, trimmed
 */
public record Paragraph(int number, String text) {
  public Paragraph {
    Validate.atLeast("number", number, 1);
    Objects.requireNonNull(text, "text");
  }
}
