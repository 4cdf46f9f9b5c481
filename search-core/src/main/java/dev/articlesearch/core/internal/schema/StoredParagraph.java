package dev.articlesearch.core.internal.schema;

import dev.articlesearch.core.Paragraph;
import org.apache.lucene.document.Document;

/**
 * A paragraph document as stored, whichever engine read it: what a hit, its context and a
 * highlight show, and what a query that also names the article, the paragraph number or the
 * title ({@code paragraph:[1 TO 2] AND 模型}) is matched against.
 *
 * @param doc the engine's own handle of the document (a Lucene document id in the embedded
 *     index), or -1 where it has none
 */
public record StoredParagraph(int doc, String articleId, int number, String title,
    boolean titleDerived, String text) {
  /** A document of the embedded index. */
  public static StoredParagraph of(int doc, Document d) {
    return new StoredParagraph(doc, d.get(Fields.ARTICLE_ID),
        d.getField(Fields.PARAGRAPH).numericValue().intValue(), d.get(Fields.DISPLAY_TITLE),
        isDerived(d), d.get(Fields.TEXT));
  }

  /** Whether a stored document's display title was derived from its first paragraph. */
  public static boolean isDerived(Document d) {
    return d.getField(Fields.TITLE_DERIVED).numericValue().intValue() == 1;
  }

  /** The paragraph as the API returns it. */
  public Paragraph paragraph() {
    return new Paragraph(number, text);
  }
}
