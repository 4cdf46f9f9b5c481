package dev.articlesearch.core.internal.related;

import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.CompositeReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermVectors;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The queries behind {@link ArticleSearch#related}: Lucene's MoreLikeThis over the paragraph's
 * text in the word field and the CJK field, its terms weighed by how rare they are in the whole
 * index, from other articles and from the paragraph's own. One copy for every engine: the
 * embedded one gives its index reader, another engine the statistics it fetched ({@link
 * TermStatistics}), and both get the same query.
 *
 * @param otherArticles paragraphs like it in other articles
 * @param sameArticle paragraphs like it in its own article, itself excluded
 */
public record RelatedQueries(Query otherArticles, Query sameArticle) {
  /** The index-wide numbers MoreLikeThis weighs terms by; fields by their Lucene names. */
  public interface TermStatistics {
    /** Paragraphs in the index. */
    int numDocs();

    /** Paragraphs with at least one term in {@code field}. */
    int docCount(String field);

    /** Paragraphs holding {@code term} in {@code field}. */
    int docFreq(String field, String term);
  }

  /** The fields MoreLikeThis reads, by their Lucene names ({@link IndexSchema#openSearchField}). */
  public static final List<String> FIELDS = List.of(Fields.TEXT, Fields.TEXT_CJK);

  /** Every term MoreLikeThis may weigh for this text, by field: the statistics it needs. */
  public static Map<String, Set<String>> terms(String text) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String field : FIELDS) {
      Set<String> terms = new LinkedHashSet<>();
      try (TokenStream ts = FieldAnalyzers.index().tokenStream(field, text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          terms.add(term.toString());
        }
        ts.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a string
      }
      out.put(field, terms);
    }
    return out;
  }

  /** The queries, with statistics fetched from another engine. */
  public static RelatedQueries of(String articleId, int paragraph, String text,
      TermStatistics statistics) {
    try (IndexReader reader = new StatisticsReader(statistics)) {
      return of(reader, articleId, paragraph, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // nothing to close
    }
  }

  public static RelatedQueries of(IndexReader reader, String articleId, int paragraph, String text)
      throws IOException {
    MoreLikeThis mlt = new MoreLikeThis(reader);
    mlt.setAnalyzer(FieldAnalyzers.index());
    mlt.setFieldNames(FIELDS.toArray(String[]::new));
    mlt.setMinTermFreq(1);
    mlt.setMinDocFreq(1);
    mlt.setMaxQueryTerms(30);
    mlt.setStopWords(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    // In field order, always: MoreLikeThis keeps the first of equally weighted terms.
    Map<String, java.util.Collection<Object>> fields = new LinkedHashMap<>();
    for (String f : FIELDS) {
      fields.put(f, List.of(text));
    }
    Query like = mlt.like(fields);
    return new RelatedQueries(inOtherArticles(like, articleId),
        inSameArticle(like, articleId, paragraph));
  }

  /** {@code query}'s paragraphs outside article {@code articleId}. */
  public static Query inOtherArticles(Query query, String articleId) {
    return new BooleanQuery.Builder().add(query, Occur.MUST)
        .add(new TermQuery(new Term(Fields.ARTICLE_ID, articleId)), Occur.MUST_NOT).build();
  }

  /** {@code query}'s paragraphs of article {@code articleId} but paragraph {@code paragraph}. */
  public static Query inSameArticle(Query query, String articleId, int paragraph) {
    return new BooleanQuery.Builder().add(query, Occur.MUST)
        .add(new TermQuery(new Term(Fields.ARTICLE_ID, articleId)), Occur.FILTER)
        .add(IntField.newExactQuery(Fields.PARAGRAPH, paragraph), Occur.MUST_NOT).build();
  }

  /**
   * Just the numbers MoreLikeThis asks an index reader for ({@code numDocs}, {@code getDocCount},
   * {@code docFreq}), from {@link TermStatistics}; it reads nothing else.
   */
  private static final class StatisticsReader extends CompositeReader {
    private final TermStatistics statistics;

    StatisticsReader(TermStatistics statistics) {
      this.statistics = statistics;
    }

    @Override
    protected List<? extends IndexReader> getSequentialSubReaders() {
      return List.of();
    }

    @Override
    public int numDocs() {
      return statistics.numDocs();
    }

    @Override
    public int maxDoc() {
      return statistics.numDocs();
    }

    @Override
    public int getDocCount(String field) {
      return statistics.docCount(field);
    }

    @Override
    public int docFreq(Term term) {
      return statistics.docFreq(term.field(), term.text());
    }

    @Override
    public TermVectors termVectors() {
      throw new UnsupportedOperationException("statistics only");
    }

    @Override
    public StoredFields storedFields() {
      throw new UnsupportedOperationException("statistics only");
    }

    @Override
    public long totalTermFreq(Term term) {
      throw new UnsupportedOperationException("statistics only");
    }

    @Override
    public long getSumDocFreq(String field) {
      throw new UnsupportedOperationException("statistics only");
    }

    @Override
    public long getSumTotalTermFreq(String field) {
      throw new UnsupportedOperationException("statistics only");
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return null;
    }

    @Override
    protected void doClose() {}
  }
}
