package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.corpus.Corpus;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Rebuilds the cluster's index from a corpus folder without searches ever seeing a half-built one:
 * the corpus goes into a new index, {@code <alias>-v<UTC time>}, and only once every paragraph is
 * in it, refreshed, fully replicated and counted does the alias move to it, in one atomic step
 * that fails if another rebuild moved the alias meanwhile. Then the files that changed while the
 * rebuild read the folder are brought in as an update does ({@link ClusterUpdater#catchUp}), and
 * the versions before it go, after a grace period for searches still running on them. A failed or
 * killed rebuild leaves the alias where it was; its unfinished index is deleted then, or by the
 * next rebuild. The loading is
 * {@code ClusterBulkLoad}'s; the alias and the other versions, which concurrent rebuilds share,
 * are {@code ClusterVersions}'.
 */
public final class ClusterIndexer {
  private static final System.Logger LOG = System.getLogger(ClusterIndexer.class.getName());

  /** The alias searches go through, unless told otherwise. */
  public static final String DEFAULT_ALIAS = "articles";

  /** The {@code _meta} key under which an index says what it holds. */
  static final String META = "articlesearch";

  /** What {@code _meta.state} says of a version: still being loaded, or ready for the alias. */
  static final String BUILDING = "building";
  static final String COMPLETE = "complete";

  /**
   * What {@code _meta.format} says of an index this version builds: every article's paragraphs
   * routed to one shard by its id, each carrying the hash, size and time of the file it was read
   * from. {@link ClusterUpdater} updates only such an index in place; one without it (built by an
   * earlier version) is rebuilt.
   */
  static final String FORMAT = "routed-by-article+source-hash";

  private static final Pattern ALIAS_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,200}");
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmss'-'SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Where and how to build.
   *
   * @param urls the cluster's nodes (any of them; the next is tried when one cannot be reached)
   * @param alias the alias searches use ({@value #DEFAULT_ALIAS})
   * @param shards primary shards of the new index; 0: one per data node
   * @param replicas copies of each shard beyond the primary; -1: one if there are two data nodes
   *     or more, else none
   * @param grace how long the previous versions stay after the alias has moved, for searches
   *     still running on them
   */
  public record Target(List<URI> urls, String alias, int shards, int replicas, Duration grace) {
    public Target {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("No OpenSearch URL given");
      }
      if (alias == null || !ALIAS_NAME.matcher(alias).matches()) {
        throw new IllegalArgumentException("The index alias must be lower-case letters, digits,"
            + " '-' and '_', was '" + alias + "'");
      }
      if (shards < 0 || shards > 1024) {
        throw new IllegalArgumentException("Shards must be from 0 (one per data node) to 1024, was "
            + shards);
      }
      if (replicas < -1 || replicas > 16) {
        throw new IllegalArgumentException("Replicas must be from 0 to 16 (-1: automatic), was "
            + replicas);
      }
    }

    /** The cluster at {@code urls} (comma-separated), the default alias, shards and replicas. */
    public static Target of(String urls) {
      return new Target(ClusterClient.parseUrls("--opensearch", urls), DEFAULT_ALIAS, 0, -1,
          Duration.ofSeconds(5));
    }

    public Target withAlias(String alias) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withShards(int shards) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withReplicas(int replicas) {
      return new Target(urls, alias, shards, replicas, grace);
    }

    public Target withGrace(Duration grace) {
      return new Target(urls, alias, shards, replicas, grace);
    }
  }

  /**
   * What a rebuild did.
   *
   * @param report the same report an embedded rebuild gives
   * @param index the new index the alias now points to
   * @param shards its primary shards
   * @param replicas its replicas of each
   * @param deleted the earlier versions removed after the move
   */
  public record Result(RebuildReport report, String index, int shards, int replicas,
      List<String> deleted) {
    public Result {
      deleted = List.copyOf(deleted);
    }
  }

  /**
   * Rebuilds, telling {@code listener} how far it has got after every file and once more before
   * the alias moves.
   *
   * @throws CorpusException if the corpus folder is missing or no article in it can be read
   * @throws ClusterException if the cluster cannot be reached or refuses a step; the alias then
   *     still points where it did
   */
  public static Result rebuild(Path corpus, Target target, Consumer<RebuildProgress> listener) {
    long started = System.nanoTime();
    List<Path> files = Corpus.files(corpus);
    String aliasFile = Corpus.aliasFile(corpus);
    ClusterClient http = new ClusterClient(target.urls(), Duration.ofMinutes(5));
    try {
      JsonNode health = http.call("GET", "/_cluster/health", null);
      if ("red".equals(health.path("status").asText())) {
        throw new ClusterException("OpenSearch at " + http.describe() + " is red (a primary shard"
            + " has no copy): the rebuild did not start", 0);
      }
      int dataNodes = Math.max(1, health.path("number_of_data_nodes").asInt(1));
      int shards = target.shards() == 0 ? dataNodes : target.shards();
      int replicas = target.replicas() == -1 ? Math.min(1, dataNodes - 1) : target.replicas();
      if (replicas > dataNodes - 1) {
        throw new ClusterException(replicas + " replica(s) of each shard need " + (replicas + 1)
            + " data nodes; OpenSearch at " + http.describe() + " has " + dataNodes, 0);
      }
      List<String> before = ClusterVersions.aliased(http, target.alias());
      String index = target.alias() + "-v" + VERSION.format(Instant.now());
      ClusterBulkLoad.create(http, index, shards, corpus, aliasFile);
      RebuildReport report;
      try {
        report = ClusterBulkLoad.load(http, index, corpus, files, listener, started);
        ClusterBulkLoad.finish(http, index, replicas, report);
        ClusterVersions.move(http, target.alias(), before, index);
      } catch (RuntimeException e) {
        ClusterVersions.deleteQuietly(http, index);
        throw e;
      }
      catchUp(corpus, target, http, index);
      List<String> deleted = ClusterVersions.removeOlder(http, target, index);
      return new Result(report, index, shards, replicas, deleted);
    } finally {
      http.close();
    }
  }

  /** The files that changed while the rebuild read them; served already, so a failure only warns. */
  private static void catchUp(Path corpus, Target target, ClusterClient http, String index) {
    try {
      UpdateReport caught = ClusterUpdater.catchUp(corpus, http, target.alias(), index);
      if (caught.added() + caught.changed() + caught.removed() > 0) {
        LOG.log(Level.INFO, "Files changed while the rebuild read " + corpus + ": "
            + caught.added() + " added, " + caught.changed() + " changed, " + caught.removed()
            + " removed since, now in " + index + " too");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The rebuild into " + index + " is served, but files that changed"
          + " while it read " + corpus + " may not be in it (" + e.getMessage() + "): run an"
          + " update (--update-only), or a watching server's next rescan will");
    }
  }

  private ClusterIndexer() {}
}
