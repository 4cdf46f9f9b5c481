package dev.articlesearch.core;

import java.util.List;

/**
 * Paragraphs like one paragraph, other articles first: by the words they share (Lucene's
 * MoreLikeThis over the word and CJK bigram fields), by meaning (the paragraphs nearest its own
 * vector), or both fused by rank; see {@link ArticleSearch#related(String, int, int, SearchMode)}.
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
   * @param score how similar (MoreLikeThis's score, the vectors' similarity, or the fused rank
   *     score; comparable within one answer only)
   * @param text the paragraph as written
   */
  public record RelatedParagraph(
      String articleId, String title, int paragraph, float score, String text) {}
}
