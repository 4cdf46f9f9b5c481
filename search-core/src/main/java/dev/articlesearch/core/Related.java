package dev.articlesearch.core;

import java.util.List;

/**
 * Paragraphs like one paragraph, by the words they share (Lucene's MoreLikeThis over the word and
 * CJK bigram fields), other articles first.
 *
 * @param articleId the paragraph's article
 * @param paragraph the paragraph's number
 * @param otherArticles the most similar paragraphs of other articles, most similar first
 * @param sameArticle the most similar other paragraphs of the same article
 */
public record Related(
    String articleId, int paragraph, List<RelatedParagraph> otherArticles,
    List<RelatedParagraph> sameArticle) {
  public Related {
    otherArticles = List.copyOf(otherArticles);
    sameArticle = List.copyOf(sameArticle);
  }

  /**
   * One similar paragraph.
   *
   * @param articleId its article
   * @param title its article's display title
   * @param paragraph its number
   * @param score how similar (MoreLikeThis's score; comparable within one answer only)
   * @param text the paragraph as written
   */
  public record RelatedParagraph(
      String articleId, String title, int paragraph, float score, String text) {}
}
