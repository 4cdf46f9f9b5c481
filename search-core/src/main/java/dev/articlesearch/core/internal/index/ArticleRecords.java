package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * What an index recorded of each article's file when it indexed it: read from the live documents
 * only, so an article replaced by an update is seen once, as its last version.
 */
final class ArticleRecords {
  /**
   * One article's record.
   *
   * @param hash the SHA-256 of the file's bytes it was indexed from
   * @param size that file's size
   * @param modified that file's modification time, epoch milliseconds
   * @param paragraphs its paragraphs in the index
   */
  record Record(String hash, long size, long modified, int paragraphs) {}

  private ArticleRecords() {}

  /** Every article of the index by id. */
  static Map<String, Record> read(DirectoryReader reader) throws IOException {
    Map<String, Record> out = new HashMap<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader r = leaf.reader();
      Terms terms = r.terms(Fields.ARTICLE_ID);
      if (terms == null) {
        continue;
      }
      Bits live = r.getLiveDocs();
      TermsEnum te = terms.iterator();
      PostingsEnum postings = null;
      for (BytesRef id = te.next(); id != null; id = te.next()) {
        postings = te.postings(postings, PostingsEnum.NONE);
        int first = -1;
        int count = 0;
        for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          if (live == null || live.get(doc)) {
            first = first < 0 ? doc : first;
            count++;
          }
        }
        if (count == 0) {
          continue;
        }
        String hash = r.storedFields().document(first).get(Fields.SOURCE_HASH);
        Record record = new Record(hash, value(r, Fields.SOURCE_SIZE, first),
            value(r, Fields.SOURCE_MODIFIED, first), count);
        out.merge(id.utf8ToString(), record, (a, b) ->
            new Record(a.hash(), a.size(), a.modified(), a.paragraphs() + b.paragraphs()));
      }
    }
    return out;
  }

  private static long value(LeafReader r, String field, int doc) throws IOException {
    NumericDocValues values = r.getNumericDocValues(field);
    return values != null && values.advanceExact(doc) ? values.longValue() : -1;
  }
}
