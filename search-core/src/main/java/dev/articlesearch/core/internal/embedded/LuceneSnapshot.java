package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.index.ParagraphVectors;
import dev.articlesearch.core.internal.related.RelatedQueries;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.schema.StoredParagraph;
import dev.articlesearch.core.internal.search.Ranked;
import dev.articlesearch.core.internal.search.Snapshot;
import dev.articlesearch.core.internal.search.TopHits;
import dev.articlesearch.core.internal.suggest.Spelling;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/** One call's view of the embedded index: one searcher, so one commit, for the whole call. */
public final class LuceneSnapshot implements Snapshot {
  private final LuceneEngine engine;
  private final IndexSearcher searcher;

  LuceneSnapshot(LuceneEngine engine, IndexSearcher searcher) {
    this.engine = engine;
    this.searcher = searcher;
  }

  /** A view over a searcher the caller holds and releases; it has no suggestions. */
  public LuceneSnapshot(IndexSearcher searcher) {
    this(null, searcher);
  }

  /**
   * Where the index's statistics already say there are more than {@code countLimit} matches, only
   * the best {@code n} are scored (Lucene skips the rest) and the total is {@code countLimit}; a
   * total past the limit (or past {@code n}, if more) is always reported as that, however far
   * Lucene happened to count.
   */
  @Override
  public TopHits top(Query query, int n, int countLimit) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    if (countLimit > n && reader.maxDoc() > countLimit
        && Counting.atLeast(reader, query, countLimit + 1L) > countLimit) {
      return new TopHits(countLimit, false, ranked(Ranking.top(searcher, query, n, n)));
    }
    return rankedAndCounted(query, n, countLimit);
  }

  /** The best {@code n} of {@code query}, every match counted as far as {@code countLimit}. */
  private TopHits rankedAndCounted(Query query, int n, int countLimit) throws IOException {
    TopDocs top = Ranking.top(searcher, query, n, countLimit);
    boolean exact = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
    long total = top.totalHits.value();
    return new TopHits(exact ? total : Math.min(total, Math.max(n, countLimit)), exact,
        ranked(top));
  }

  /**
   * In one pass where the index's statistics say {@code query} has at most {@link
   * Counting#FEW_TO_SCORE} matches: scoring them all costs less than a second pass to count. The
   * statistics are not asked again, as {@link #top} would, whether the query passes the limit.
   */
  @Override
  public TopHits topAndCount(Query query, int n, int limit) throws IOException {
    if (limit >= n
        && Counting.atMost(searcher.getIndexReader(), query, Counting.FEW_TO_SCORE)
            <= Counting.FEW_TO_SCORE) {
      TopHits top = rankedAndCounted(query, n, limit);
      long total = Math.min(top.total(), limit);
      return new TopHits(total, top.exact() && total < limit, top.hits());
    }
    return Snapshot.super.topAndCount(query, n, limit);
  }

  @Override
  public long count(Query query, int limit) throws IOException {
    return Counting.upTo(searcher, query, limit);
  }

  @Override
  public List<Ranked> all(Query query) throws IOException {
    int count = searcher.count(query);
    return count == 0 ? List.of() : ranked(Ranking.top(searcher, query, count, count));
  }

  private static List<Ranked> ranked(TopDocs top) {
    List<Ranked> out = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      out.add(new Ranked(Ranking.articleId(sd), Ranking.paragraph(sd), sd.score, sd.doc, null));
    }
    return out;
  }

  @Override
  public List<StoredParagraph> fetch(List<Ranked> hits) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<StoredParagraph> out = new ArrayList<>(hits.size());
    for (Ranked r : hits) {
      out.add(StoredParagraph.of(r.doc(), stored.document(r.doc())));
    }
    return out;
  }

  @Override
  public List<StoredParagraph> range(String articleId, int from, int to) throws IOException {
    Query q = rangeQuery(articleId, from, to);
    int n = searcher.count(q);
    if (n == 0) {
      return List.of();
    }
    StoredFields stored = searcher.storedFields();
    List<StoredParagraph> out = new ArrayList<>(n);
    for (ScoreDoc sd : searcher.search(q, n).scoreDocs) {
      out.add(StoredParagraph.of(sd.doc, stored.document(sd.doc)));
    }
    out.sort(Comparator.comparingInt(StoredParagraph::number));
    return out;
  }

  /** Exact: a count of one article's paragraphs costs next to nothing here. */
  @Override
  public long paragraphCount(String articleId, int limit) throws IOException {
    return searcher.count(rangeQuery(articleId, Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  private static Query rangeQuery(String articleId, int from, int to) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.ARTICLE_ID, articleId)), Occur.FILTER)
        .add(IntField.newRangeQuery(Fields.PARAGRAPH, from, to), Occur.FILTER)
        .build();
  }

  /** From the offsets in the index's postings: no paragraph is analysed again. */
  @Override
  public MatchHighlighter.Matches[] matches(Query query, List<StoredParagraph> paragraphs,
      boolean whole) throws IOException {
    int[] docs = paragraphs.stream().mapToInt(StoredParagraph::doc).toArray();
    String[] texts = paragraphs.stream().map(StoredParagraph::text).toArray(String[]::new);
    MatchHighlighter h = new MatchHighlighter(searcher);
    return whole ? h.allMatches(query, docs, texts) : h.matchesWithPassage(query, docs, texts);
  }

  @Override
  public boolean matches(Query query, StoredParagraph paragraph) throws IOException {
    return searcher.explain(query, paragraph.doc()).isMatch();
  }

  @Override
  public String correction(String word) throws IOException {
    return Spelling.correction(searcher.getIndexReader(), word);
  }

  @Override
  public List<Suggestion> completions(String key, int n) throws IOException {
    List<Suggestion> out = new ArrayList<>();
    if (engine == null) {
      return List.of();
    }
    if (engine == null) {
      return List.of();
    }
    for (Lookup.LookupResult r : engine.completions(searcher).lookup(key, false, n)) {
      out.add(new Suggestion(r.key.toString(), r.value));
    }
    return out;
  }

  @Override
  public RelatedQueries relatedQueries(String articleId, int paragraph, String text)
      throws IOException {
    return RelatedQueries.of(searcher.getIndexReader(), articleId, paragraph, text);
  }

  @Override
  public List<ArticleSummary> articles() throws IOException {
    List<ArticleSummary> out = new ArrayList<>();
    Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), Fields.ARTICLE_ID);
    if (terms == null) {
      return out;
    }
    StoredFields stored = searcher.storedFields();
    // An updated index holds deleted paragraphs until they are merged away: skip them.
    Bits live = MultiBits.getLiveDocs(searcher.getIndexReader());
    TermsEnum te = terms.iterator();
    PostingsEnum postings = null;
    for (BytesRef id = te.next(); id != null; id = te.next()) {
      postings = te.postings(postings, PostingsEnum.NONE);
      int first = -1;
      int paragraphs = 0;
      for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        if (live == null || live.get(doc)) {
          first = first < 0 ? doc : first;
          paragraphs++;
        }
      }
      if (paragraphs > 0) {
        Document d = stored.document(first);
        out.add(new ArticleSummary(id.utf8ToString(), d.get(Fields.DISPLAY_TITLE),
            StoredParagraph.isDerived(d), paragraphs));
      }
    }
    return out;
  }

  @Override
  public IndexStats stats() throws IOException {
    var reader = (DirectoryReader) searcher.getIndexReader();
    Map<String, String> data = reader.getIndexCommit().getUserData();
    String at = data.get(IndexBuilder.COMMITTED_AT_KEY);
    int articles = data.containsKey(IndexBuilder.ARTICLES_KEY)
        ? Integer.parseInt(data.get(IndexBuilder.ARTICLES_KEY))
        : articles().size();
    return new IndexStats(articles, reader.numDocs(), at == null ? null : Instant.parse(at),
        reader.leaves().size(), reader.numDeletedDocs(), bytesOnDisk(reader));
  }

  /**
   * The sizes of the served commit's files. A rebuild in another process deletes the files of the
   * commit it replaces while this searcher still reads them (open files stay readable): those are
   * no longer on disk and count 0.
   */
  private static long bytesOnDisk(DirectoryReader reader) throws IOException {
    long bytes = 0;
    for (String file : reader.getIndexCommit().getFileNames()) {
      try {
        bytes += reader.directory().fileLength(file);
      } catch (NoSuchFileException | FileNotFoundException gone) {
        // replaced by a newer commit since this searcher opened
      }
    }
    return bytes;
  }

  @Override
  public String vectorsBy() throws IOException {
    var reader = (DirectoryReader) searcher.getIndexReader();
    return reader.getIndexCommit().getUserData().get(IndexBuilder.EMBEDDER_KEY);
  }

  /** The HNSW search, then the library's order (similarity, article id, paragraph). */
  @Override
  public List<Ranked> nearest(String field, float[] vector, int k, Query filter)
      throws IOException {
    TopDocs top = Ranking.top(searcher, new KnnFloatVectorQuery(field, vector, k, filter), k, k);
    return ranked(top);
  }

  @Override
  public List<Embedder.Vector> vectorsOf(StoredParagraph paragraph, List<Embedder.Space> spaces)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(paragraph.doc(), leaves));
    return ParagraphVectors.vectors(leaf.reader(), paragraph.doc() - leaf.docBase, spaces);
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.release(searcher);
    }
  }
}
