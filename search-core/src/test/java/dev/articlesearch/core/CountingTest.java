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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
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
            // The flow's limit is never below the page's depth (max_window is the count limit).
            Paging.Page page = Paging.paragraphs(new LuceneSnapshot(s), tiers, offset, limit, countLimit);
            String where = query + ", offset " + offset + ", limit " + limit + ", count limit " + countLimit;
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
