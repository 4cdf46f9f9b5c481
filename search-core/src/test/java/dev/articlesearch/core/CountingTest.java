package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.embedded.Counting;
import dev.articlesearch.core.internal.embedded.LuceneSnapshot;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.query.SimpleQueryParser;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.search.Paging;
import dev.articlesearch.core.internal.search.Snapshot;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.articlesearch.core.internal.search.TopHits;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Totals are exact up to a limit and a lower bound past it; the ranking never changes. */
class CountingTest {
  @TempDir static Path dir;
  static DirectoryReader reader;
  static IndexSearcher searcher;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    // 量子 in 6 paragraphs, 芯片 in 3 of them (so tier 1 of "量子 芯片" has 3, tier 2 has 3).
    Files.writeString(corpus.resolve("a.txt"), """
        量子芯片一号。
        量子芯片二号。
        量子芯片三号。
        量子计算四号。
        量子计算五号。
        量子计算六号。
        天气很好。
        """);
    TestIndexes.build(corpus, dir.resolve("index")).close();
    reader = DirectoryReader.open(FSDirectory.open(dir.resolve("index")));
    searcher = new IndexSearcher(reader);
  }

  @AfterAll
  static void close() throws IOException {
    reader.close();
  }

  @Test
  void upToCountsExactlyBelowTheLimitAndStopsAtIt() throws IOException {
    Query q = new TermQuery(new Term(Fields.TEXT, "量子"));
    assertEquals(6, Counting.upTo(searcher, q, 100));
    assertEquals(6, Counting.upTo(searcher, q, 7));
    assertEquals(4, Counting.upTo(searcher, q, 4));
    assertEquals(0, Counting.upTo(searcher, q, 0));
    assertEquals(0, Counting.upTo(searcher, new TermQuery(new Term(Fields.TEXT, "没有")), 4));
  }

  private static Query word(String w) {
    return new TermQuery(new Term(Fields.TEXT, w));
  }

  private static Query bool(Object... occurAndQuery) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (int i = 0; i < occurAndQuery.length; i += 2) {
      b.add((Query) occurAndQuery[i + 1], (Occur) occurAndQuery[i]);
    }
    return b.build();
  }

  @Test
  void atLeastIsWhatTheWordFrequenciesAloneGuarantee() throws IOException {
    var r = searcher.getIndexReader();
    assertEquals(6, Counting.atLeast(r, word("量子"), 100));
    assertEquals(3, Counting.atLeast(r, word("芯片"), 100));
    assertEquals(0, Counting.atLeast(r, word("没有"), 100));
    assertEquals(6, Counting.atLeast(r, new BoostQuery(new ConstantScoreQuery(word("量子")), 2), 100));
    // A disjunction has at least its most frequent word's matches.
    assertEquals(6, Counting.atLeast(r, bool(Occur.SHOULD, word("芯片"), Occur.SHOULD, word("量子")), 100));
    // Optional words beside a required one: the required one's.
    assertEquals(3, Counting.atLeast(r, bool(Occur.MUST, word("芯片"), Occur.SHOULD, word("量子")), 100));
    assertEquals(3, Counting.atLeast(r, bool(Occur.FILTER, word("芯片"), Occur.SHOULD, word("量子")), 100));
    // Nothing known: a conjunction, an exclusion, optional words some of which must match, a phrase.
    assertEquals(0, Counting.atLeast(r, bool(Occur.MUST, word("芯片"), Occur.MUST, word("量子")), 100));
    assertEquals(0, Counting.atLeast(r, bool(Occur.MUST, word("量子"), Occur.MUST_NOT, word("芯片")), 100));
    BooleanQuery.Builder some = new BooleanQuery.Builder().add(word("量子"), Occur.MUST)
        .add(word("芯片"), Occur.SHOULD).setMinimumNumberShouldMatch(1);
    assertEquals(0, Counting.atLeast(r, some.build(), 100));
    assertEquals(0, Counting.atLeast(r, new PhraseQuery(Fields.TEXT, "量子", "芯片"), 100));
    assertEquals(0, Counting.atLeast(r, new BooleanQuery.Builder().build(), 100));
    // Of optional words alone, one must match (as when at least one is asked for); two: unknown.
    BooleanQuery.Builder one = new BooleanQuery.Builder().add(word("芯片"), Occur.SHOULD)
        .add(word("量子"), Occur.SHOULD).setMinimumNumberShouldMatch(1);
    assertEquals(6, Counting.atLeast(r, one.build(), 100));
    BooleanQuery.Builder two = new BooleanQuery.Builder().add(word("芯片"), Occur.SHOULD)
        .add(word("量子"), Occur.SHOULD).setMinimumNumberShouldMatch(2);
    assertEquals(0, Counting.atLeast(r, two.build(), 100));
    // Nested, as a later tier's query is: the best that any branch guarantees.
    assertEquals(3, Counting.atLeast(r, bool(
        Occur.MUST, bool(Occur.SHOULD, bool(Occur.MUST, word("芯片"), Occur.SHOULD, word("量子")),
            Occur.SHOULD, word("天气")),
        Occur.SHOULD, new BoostQuery(word("量子"), 0.2f)), 100));
  }

  @Test
  void atMostBoundsTheMatchesFromTheStatisticsAlone() throws IOException {
    IndexReader r = reader; // 7 paragraphs: 量子 in 6, 芯片 in 3, 天气 in 1
    assertEquals(6, Counting.atMost(r, word("量子"), 6));
    assertEquals(3, Counting.atMost(r, word("芯片"), 6));
    assertEquals(0, Counting.atMost(r, word("没有"), 6));
    assertEquals(3, Counting.atMost(r, new BoostQuery(new ConstantScoreQuery(word("芯片")), 2), 6));
    // A phrase and a conjunction: any of their words' will do, the first one within enough.
    assertEquals(3, Counting.atMost(r, new PhraseQuery(Fields.TEXT, "量子", "芯片"), 5));
    assertEquals(3, Counting.atMost(r, bool(Occur.MUST, word("量子"), Occur.FILTER, word("芯片"),
        Occur.SHOULD, word("天气")), 5));
    assertEquals(6, Counting.atMost(r, new PhraseQuery(Fields.TEXT, "量子", "芯片"), 6));
    // A disjunction: the sum of its clauses'; an exclusion takes nothing away from a bound.
    assertEquals(4, Counting.atMost(r, bool(Occur.SHOULD, word("芯片"), Occur.SHOULD, word("天气"),
        Occur.MUST_NOT, word("量子")), 6));
    // Past enough, only "more than enough"; no bound above the index's size.
    assertTrue(Counting.atMost(r, bool(Occur.SHOULD, word("量子"), Occur.SHOULD, word("芯片")), 6) > 6);
    assertEquals(7, Counting.atMost(r, bool(Occur.SHOULD, word("量子"), Occur.SHOULD, word("芯片")), 8));
    assertEquals(7, Counting.atMost(r, new WildcardQuery(new Term(Fields.TEXT, "量*")), 6));
  }

  @Test
  void atLeastKnowsNothingInAnIndexWithDeletions() throws IOException {
    try (Directory d = FSDirectory.open(dir.resolve("deletions"))) {
      try (IndexWriter w = new IndexWriter(d,
          new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
        for (String id : List.of("一", "二", "三")) {
          Document doc = new Document();
          doc.add(new StringField("id", id, Field.Store.NO));
          doc.add(new StringField(Fields.TEXT, "量子", Field.Store.NO));
          w.addDocument(doc);
        }
        w.commit();
        w.deleteDocuments(new Term("id", "二"));
        w.commit();
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        // The word's frequency still counts the deleted paragraph: 3, where 2 match.
        assertEquals(3, r.docFreq(new Term(Fields.TEXT, "量子")));
        assertEquals(0, Counting.atLeast(r, word("量子"), 100));
        assertEquals(2, Counting.upTo(new IndexSearcher(r), word("量子"), 3));
        // A bound counts the deleted paragraph too, which keeps it a bound.
        assertEquals(3, Counting.atMost(r, word("量子"), 2));
      }
    }
  }

  @Test
  void aTierKnownToPassTheLimitIsRankedAsInFullAndTotalledAtTheLimit() throws IOException {
    LuceneSnapshot s = new LuceneSnapshot(searcher);
    TopHits full = s.top(word("量子"), 2, 100);
    assertEquals(6, full.total());
    assertTrue(full.exact());
    for (int limit : new int[] {3, 4, 5}) {
      TopHits bounded = s.top(word("量子"), 2, limit);
      assertEquals(limit, bounded.total(), "count limit " + limit);
      assertFalse(bounded.exact(), "count limit " + limit);
      assertEquals(full.hits(), bounded.hits(), "count limit " + limit);
    }
    // Reached exactly, the count is exact: the frequency alone cannot say there are more.
    TopHits atLimit = s.top(word("量子"), 2, 6);
    assertEquals(6, atLimit.total());
    assertTrue(atLimit.exact());
    assertEquals(full.hits(), atLimit.hits());
  }

  @Test
  void aQueryWithFewMatchesIsRankedAndCountedInOnePass() throws IOException {
    AtomicInteger passes = new AtomicInteger();
    IndexSearcher counted = new IndexSearcher(reader) {
      @Override
      public <C extends Collector, T> T search(Query query, CollectorManager<C, T> manager)
          throws IOException {
        passes.incrementAndGet();
        return super.search(query, manager);
      }
    };
    Query both = bool(Occur.SHOULD, word("量子"), Occur.SHOULD, word("天气"));
    TopHits once = new LuceneSnapshot(counted).topAndCount(both, 2, 100);
    assertEquals(1, passes.getAndSet(0));
    TopHits twice = withDefaults(new LuceneSnapshot(counted)).topAndCount(both, 2, 100);
    assertEquals(2, passes.get());
    assertEquals(new TopHits(7, true, twice.hits()), once);
    assertEquals(2, once.hits().size());
    // At the limit: a lower bound, as a count to the limit gives.
    assertEquals(new TopHits(5, false, once.hits()),
        new LuceneSnapshot(counted).topAndCount(both, 2, 5));
  }

  @Test
  void pageTotalIsExactUnderTheLimitAndALowerBoundOverIt() throws IOException {
    List<QueryPlan.Tier> tiers = SimpleQueryParser.parse("量子 芯片").rankedTiers(null);
    Paging.Page exact = Paging.paragraphs(new LuceneSnapshot(searcher), tiers, 0, 2, 100);
    assertEquals(6, exact.total());
    assertTrue(exact.totalExact());
    // Tier 1 (both words, 3 paragraphs) fills the page of 2; tier 2 is only counted, up to 4 in all.
    Paging.Page bounded = Paging.paragraphs(new LuceneSnapshot(searcher), tiers, 0, 2, 4);
    assertEquals(4, bounded.total());
    assertFalse(bounded.totalExact());
    assertEquals(exact.hits().stream().map(d -> d.doc()).toList(),
        bounded.hits().stream().map(d -> d.doc()).toList());
    // A limit reached exactly by tier 1 still finds that tier 2 has more.
    Paging.Page atLimit = Paging.paragraphs(new LuceneSnapshot(searcher), tiers, 0, 2, 3);
    assertEquals(3, atLimit.total());
    assertFalse(atLimit.totalExact());
    // Paging past tier 1 ranks tier 2 with the same bound.
    Paging.Page deep = Paging.paragraphs(new LuceneSnapshot(searcher), tiers, 4, 2, 100);
    assertEquals(6, deep.total());
    assertEquals(2, deep.hits().size());
  }

  /**
   * A later tier ranked and counted through the query that also finds the earlier tiers' hits
   * gives the page and total of the tiers run one after the other in full: the same paragraphs in
   * the same order with the same scores, an exact total below the limit and a lower bound past it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"量子 芯片", "量子 计算 芯片", "quantum chip", "quantum chips computing",
      "\"quantum chip\" error", "量子 quantum", "芯片 -计算 量子", "天气 量子"})
  void laterTiersGiveThePagesAndTotalsOfTheTiersRunInFull(String query) throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("tiers-" + Math.abs(query.hashCode())));
    Files.writeString(corpus.resolve("a.txt"), """
        量子芯片

        量子芯片一号。量子计算。

        量子计算二号。

        量子计算芯片三号，量子芯片。

        天气很好，量子。
        """);
    Files.writeString(corpus.resolve("b.txt"), """
        Quantum chips

        A quantum chip corrects an error.

        Quantum computing needs a chip.

        Quantum computing, quantum computing.

        A quantum chip corrects an error.

        Chips, chips, chips.
        """);
    Files.writeString(corpus.resolve("c.txt"), """
        量子芯片二

        量子计算芯片三号，量子芯片。

        A quantum chip corrects an error.
        """);
    Path index = dir.resolve("tiers-index-" + Math.abs(query.hashCode()));
    TestIndexes.build(corpus, index).close();
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(index))) {
      IndexSearcher s = new IndexSearcher(r);
      List<QueryPlan.Tier> tiers = SimpleQueryParser.parse(query).rankedTiers(null);
      List<String> all = new ArrayList<>();
      for (QueryPlan.Tier tier : tiers) {
        new LuceneSnapshot(s).top(tier.query(), 1_000, 1_000).hits()
            .forEach(h -> all.add(h.articleId() + "#" + h.paragraph() + " " + h.score()));
      }
      assertTrue(tiers.size() < 2 || !all.isEmpty(), "the corpus has hits for " + query);
      for (int countLimit : new int[] {1, 2, 3, 5, 8, 13, 10_000}) {
        for (int offset = 0; offset <= all.size() + 1; offset++) {
          for (int limit = 1; limit <= 4 && offset + limit <= countLimit; limit++) {
            for (boolean onePass : new boolean[] {true, false}) {
              // The flow's limit is never below the page's depth (max_window is the count limit).
              // This index is small enough for a tier to be ranked and counted in one pass; the
              // other way, ranked with skipping and then counted, is the same snapshot's default.
              Snapshot snapshot = onePass ? new LuceneSnapshot(s) : withDefaults(new LuceneSnapshot(s));
              Paging.Page page = Paging.paragraphs(snapshot, tiers, offset, limit, countLimit);
              String where = query + ", offset " + offset + ", limit " + limit + ", count limit "
                  + countLimit + (onePass ? ", one pass" : ", ranked then counted");
              assertEquals(Paging.window(all, offset, limit),
                  page.hits().stream().map(h -> h.articleId() + "#" + h.paragraph() + " " + h.score()).toList(), where);
              // At the limit itself either is right: Lucene's collector reports a count it reached
              // exactly as exact.
              assertTrue(page.totalExact() || all.size() >= countLimit, where);
              if (page.totalExact()) {
                assertEquals(all.size(), page.total(), where);
              } else {
                assertTrue(page.total() >= countLimit && page.total() <= all.size(), where + ": " + page.total());
              }
            }
          }
        }
      }
    }
  }

  /** {@code snapshot} with the interface's own {@code default} methods instead of its overrides. */
  private static Snapshot withDefaults(Snapshot snapshot) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(snapshot, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Snapshot) Proxy.newProxyInstance(
        Snapshot.class.getClassLoader(), new Class<?>[] {Snapshot.class}, h);
  }
}
