package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * The vectors of an article's paragraphs for a rebuild or an update: a paragraph whose text is
 * already in the previous index with a vector by the same embedder keeps that vector, every other
 * one is embedded. Embedding is the slow part of indexing by far (about 165 paragraphs/s on two
 * cores against thousands analysed), so an edit of one paragraph embeds one paragraph. Thread-safe.
 */
public final class ParagraphVectors {
  private final Embedder embedder;
  private final DirectoryReader previous;
  private final AtomicLong embedded = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();

  /**
   * @param previous the index as it was, read for vectors to keep (its vectors must be {@code
   *     embedder}'s), or null; the caller closes it
   */
  public ParagraphVectors(Embedder embedder, DirectoryReader previous) {
    this.embedder = embedder;
    this.previous = previous;
  }

  public String embedderId() {
    return embedder.id();
  }

  /** Each paragraph's vectors, in order. */
  public List<List<Embedder.Vector>> of(Article article) throws IOException {
    Map<String, List<Embedder.Vector>> before = previous == null ? Map.of() : previous(article.id());
    List<List<Embedder.Vector>> out = new ArrayList<>(article.paragraphs().size());
    List<String> missing = new ArrayList<>();
    for (Paragraph p : article.paragraphs()) {
      List<Embedder.Vector> v = before.get(p.text());
      out.add(v);
      if (v == null) {
        missing.add(p.text());
      }
    }
    if (!missing.isEmpty()) {
      List<List<Embedder.Vector>> fresh = embedder.embedParagraphs(missing);
      if (fresh.size() != missing.size()) {
        throw new IllegalStateException("The embedder " + embedder.id() + " returned "
            + fresh.size() + " vectors for " + missing.size() + " texts");
      }
      int next = 0;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) == null) {
          out.set(i, fresh.get(next++));
        }
      }
    }
    embedded.addAndGet(missing.size());
    reused.addAndGet(out.size() - missing.size());
    return out;
  }

  /** Paragraphs embedded so far. */
  public long embedded() {
    return embedded.get();
  }

  /** Paragraphs whose vector was kept from the previous index so far. */
  public long reused() {
    return reused.get();
  }

  /** The previous index's paragraphs of an article that have vectors, by text. */
  private Map<String, List<Embedder.Vector>> previous(String articleId) throws IOException {
    Map<String, List<Embedder.Vector>> out = new HashMap<>();
    Term id = new Term(Fields.ARTICLE_ID, articleId);
    for (LeafReaderContext leaf : previous.leaves()) {
      LeafReader r = leaf.reader();
      PostingsEnum docs = r.postings(id, PostingsEnum.NONE);
      if (docs == null) {
        continue;
      }
      Bits live = r.getLiveDocs();
      StoredFields stored = r.storedFields();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        List<Embedder.Vector> v = vectors(r, doc, embedder.spaces());
        if (!v.isEmpty()) {
          out.put(stored.document(doc).get(Fields.TEXT), v);
        }
      }
    }
    return out;
  }

  /** The vectors a document of {@code r} has in these spaces, in their order. */
  public static List<Embedder.Vector> vectors(LeafReader r, int doc, List<Embedder.Space> spaces)
      throws IOException {
    List<Embedder.Vector> out = new ArrayList<>(spaces.size());
    for (Embedder.Space space : spaces) {
      FloatVectorValues values = r.getFloatVectorValues(Fields.vector(space.name()));
      if (values == null) {
        continue;
      }
      KnnVectorValues.DocIndexIterator it = values.iterator();
      if (it.advance(doc) == doc) {
        // The values object may reuse its array for the next vector: keep a copy.
        out.add(new Embedder.Vector(space.name(), values.vectorValue(it.index()).clone()));
      }
    }
    return out;
  }
}
