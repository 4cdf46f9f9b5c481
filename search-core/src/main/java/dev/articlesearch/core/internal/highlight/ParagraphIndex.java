package dev.articlesearch.core.internal.highlight;

import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;

/**
 * One paragraph another engine returned, as a one-document index (document 0) of every field its
 * document has in the embedded index, analysed and with offsets as there: the two text fields the
 * highlighter reads, and the id, number and title a query may also require. Whether a paragraph
 * matches, where, and which passage is best depend only on the paragraph, so the library's own
 * highlighter finds exactly the embedded index's matches in it.
 */
public final class ParagraphIndex {
  private ParagraphIndex() {}

  /** A searcher over the paragraph alone. */
  public static IndexSearcher of(StoredParagraph p) {
    MemoryIndex index = new MemoryIndex(true, false);
    Analyzer analyzer = FieldAnalyzers.index();
    index.addField(new StringField(Fields.ARTICLE_ID, p.articleId(), Field.Store.NO), analyzer);
    index.addField(new IntField(Fields.PARAGRAPH, p.number(), Field.Store.NO), analyzer);
    index.addField(Fields.TEXT, p.text(), analyzer);
    index.addField(Fields.TEXT_CJK, p.text(), analyzer);
    if (!p.titleDerived()) {
      index.addField(Fields.TITLE, p.title(), analyzer);
      index.addField(Fields.TITLE_CJK, p.title(), analyzer);
    }
    return index.createSearcher();
  }
}
