package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
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

  private static final Set<String> HASH = Set.of(Fields.SOURCE_HASH);

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
      // One reader of stored fields and of each doc-values field per segment: each keeps its
      // place, so the articles, whose paragraphs were added in the order of their ids, are read
      // in one pass (a fresh stored-fields reader per article decompressed a block each time:
      // about a second for the 16,680 articles of the 1m corpus).
      StoredFields stored = r.storedFields();
      Values sizes = new Values(r, Fields.SOURCE_SIZE);
      Values times = new Values(r, Fields.SOURCE_MODIFIED);
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
        String hash = stored.document(first, HASH).get(Fields.SOURCE_HASH);
        Record record = new Record(hash, sizes.at(first), times.at(first), count);
        out.merge(id.utf8ToString(), record, (a, b) ->
            new Record(a.hash(), a.size(), a.modified(), a.paragraphs() + b.paragraphs()));
      }
    }
    return out;
  }

  /** A numeric doc-values field of one segment, read forwards, from the start again if need be. */
  private static final class Values {
    private final LeafReader reader;
    private final String field;
    private NumericDocValues values;
    private int last = -1;

    Values(LeafReader reader, String field) throws IOException {
      this.reader = reader;
      this.field = field;
      this.values = reader.getNumericDocValues(field);
    }

    /** The document's value, or -1 without one. */
    long at(int doc) throws IOException {
      if (doc <= last) { // doc values iterate forwards only
        values = reader.getNumericDocValues(field);
      }
      last = doc;
      return values != null && values.advanceExact(doc) ? values.longValue() : -1;
    }
  }
}
