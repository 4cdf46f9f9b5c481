package dev.articlesearch.core;

import java.util.List;

/**
 * An article (or one paragraph of it) with every match of a query marked.
 *
 * @param articleId the article
 * @param title its display title
 * @param titleDerived true when that title was derived from the first sentence
 * @param paragraphs the paragraphs asked for, in order
 */
public record HighlightResult(
    String articleId, String title, boolean titleDerived, List<HighlightedParagraph> paragraphs) {
  public HighlightResult {
    paragraphs = List.copyOf(paragraphs);
  }

  /**
   * One paragraph with its matches.
   *
   * @param number paragraph number, from 1
   * @param text the paragraph as written
   * @param html {@code text} HTML-escaped with every match wrapped in the markup
   * @param matches every match as UTF-16 offsets into {@code text}
   */
  public record HighlightedParagraph(int number, String text, String html, List<Span> matches) {
    public HighlightedParagraph {
      matches = List.copyOf(matches);
    }
  }
}
