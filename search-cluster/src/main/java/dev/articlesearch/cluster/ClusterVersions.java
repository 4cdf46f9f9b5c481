package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The alias and the index versions behind it, for {@link ClusterIndexer}'s rebuilds, several of
 * which may run at once on one cluster with nothing but the cluster to share: a version being
 * loaded says so in its {@code _meta}, with a heartbeat, so that no other rebuild deletes it; the
 * alias moves in one request that fails if another rebuild moved it first; and only versions no
 * live rebuild owns are cleaned up.
 */
final class ClusterVersions {
  /**
   * A rebuild still loading says so in its index's {@code _meta} at least this often; a version
   * whose last word is older was left by a rebuild that died, and the next rebuild deletes it.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  /** How old a loading version's heartbeat must be before another rebuild treats it as dead. */
  static final Duration STALE = Duration.ofMinutes(15);

  private ClusterVersions() {}

  /** The indices the alias points to now (none if it does not exist yet). */
  static List<String> aliased(ClusterClient http, String alias) {
    ClusterClient.Answer a = http.exchange("GET", "/_alias/" + alias, null);
    if (a.status() == 404) {
      ClusterClient.Answer index = http.exchange("HEAD", "/" + alias, null);
      if (index.status() == 200) {
        throw new ClusterException("OpenSearch at " + http.describe() + " has an index named '"
            + alias + "', the name the alias needs: delete it, or choose another alias", 0);
      }
      return List.of();
    }
    if (a.status() != 200) {
      throw ClusterClient.failure("GET", "/_alias/" + alias, a);
    }
    List<String> indices = new ArrayList<>();
    a.body().fieldNames().forEachRemaining(indices::add);
    return indices;
  }

  /** Tells other rebuilds this one is alive: {@code _meta.heartbeat} is now. */
  static void heartbeat(ClusterClient http, String index) {
    ObjectNode mapping = ClusterClient.JSON.createObjectNode();
    ObjectNode meta = mapping.putObject("_meta").putObject(ClusterIndexer.META);
    meta(http, index).properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
    meta.put("heartbeat", Instant.now().toString());
    http.call("PUT", "/" + index + "/_mapping", mapping);
  }

  /** What an index's {@code _meta} says about it (empty if nothing). */
  static JsonNode meta(ClusterClient http, String index) {
    return http.call("GET", "/" + index + "/_mapping", null)
        .path(index).path("mappings").path("_meta").path(ClusterIndexer.META);
  }

  /**
   * Moves the alias from the indices it pointed to when the rebuild began to the new one, in one
   * request; {@code must_exist} makes it fail, changing nothing, if another rebuild moved it since.
   */
  static void move(ClusterClient http, String alias, List<String> before, String index) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (String old : before) {
      actions.addObject().putObject("remove")
          .put("index", old).put("alias", alias).put("must_exist", true);
    }
    actions.addObject().putObject("add").put("index", index).put("alias", alias);
    ClusterClient.Answer a = http.exchange("POST", "/_aliases", body);
    if (a.status() == 404) {
      throw new ClusterException("Another rebuild moved the alias '" + alias + "' while this one"
          + " ran (it pointed to " + before + "): this rebuild's index was deleted; the alias"
          + " stays where the other put it", 404);
    }
    if (a.status() != 200) {
      throw ClusterClient.failure("POST", "/_aliases", a);
    }
    List<String> now = aliased(http, alias);
    if (!now.equals(List.of(index))) {
      throw new ClusterException("After the move the alias '" + alias + "' points to " + now
          + ", not only to " + index + ": another rebuild ran at the same time", 0);
    }
  }

  /**
   * Deletes the versions of this alias older than {@code index} that it no longer points to and
   * no rebuild is filling: the ones it just left (complete), after the grace period, and any a
   * dead rebuild left behind (still loading, but silent for {@link #STALE}). A version another
   * rebuild is loading now, older or newer, stays: that rebuild moves the alias or deletes it.
   */
  static List<String> removeOlder(ClusterClient http, ClusterIndexer.Target target, String index) {
    JsonNode all = http.call("GET", "/_cat/indices/" + target.alias()
        + "-v*?format=json&h=index&expand_wildcards=all", null);
    TreeSet<String> older = new TreeSet<>();
    for (JsonNode row : all) {
      String name = row.path("index").asText();
      if (name.compareTo(index) < 0 && name.matches(Pattern.quote(target.alias())
          + "-v\\d{8}-\\d{6}-\\d{3}") && !loading(meta(http, name))) {
        older.add(name);
      }
    }
    if (older.isEmpty()) {
      return List.of();
    }
    sleep(target.grace().toMillis());
    List<String> deleted = new ArrayList<>();
    for (String name : older) {
      if (aliased(http, target.alias()).contains(name)) {
        continue; // another rebuild pointed the alias back at it meanwhile
      }
      ClusterClient.Answer a = http.exchange("DELETE", "/" + name, null);
      if (a.status() == 200 || a.status() == 404) {
        deleted.add(name);
      } else {
        throw ClusterClient.failure("DELETE", "/" + name, a);
      }
    }
    return deleted;
  }

  /** Whether a version's rebuild is alive: still loading, and heard from within {@link #STALE}. */
  private static boolean loading(JsonNode meta) {
    if (!ClusterIndexer.BUILDING.equals(meta.path("state").asText())) {
      return false;
    }
    try {
      Instant beat = Instant.parse(meta.path("heartbeat").asText());
      return beat.isAfter(Instant.now().minus(STALE));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  static void deleteQuietly(ClusterClient http, String index) {
    try {
      http.exchange("DELETE", "/" + index, null);
    } catch (RuntimeException ignored) {
      // the rebuild is failing with the more useful error; the next rebuild removes it
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted", e);
    }
  }
}
