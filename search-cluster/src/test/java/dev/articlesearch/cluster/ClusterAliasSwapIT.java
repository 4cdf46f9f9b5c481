package dev.articlesearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.opensearch.OpenSearchCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rebuilds moving the alias under steady searches, through the engine as a user opens it (by
 * settings): every answer must be the one given before, none may fail, though each move is
 * followed by the deletion of the version searches were just using (after the grace period).
 * A node killed under load: {@link ClusterFailoverIT}.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterAliasSwapIT {
  private static final Path SEEDS = Path.of("..", "seeds");
  private static final int CLIENTS = 4;
  private static final List<String> QUERIES = List.of(
      "智谱", "ChatGLM3-6B", "清华大学", "valuation", "\"open source\"", "Zhizhu financing", "模型");

  private static ArticleSearch open(OpenSearchCluster.Cluster cluster, String alias) {
    return ArticleSearch.open(Map.of(
        "backend", "opensearch",
        "opensearch.urls", cluster.nodeUris().stream().map(Object::toString)
            .collect(Collectors.joining(",")),
        "opensearch.index", alias,
        // Generous: a request that waits for a shard copy to fail over still counts as answered.
        "timeout_ms", "30000"));
  }

  /** What a result says, for comparing: the total and each hit's place, paragraph and matches. */
  private static String summary(SearchResult r) {
    StringBuilder s = new StringBuilder().append(r.total()).append(r.totalExact() ? "" : "+");
    for (Hit h : r.hits()) {
      s.append(' ').append(h.articleId()).append('#').append(h.paragraph()).append(h.matches());
    }
    return s.toString();
  }

  private static Map<String, String> expected(ArticleSearch search) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String q : QUERIES) {
      expected.put(q, summary(search.search(SearchRequest.of(q).withLimit(10))));
    }
    return expected;
  }

  private static SteadyLoad load(ArticleSearch search, Map<String, String> expected) {
    return new SteadyLoad(CLIENTS, c -> n -> {
      String q = QUERIES.get((c + n) % QUERIES.size());
      assertEquals(expected.get(q), summary(search.search(SearchRequest.of(q).withLimit(10))), q);
    });
  }

  @Test
  void theAliasMovedByRebuildsUnderLoadFailsNoRequest(OpenSearchCluster.Cluster cluster)
      throws Exception {
    ClusterIndexer.Target target = new ClusterIndexer.Target(cluster.nodeUris(), "it-swap", 0, 1,
        Duration.ofSeconds(5));
    ClusterIndexer.rebuild(SEEDS, target, p -> {});
    try (ArticleSearch search = open(cluster, "it-swap")) {
      Map<String, String> expected = expected(search);
      List<String> moves = new ArrayList<>();
      SteadyLoad load = load(search, expected);
      try (load) {
        for (int i = 0; i < 3; i++) {
          Thread.sleep(1_000);
          ClusterIndexer.Result r = ClusterIndexer.rebuild(SEEDS, target, p -> {});
          moves.add(r.index() + " (deleted " + r.deleted() + ") at " + load.done() + " requests");
        }
        Thread.sleep(1_000);
      }
      System.out.println("3 alias moves under load: " + String.join("; ", moves) + "; "
          + load.done() + " requests in all, " + load.failures().size() + " failed, slowest "
          + load.slowestMillis() + " ms");
      assertEquals(List.of(), load.failures());
      assertEquals(3, moves.size());
    }
  }
}
