package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {
  private static Load.Result result(int clients, double perSecond) {
    return new Load.Result(clients, 100, 0, 10, perSecond, new Latency(100, 1, 2, 3, 4, 1.5));
  }

  private static Results.Engine engine(String name) {
    return new Results.Engine(name, result(1, 500), result(1, 400),
        List.of(result(1, 500), result(2, 900), result(4, 1000), result(16, 1000)));
  }

  /** bench/run --engines library,cluster: no rebuild, start-up, heap or rebuild under load. */
  private static Results.Report clusterOnly() {
    TopTenOverlap.Summary same = new TopTenOverlap.Summary(1200, 1200, 1200, 998, 1.0, 0, 1200, 0, 0);
    Results.Peer load = new Results.Peer("3.8.0", 1_000_000, 377.1, 2651, 0.61, 1.9, 18.0, same,
        List.of());
    Results.Cluster cluster = new Results.Cluster("3.8.0", 3, 3, 1, "341m",
        "dfs_query_then_fetch", 53.0, 8.6, 713.4, 1061.0,
        List.of(new Results.ClusterNode("node-1", 342, 143, 720),
            new Results.ClusterNode("node-2", 342, 65, 694)),
        load);
    Results.Size size = new Results.Size("1m", 1200, null,
        List.of(engine("library"), engine("cluster")), null, cluster, null);
    return new Results.Report("2026-11-23T21:22:11Z",
        new Results.Machine("cpu", 2, 23.5, "java", "os"), "bench/run --cluster", 10, 20, 12,
        List.of(size), List.of(), null, null);
  }

  @Test
  void clusterRunWithoutOurRebuildRendersTheClusterAndSkipsWhatWasNotMeasured() {
    String md = Markdown.of(clusterOnly());
    assertTrue(md.contains("## OpenSearch 3.8.0 cluster beside ours, 1m corpus"), md);
    assertTrue(md.contains("3 nodes on this machine, each with -Xmx341m"), md);
    assertTrue(md.contains("Launch to green with every node: 53 s"), md);
    assertTrue(md.contains("the same paragraphs for 1,200 (100%)"), md);
    assertTrue(md.contains("| node-2 | 342 | 65 | 694 |"), md);
    assertTrue(md.contains("| all | | | 1414 |"), md);
    assertTrue(md.contains("| cluster | 4 | 1,000 |"), md);
    assertFalse(md.contains("## Indexing"), md);
    assertFalse(md.contains("## Start-up"), md);
    assertFalse(md.contains("ours rebuilt at"), md);
    assertFalse(md.contains("NaN"), md);
  }
}
