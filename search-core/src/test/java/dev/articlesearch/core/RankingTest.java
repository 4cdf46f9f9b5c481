package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.embedded.Ranking;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hits of equal score are ordered by article id, then paragraph number, exactly as Lucene's own
 * string and int sorts order them, in an index of many segments (an updated index's) whose
 * article ids are spread unevenly over them, with the searcher's segments searched in one slice
 * or several at once.
 */
class RankingTest {
  @TempDir static Path dir;
  static Directory directory;
  static DirectoryReader reader;
  static ExecutorService pool;

  /** Lucene's own sort, the one {@link Ranking} replaced. */
  private static final Sort LUCENE = new Sort(SortField.FIELD_SCORE,
      new SortField(Fields.ARTICLE_ID, SortField.Type.STRING),
      new SortedNumericSortField(Fields.PARAGRAPH, SortField.Type.INT));

  private static final String[] IDS = {"a", "b", "manual/zh/量子", "manual/zh/芯片", "z", "文章",
      "文章/一", "doc-10", "doc-9", "𠀀古文"};

  @BeforeAll
  static void build() throws IOException {
    directory = FSDirectory.open(dir);
    Random random = new Random(17);
    // Two words (the default analyzer's) and short texts: most scores tie. No merges: 12 segments,
    // each with only some of the ids; a few paragraphs without an id or a number.
    try (IndexWriter w = new IndexWriter(directory,
        new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
      for (int segment = 0; segment < 12; segment++) {
        int ids = 1 + random.nextInt(IDS.length);
        for (int i = 0; i < 40 + random.nextInt(200); i++) {
          String id = IDS[random.nextInt(ids)];
          Document d = new Document();
          if (random.nextInt(20) > 0) {
            d.add(new StringField(Fields.ARTICLE_ID, id, Field.Store.NO));
            d.add(new SortedDocValuesField(Fields.ARTICLE_ID, new BytesRef(id)));
          }
          if (random.nextInt(20) > 0) {
            d.add(new IntField(Fields.PARAGRAPH, 1 + random.nextInt(30), Field.Store.NO));
          }
          d.add(new TextField(Fields.TEXT, random.nextBoolean() ? "quantum chip" : "quantum", Field.Store.NO));
          w.addDocument(d);
        }
        w.commit();
      }
    }
    reader = DirectoryReader.open(directory);
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void close() throws IOException {
    pool.shutdown();
    reader.close();
    directory.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 10, 50, 500, 5_000})
  void equalScoresRankByArticleIdThenParagraphAsLucenesSortsDo(int n) throws IOException {
    assertTrue(reader.leaves().size() >= 12, "segments: " + reader.leaves().size());
    List<Query> queries = List.of(
        new TermQuery(new Term(Fields.TEXT, "quantum")),
        new TermQuery(new Term(Fields.TEXT, "chip")),
        MatchAllDocsQuery.INSTANCE,
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(Fields.TEXT, "quantum")), Occur.MUST)
            .add(new TermQuery(new Term(Fields.TEXT, "chip")), Occur.SHOULD)
            .add(new TermQuery(new Term(Fields.ARTICLE_ID, "文章")), Occur.SHOULD)
            .build());
    for (IndexSearcher searcher : List.of(new IndexSearcher(reader),
        new IndexSearcher(reader, pool))) {
      for (Query q : queries) {
        TopDocs lucene = searcher.search(q, new TopFieldCollectorManager(LUCENE, n, n));
        TopDocs ours = Ranking.top(searcher, q, n, n);
        assertEquals(lucene.scoreDocs.length, ours.scoreDocs.length, q.toString());
        assertTrue(lucene.totalHits.value() > 100, q + " finds many hits");
        assertEquals(hits(lucene, true), hits(ours, false), q + " with " + searcher);
      }
    }
  }

  /** Each hit as "article#paragraph score doc", from Lucene's sort values or from ours. */
  private static List<String> hits(TopDocs top, boolean lucene) {
    List<String> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      Object[] fields = ((FieldDoc) sd).fields;
      String id = lucene ? (fields[1] == null ? null : ((BytesRef) fields[1]).utf8ToString())
          : Ranking.articleId(sd);
      int paragraph = lucene ? ((Number) fields[2]).intValue() : Ranking.paragraph(sd);
      out.add(id + "#" + paragraph + " " + fields[0] + " " + sd.doc);
    }
    return out;
  }
}
