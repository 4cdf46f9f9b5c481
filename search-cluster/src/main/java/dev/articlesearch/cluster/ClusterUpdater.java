package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.CorpusWatch;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.SkippedFile;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.corpus.CorpusWatcher;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings the index an alias points to in line with its corpus folder in place, as the embedded
 * engine's update does: an article whose file is new is indexed, one whose content changed is
 * indexed again whole and its surplus paragraphs deleted, one whose file is gone is deleted, and
 * every other article is left as it is. What each article was indexed from is in its paragraphs
 * ({@link Fields#SOURCE_HASH}, size and time), so an unchanged file is not even read.
 *
 * <p>What a search sees: every paragraph of an article is on one shard (routing by article id,
 * {@link ClusterIndexer#FORMAT}); the index's refresh is paused from the update's first write and
 * the index refreshed once at the end, so each shard copy shows an article's old paragraphs or
 * its new ones, never some of each. The shards refresh one after the other, not at one instant:
 * for a moment one search may see shard A's articles updated and shard B's not yet. A failure
 * part way restores the refresh setting, which shows the articles written so far; the next update
 * finishes the rest, since it compares every paragraph's hash and number with the corpus.
 */
public final class ClusterUpdater {
  private static final System.Logger LOG = System.getLogger(ClusterUpdater.class.getName());

  /** There is no alias (or index) to update: a rebuild must come first. */
  public static final class NoIndexException extends ClusterException {
    private static final long serialVersionUID = 1L;

    NoIndexException(String message) {
      super(message, 404);
    }
  }

  private ClusterUpdater() {}

  /**
   * Updates the index behind {@code target}'s alias from {@code corpus}, telling {@code listener}
   * how far it has got, as a rebuild does. An index built by an earlier version (paragraphs not
   * routed by article, no per-article record) is rebuilt whole instead, with a warning, and the
   * report says so.
   *
   * @throws NoIndexException if the alias does not exist yet
   * @throws CorpusException if the corpus folder is missing, or empty while the index is not
   * @throws ClusterException if the cluster refuses a step, or another update is running
   */
  public static UpdateReport update(Path corpus, ClusterIndexer.Target target,
      Consumer<RebuildProgress> listener) {
    return update(corpus, target, listener, Bulk.ACTIONS);
  }

  /** {@link #update(Path, ClusterIndexer.Target, Consumer)} sending bulk requests this small. */
  static UpdateReport update(Path corpus, ClusterIndexer.Target target,
      Consumer<RebuildProgress> listener, int bulkActions) {
    long started = System.nanoTime();
    List<Path> files = Corpus.files(corpus);
    ClusterClient http = new ClusterClient(target.urls(), Duration.ofMinutes(5));
    try {
      String index = current(http, target.alias());
      JsonNode meta = ClusterVersions.meta(http, index);
      if (!ClusterIndexer.FORMAT.equals(meta.path("format").asText())) {
        LOG.log(Level.WARNING, "The index " + index + " behind '" + target.alias() + "' was built"
            + " by an earlier version, without each article's paragraphs on one shard and a record"
            + " of the file each was read from: rebuilding it whole from " + corpus);
        ClusterIndexer.Result r = ClusterIndexer.rebuild(corpus, target, listener);
        return new UpdateReport(corpus, r.report().articles(), 0, 0, 0, r.report().paragraphs(),
            0, r.report().skipped(), Duration.ofNanos(System.nanoTime() - started), true);
      }
      try (UpdateLock lock = UpdateLock.take(http, target.alias())) {
        return new Run(corpus, files, http, index, listener, lock, bulkActions, started).apply();
      }
    } finally {
      http.close();
    }
  }

  /**
   * Keeps the index behind {@code target}'s alias in sync with {@code corpus}: each settled batch
   * of changes is one {@link #update}, of whatever index the alias points to then (a rebuild may
   * have moved it). Close the watch to stop.
   *
   * @param listener told of each update on the watch's thread
   */
  public static CorpusWatch watch(Path corpus, ClusterIndexer.Target target,
      Consumer<UpdateReport> listener) {
    return new CorpusWatcher(corpus, "the index behind '" + target.alias() + "' at "
        + target.urls().get(0), () -> update(corpus, target, progress -> {}), listener);
  }

  /** The one index the alias points to. */
  private static String current(ClusterClient http, String alias) {
    List<String> indices = ClusterVersions.aliased(http, alias);
    if (indices.isEmpty()) {
      throw new NoIndexException("OpenSearch at " + http.describe() + " has no index '" + alias
          + "' to update: build it with a rebuild first");
    }
    if (indices.size() > 1) {
      throw new ClusterException("OpenSearch at " + http.describe() + ": '" + alias + "' names "
          + indices + "; an update needs the one index a rebuild made", 0);
    }
    return indices.get(0);
  }

  /**
   * What the index holds of one article.
   *
   * @param hash the source hash all its paragraphs share, or null if they differ
   * @param size the file size they share, or -1
   * @param modified the file time they share, or -1
   * @param paragraphs their numbers, ascending
   */
  private record Record(String hash, long size, long modified, int[] paragraphs) {
    /** Paragraphs 1 to n of one version of the file: not left part-written by a failed update. */
    boolean whole() {
      for (int i = 0; i < paragraphs.length; i++) {
        if (paragraphs[i] != i + 1) {
          return false;
        }
      }
      return hash != null;
    }
  }

  /** One update: its counts, and the batch of actions it sends. */
  private static final class Run {
    private final Path corpus;
    private final List<Path> files;
    private final ClusterClient http;
    private final String index;
    private final Consumer<RebuildProgress> listener;
    private final UpdateLock lock;
    private final Bulk bulk;
    private final long started;
    private final List<SkippedFile> skipped = new ArrayList<>();
    private long paragraphsRemoved;
    private int added;
    private int changed;
    private int removed;
    private int unchanged;
    private long totalBytes;
    private int articlesAfter;
    /** Paragraphs of touched articles indexed again: not added, as the report counts them. */
    private long reindexedUnchanged;
    /** The refresh setting to restore, once paused ({@code null}: the default); unset if not. */
    private boolean paused;
    private JsonNode refreshBefore;

    Run(Path corpus, List<Path> files, ClusterClient http, String index,
        Consumer<RebuildProgress> listener, UpdateLock lock, int bulkActions, long started) {
      this.corpus = corpus;
      this.files = files;
      this.http = http;
      this.index = index;
      this.listener = listener;
      this.lock = lock;
      this.started = started;
      this.bulk = new Bulk(http, index, lock::renew, bulkActions);
    }

    UpdateReport apply() {
      JsonNode refresh = http.call("GET", "/" + index + "/_settings/index.refresh_interval", null)
          .path(index).path("settings").path("index").path("refresh_interval");
      if ("-1".equals(refresh.asText())) {
        // Left paused by an update that was killed: what it wrote is not searchable yet, and not
        // seen by the scan below either. Refresh to see it, and restore the default at the end.
        LOG.log(Level.WARNING, "The index " + index + " was left with its refresh paused by an"
            + " update that did not finish: completing its work");
        paused = true;
        refreshBefore = null;
        http.call("POST", "/" + index + "/_refresh", null);
      }
      try {
        UpdateReport report = diff(scan());
        if (paused) {
          progress(files.size(), totalBytes, true);
          // No merge of the deleted paragraphs here, unlike the embedded update: OpenSearch keeps
          // them (soft deletes) for its replicas' recovery until its retention leases move on,
          // so an expunge right after the update would not remove them (docs/scaling.md).
          http.call("POST", "/" + index + "/_refresh", null);
          recordCommit();
        }
        return report;
      } finally {
        if (paused) {
          restoreRefresh();
        }
      }
    }

    /** Every paragraph's article, number and source, page by page. */
    private Map<String, Record> scan() {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      body.put("size", 10_000);
      body.putArray("sort").add("_doc");
      body.putArray("_source").add(Fields.ARTICLE_ID).add(Fields.PARAGRAPH).add(Fields.SOURCE_HASH);
      body.putArray("docvalue_fields").add(Fields.SOURCE_SIZE).add(Fields.SOURCE_MODIFIED);
      JsonNode page = http.call("POST", "/" + index + "/_search?scroll=1m", body);
      Map<String, Builder> building = new HashMap<>();
      String scrollId = page.path("_scroll_id").asText(null);
      try {
        while (page.path("hits").path("hits").size() > 0) {
          for (JsonNode hit : page.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            building.computeIfAbsent(source.path(Fields.ARTICLE_ID).asText(), k -> new Builder())
                .add(source.path(Fields.PARAGRAPH).asInt(),
                    source.path(Fields.SOURCE_HASH).asText(null),
                    hit.path("fields").path(Fields.SOURCE_SIZE).path(0).asLong(-1),
                    hit.path("fields").path(Fields.SOURCE_MODIFIED).path(0).asLong(-1));
          }
          ObjectNode next = ClusterClient.JSON.createObjectNode();
          next.put("scroll", "1m");
          next.put("scroll_id", scrollId);
          page = http.call("POST", "/_search/scroll", next);
          scrollId = page.path("_scroll_id").asText(scrollId);
        }
      } finally {
        if (scrollId != null) {
          ObjectNode clear = ClusterClient.JSON.createObjectNode();
          clear.putArray("scroll_id").add(scrollId);
          try {
            http.exchange("DELETE", "/_search/scroll", clear);
          } catch (RuntimeException e) {
            // it expires within a minute by itself
          }
        }
      }
      lock.renew();
      Map<String, Record> out = new HashMap<>();
      building.forEach((id, b) -> out.put(id, b.build()));
      return out;
    }

    private UpdateReport diff(Map<String, Record> records) {
      if (files.isEmpty() && !records.isEmpty()) {
        throw new CorpusException("Corpus folder " + corpus + " has no article files: the update"
            + " would remove all " + records.size() + " articles, so the index was left as it was");
      }
      for (Path f : files) {
        try {
          totalBytes += Files.size(f);
        } catch (IOException e) {
          // unreadable: reported as skipped when read; the total is only for progress
        }
      }
      Set<String> listed = new HashSet<>();
      long bytes = 0;
      int handled = 0;
      for (Path file : files) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - CorpusReader.EXTENSION.length());
        Record before = records.get(id);
        handled++;
        if (before != null && before.whole() && sameFile(file, before)) {
          listed.add(id);
          unchanged++;
          bytes += before.size();
          progress(handled, bytes, false);
          continue;
        }
        CorpusReader.FileResult r = CorpusReader.read(file);
        bytes += r.bytes();
        progress(handled, bytes, false);
        if (r.skipped() != null) {
          Corpus.checkStillThere(corpus);
          if (Files.exists(file)) { // unreadable now: its last good version stays
            listed.add(id);
            skipped.add(r.skipped());
          }
          continue; // gone since the listing: removed below, as if never listed
        }
        listed.add(id);
        if (before != null && before.whole() && before.hash().equals(r.source().hash())) {
          // Touched only: indexed again with its new time, so the next update need not read it.
          // (A partial update cannot record the time alone: _source keeps the stored fields
          // only, and OpenSearch rebuilds an updated document from its _source.)
          unchanged++;
          pause();
          bulk.index(r.article(), r.source());
          bulk.endArticle();
          reindexedUnchanged += r.article().paragraphs().size();
          continue;
        }
        if (before == null) {
          added++;
        } else {
          changed++;
          paragraphsRemoved += before.paragraphs().length;
        }
        pause();
        bulk.index(r.article(), r.source());
        int now = r.article().paragraphs().size();
        if (before != null) {
          for (int p : before.paragraphs()) {
            if (p > now) {
              bulk.delete(id, p);
            }
          }
        }
        bulk.endArticle();
      }
      for (Map.Entry<String, Record> e : records.entrySet()) {
        if (!listed.contains(e.getKey())) {
          pause();
          for (int p : e.getValue().paragraphs()) {
            bulk.delete(e.getKey(), p);
          }
          bulk.endArticle();
          removed++;
          paragraphsRemoved += e.getValue().paragraphs().length;
        }
      }
      bulk.flush();
      Corpus.checkStillThere(corpus);
      articlesAfter = records.size() + added - removed;
      return new UpdateReport(corpus, added, changed, removed, unchanged,
          bulk.indexed() - reindexedUnchanged,
          paragraphsRemoved, skipped, Duration.ofNanos(System.nanoTime() - started), false);
    }

    /** Before the first write: no refresh until every article of this update is written. */
    private void pause() {
      if (paused) {
        return;
      }
      JsonNode now = http.call("GET", "/" + index + "/_settings/index.refresh_interval", null)
          .path(index).path("settings").path("index").path("refresh_interval");
      refreshBefore = now.isMissingNode() ? null : now;
      ObjectNode settings = ClusterClient.JSON.createObjectNode();
      settings.putObject("index").put("refresh_interval", "-1");
      paused = true; // set first: a failed request below must still be undone
      http.call("PUT", "/" + index + "/_settings", settings);
    }

    private void restoreRefresh() {
      ObjectNode settings = ClusterClient.JSON.createObjectNode();
      if (refreshBefore == null) {
        settings.putObject("index").putNull("refresh_interval"); // the default
      } else {
        settings.putObject("index").set("refresh_interval", refreshBefore);
      }
      try {
        http.call("PUT", "/" + index + "/_settings", settings);
      } catch (RuntimeException e) {
        // The next update sees the pause and finishes what this one left.
        LOG.log(Level.WARNING, "Cannot restore the refresh of " + index + " (" + e.getMessage()
            + "): the next update will");
      }
    }

    /** The alias's index description: its articles and paragraphs now, and when. */
    private void recordCommit() {
      long paragraphs = http.call("GET", "/" + index + "/_count", null).path("count").asLong();
      ObjectNode mapping = ClusterClient.JSON.createObjectNode();
      ObjectNode meta = mapping.putObject("_meta").putObject(ClusterIndexer.META);
      ClusterVersions.meta(http, index).properties()
          .forEach(e -> meta.set(e.getKey(), e.getValue()));
      meta.put("articles", articlesAfter);
      meta.put("paragraphs", paragraphs);
      meta.put("committed_at", Instant.now().toString());
      http.call("PUT", "/" + index + "/_mapping", mapping);
    }

    /** Size and time as recorded: the file was not written since it was indexed. */
    private static boolean sameFile(Path file, Record before) {
      try {
        return Files.size(file) == before.size()
            && Files.getLastModifiedTime(file).toMillis() == before.modified();
      } catch (IOException e) {
        return false; // read it, and let the read say what is wrong
      }
    }

    private void progress(int handled, long bytes, boolean committing) {
      listener.accept(new RebuildProgress(handled, files.size(), bulk.indexed(), bytes,
          totalBytes, Duration.ofNanos(System.nanoTime() - started), committing));
    }
  }

  /** One article's paragraphs as the scan finds them, in any order. */
  private static final class Builder {
    private int[] paragraphs = new int[4];
    private int count;
    private String hash;
    private boolean mixed;
    private long size = Long.MIN_VALUE;
    private long modified = Long.MIN_VALUE;

    void add(int paragraph, String hash, long size, long modified) {
      if (count == paragraphs.length) {
        paragraphs = Arrays.copyOf(paragraphs, count * 2);
      }
      paragraphs[count++] = paragraph;
      if (count == 1) {
        this.hash = hash;
        this.size = size;
        this.modified = modified;
        mixed = hash == null;
      } else {
        mixed |= hash == null || !hash.equals(this.hash);
        this.size = this.size == size ? size : -1;
        this.modified = this.modified == modified ? modified : -1;
      }
    }

    Record build() {
      int[] sorted = Arrays.copyOf(paragraphs, count);
      Arrays.sort(sorted);
      return new Record(mixed ? null : hash, size, modified, sorted);
    }
  }
}
