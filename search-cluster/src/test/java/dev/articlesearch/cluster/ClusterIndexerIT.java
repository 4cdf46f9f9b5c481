package dev.articlesearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.opensearch.OpenSearchCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rebuilding into a real three-node cluster: a new version behind the alias, moved in one step
 * only when complete; failures and a lost race leave the alias where it was. Each test uses its
 * own alias.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterIndexerIT {
  private static final Path SEEDS = Path.of("..", "seeds");

  private static ClusterIndexer.Target target(OpenSearchCluster.Cluster cluster, String alias) {
    return new ClusterIndexer.Target(cluster.nodeUris(), alias, 0, -1, Duration.ZERO);
  }

  private static ClusterClient http(OpenSearchCluster.Cluster cluster) {
    return new ClusterClient(cluster.nodeUris(), Duration.ofMinutes(1));
  }

  private static List<String> aliased(OpenSearchCluster.Cluster cluster, String alias) {
    ClusterClient.Answer a = http(cluster).exchange("GET", "/_alias/" + alias, null);
    List<String> out = new ArrayList<>();
    if (a.status() == 200) {
      a.body().fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  private static boolean exists(OpenSearchCluster.Cluster cluster, String index) {
    return http(cluster).exchange("HEAD", "/" + index, null).status() == 200;
  }

  @Test
  void rebuildFillsANewVersionThenMovesTheAliasAndDeletesThePreviousOne(
      OpenSearchCluster.Cluster cluster) throws IOException {
    ClusterIndexer.Result first = ClusterIndexer.rebuild(SEEDS, target(cluster, "it-basic"), p -> {});
    assertEquals(2, first.report().articles());
    assertEquals(56, first.report().paragraphs());
    assertEquals(List.of(), first.report().skipped());
    assertEquals(3, first.shards()); // one per data node
    assertEquals(1, first.replicas());
    assertTrue(first.index().matches("it-basic-v\\d{8}-\\d{6}-\\d{3}"), first.index());
    assertEquals(List.of(first.index()), aliased(cluster, "it-basic"));

    ClusterClient http = http(cluster);
    assertEquals(56, http.call("GET", "/it-basic/_count", null).path("count").asInt());
    JsonNode settings = http.call("GET", "/" + first.index() + "/_settings", null)
        .path(first.index()).path("settings").path("index");
    assertEquals("3", settings.path("number_of_shards").asText());
    assertEquals("1", settings.path("number_of_replicas").asText());
    JsonNode meta = http.call("GET", "/" + first.index() + "/_mapping", null)
        .path(first.index()).path("mappings").path("_meta").path(ClusterIndexer.META);
    assertEquals("complete", meta.path("state").asText());
    assertEquals(2, meta.path("articles").asInt());
    assertEquals(56, meta.path("paragraphs").asInt());
    assertEquals(Files.readString(SEEDS.resolve("aliases.csv")), meta.path("aliases_csv").asText());
    assertEquals(ClusterIndexer.FORMAT, meta.path("format").asText());
    // Routed by article: every paragraph of an article on one shard, found only with its routing.
    JsonNode doc = http.call("GET", "/it-basic/_doc/002_aaf58d43826c50b3%2F9?routing="
        + "002_aaf58d43826c50b3", null).path("_source");
    assertEquals(64, doc.path("source_hash").asText().length(), doc.toString());
    assertEquals(400, http.exchange("GET", "/it-basic/_doc/002_aaf58d43826c50b3%2F9", null)
        .status(), "a paragraph without its routing is refused, never looked up on another shard");
    assertTrue(doc.path("text").asText().startsWith("In detail, according to MMLU rankings, ChatGLM3-6B"),
        doc.toString());

    ClusterIndexer.Result second = ClusterIndexer.rebuild(SEEDS, target(cluster, "it-basic"), p -> {});
    assertNotEquals(first.index(), second.index());
    assertEquals(List.of(second.index()), aliased(cluster, "it-basic"));
    assertEquals(List.of(first.index()), second.deleted());
    assertTrue(!exists(cluster, first.index()), "the previous version was deleted");
  }

  @Test
  void aFailureBeforeTheMoveLeavesTheAliasWhereItWasAndDeletesTheNewIndex(
      OpenSearchCluster.Cluster cluster) {
    ClusterIndexer.Result before = ClusterIndexer.rebuild(SEEDS, target(cluster, "it-fail"), p -> {});
    List<String> seen = new ArrayList<>();
    Consumer<RebuildProgress> failAtTheEnd = p -> {
      if (p.committing()) {
        seen.addAll(versions(cluster, "it-fail"));
        throw new IllegalStateException("stopped before the move");
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ClusterIndexer.rebuild(SEEDS, target(cluster, "it-fail"), failAtTheEnd));
    assertEquals("stopped before the move", e.getMessage());
    assertEquals(2, seen.size(), "the new version existed while loading: " + seen);
    assertEquals(List.of(before.index()), aliased(cluster, "it-fail"));
    assertEquals(List.of(before.index()), versions(cluster, "it-fail"));
  }

  @Test
  void aRebuildThatLosesTheRaceToMoveTheAliasFailsAndChangesNothing(
      OpenSearchCluster.Cluster cluster) {
    ClusterIndexer.rebuild(SEEDS, target(cluster, "it-race"), p -> {});
    List<ClusterIndexer.Result> other = new ArrayList<>();
    Consumer<RebuildProgress> letAnotherFinishFirst = p -> {
      if (p.committing() && other.isEmpty()) {
        other.add(ClusterIndexer.rebuild(SEEDS, target(cluster, "it-race"), q -> {}));
      }
    };
    ClusterException e = assertThrows(ClusterException.class,
        () -> ClusterIndexer.rebuild(SEEDS, target(cluster, "it-race"), letAnotherFinishFirst));
    assertTrue(e.getMessage().startsWith("Another rebuild moved the alias 'it-race' while this one"
        + " ran (it pointed to [it-race-v"), e.getMessage());
    assertEquals(List.of(other.get(0).index()), aliased(cluster, "it-race"));
    assertEquals(List.of(other.get(0).index()), versions(cluster, "it-race"));
  }

  @Test
  void anUnfinishedVersionLeftByAKilledRebuildIsDeletedByTheNext(OpenSearchCluster.Cluster cluster) {
    // As a rebuild killed while loading leaves it: never aliased, its last heartbeat long ago.
    String dead = "it-left-v20000101-000000-000";
    http(cluster).call("PUT", "/" + dead, ClusterClient.JSON.createObjectNode().set("mappings",
        ClusterClient.JSON.createObjectNode().set("_meta", ClusterClient.JSON.createObjectNode()
            .set(ClusterIndexer.META, ClusterClient.JSON.createObjectNode()
                .put("state", "building").put("heartbeat", "2000-01-01T00:00:00Z")))));
    ClusterIndexer.Result r = ClusterIndexer.rebuild(SEEDS, target(cluster, "it-left"), p -> {});
    assertEquals(List.of(dead), r.deleted());
    assertEquals(List.of(r.index()), versions(cluster, "it-left"));
  }

  @Test
  void anIndexHoldingTheAliasNameOrTooManyReplicasAreRefusedBeforeAnythingIsWritten(
      OpenSearchCluster.Cluster cluster) {
    http(cluster).call("PUT", "/it-taken", null);
    ClusterException taken = assertThrows(ClusterException.class,
        () -> ClusterIndexer.rebuild(SEEDS, target(cluster, "it-taken"), p -> {}));
    assertTrue(taken.getMessage().endsWith(" has an index named 'it-taken', the name the alias"
        + " needs: delete it, or choose another alias"), taken.getMessage());
    ClusterException replicas = assertThrows(ClusterException.class, () -> ClusterIndexer.rebuild(
        SEEDS, target(cluster, "it-replicas").withReplicas(3), p -> {}));
    assertTrue(replicas.getMessage().startsWith("3 replica(s) of each shard need 4 data nodes;"
        + " OpenSearch at "), replicas.getMessage());
    assertTrue(replicas.getMessage().endsWith(" has 3"), replicas.getMessage());
    assertEquals(List.of(), versions(cluster, "it-taken"));
    assertEquals(List.of(), versions(cluster, "it-replicas"));
  }

  /** The versions of an alias that exist, in name (= time) order. */
  private static List<String> versions(OpenSearchCluster.Cluster cluster, String alias) {
    List<String> out = new ArrayList<>();
    for (JsonNode row : http(cluster).call("GET", "/_cat/indices/" + alias
        + "-v*?format=json&h=index&expand_wildcards=all", null)) {
      out.add(row.path("index").asText());
    }
    out.sort(null);
    return out;
  }
}
