package dev.articlesearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.Limits;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.opensearch.OpenSearchCluster;
import dev.articlesearch.opensearch.OpenSearchCluster.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed ({@code kill -9}) under steady searches from {@link ClusterSearch}: requests it
 * was coordinating go to the next node, shard requests it held go to the replicas, and no search
 * fails or returns a different answer; the cluster is green again once the node is back.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterFailoverIT {
  static final List<String> QUERIES = List.of("智谱", "Zhipu AI", "清华大学", "大模型", "model",
      "Tsinghua University", "开源");

  @Test
  void aKilledNodeFailsNoSearch(Cluster opensearch, @TempDir Path dir) throws Exception {
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS, TestCorpora.CHINESE);
    ClusterIndexer.rebuild(corpus, new ClusterIndexer.Target(opensearch.nodeUris(), "failover",
        3, 1, Duration.ZERO), p -> {});
    Limits limits = Limits.DEFAULTS.withTimeout(Duration.ofSeconds(30));
    try (ClusterSearch search = ClusterSearch.open(opensearch.nodeUris(), "failover", limits)) {
      Map<String, List<String>> expected = new HashMap<>();
      for (String q : QUERIES) {
        expected.put(q, ids(search.search(SearchRequest.of(q))));
      }
      // Paced: with four clients that never pause, both cores stayed busy and the killed node took
      // 72 s to start again (54 s paced); paced, the four still have a search in flight most of
      // the time.
      SteadyLoad load = new SteadyLoad(4, Duration.ofMillis(50), c -> n -> {
        String q = QUERIES.get((c + n) % QUERIES.size());
        List<String> got = ids(search.search(SearchRequest.of(q)));
        if (!got.equals(expected.get(q))) {
          throw new AssertionError(q + ": " + got + " instead of " + expected.get(q));
        }
      });
      try {
        // The others see a killed node's connections close at once (all on 127.0.0.1: its removal
        // as "disconnected" was logged 0.1 s after the kill), so a few seconds down cover the
        // replicas' promotion too; the restart, to green, takes most of the test's time anyway.
        Thread.sleep(2_000);
        opensearch.kill(2);
        Thread.sleep(6_000);
        opensearch.restart(2); // waits for green
        Thread.sleep(2_000);
      } finally {
        load.close(); // stops the clients: their counts are final from here
      }
      long failed = load.failures().size();
      long done = load.done();
      System.out.printf(Locale.ROOT, "Failover: %d searches while node-3 was killed and"
          + " restarted, %d failed, slowest %d ms%n", done, failed, load.slowestMillis());
      assertEquals(List.of(), load.failures());
      assertTrue(done > 50, "searches: " + done);
      assertEquals("green", opensearch.health(0));
    }
  }

  private static List<String> ids(SearchResult r) {
    return r.hits().stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
  }
}
