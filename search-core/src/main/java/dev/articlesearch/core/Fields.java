package dev.articlesearch.core;

/**
 * Every index field name, in one place: the indexer, both query parsers, the highlighter and the
 * tests must agree on them.
 */
final class Fields {
  /** The article id, exact (StringField + sorted doc values): filters, grouping, article lookup. */
  static final String ARTICLE_ID = "article_id";

  /** Paragraph number from 1 (IntField: range queries, sorting, stored). */
  static final String PARAGRAPH = "paragraph";

  /** The paragraph as written (stored) and analysed into smartcn words, offsets in the postings. */
  static final String TEXT = "text";

  /**
   * The same paragraph as CJK unigrams and bigrams, offsets in the postings: finds words smartcn
   * does not know ({@code 智谱}) and words hidden inside longer ones ({@code 大学} in {@code 清华大学}).
   */
  static final String TEXT_CJK = "text_cjk";

  /**
   * Words as written (lower-cased, not stemmed) and two-word phrases, from the text and, on an
   * article's first paragraph, its title: the vocabulary for suggestions and did-you-mean. Indexed
   * without positions; {@code 智}+{@code 谱} is the one term {@code 智谱}.
   */
  static final String WORDS = "words";

  /** The article title's words, from its title line (indexed only when the file has one). */
  static final String TITLE = "title";

  /** The title as CJK unigrams and bigrams, like {@link #TEXT_CJK}. */
  static final String TITLE_CJK = "title_cjk";

  /** The display title: the title line, or one derived from the first sentence (stored only). */
  static final String DISPLAY_TITLE = "display_title";

  /** 1 when the display title was derived from the first paragraph, else 0 (stored only). */
  static final String TITLE_DERIVED = "title_derived";

  /** The field a CJK companion field belongs to, for query building and highlighting. */
  static String cjkCompanion(String field) {
    return switch (field) {
      case TEXT -> TEXT_CJK;
      case TITLE -> TITLE_CJK;
      default -> null;
    };
  }

  private Fields() {}
}
