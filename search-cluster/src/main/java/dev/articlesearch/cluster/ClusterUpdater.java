package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.CorpusException;
import dev.articlesearch.core.CorpusWatch;
import dev.articlesearch.core.RebuildProgress;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusDiff;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.corpus.CorpusWatcher;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings the index an alias points to in line with its corpus folder in place, as the embedded
 * engine's update does: an article whose file is new is indexed, one whose content changed is
 * indexed again whole and its surplus paragraphs deleted, one whose file is gone is deleted, and
 * every other article is left as it is. What each article was indexed from is in its paragraphs
 * ({@link Fields#SOURCE_HASH}, size and time), so an unchanged file is not even read.
 *
 * <p>What a search sees: every paragraph of an article is on one shard (routing by article id,
 * {@link ClusterIndexer#FORMAT}); the index's refresh is paused before the update's first write
 * (and the refresh OpenSearch runs on that change waited for) and the index refreshed once at the
 * end, so each shard copy shows an article's old paragraphs or its new ones, never some of each.
 * The shards refresh one after the other, not at one instant:
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
   * What a rebuild does once its alias has moved to {@code index}: brings in the files that
   * changed while it read the folder, under the update lock (waiting for a watch's update to
   * end), so that none runs beside it. Without it, an edit made while the rebuild read the folder
   * would reach only the index the alias pointed to then, if a watch was running, and be lost
   * with that index.
   */
  static UpdateReport catchUp(Path corpus, ClusterClient http, String alias, String index) {
    long started = System.nanoTime();
    try (UpdateLock lock = UpdateLock.await(http, alias, UpdateLock.LEASE)) {
      return new Run(corpus, Corpus.files(corpus), http, index, progress -> {}, lock, Bulk.ACTIONS,
          started).apply();
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
   * What the cluster holds of one article, from doc values aggregated per article: its
   * paragraphs' count and numbers' range, and its file's size and time if every paragraph has the
   * same. The hash and, for an article left part-written, the exact paragraph numbers are asked
   * for only when needed: reading every paragraph's {@code _source} took 4 s for the 100k corpus.
   */
  private static final class Record implements CorpusDiff.Indexed {
    private final String id;
    private final int count;
    private final int first;
    private final int last;
    private final long size;
    private final long modified;
    private final Run run;
    private String hash;
    private int[] paragraphs;

    Record(String id, int count, int first, int last, long size, long modified, Run run) {
      this.id = id;
      this.count = count;
      this.first = first;
      this.last = last;
      this.size = size;
      this.modified = modified;
      this.run = run;
    }

    /**
     * Paragraphs 1 to n of one version of the file: not left part-written by a failed update.
     * Each paragraph has its own document id, so n paragraphs numbered 1 to n are each once; two
     * versions are told apart by their files' sizes and times (a rewrite that kept both to the
     * millisecond would pass for one).
     */
    @Override
    public boolean whole() {
      return first == 1 && last == count && size >= 0 && modified >= 0;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public long modified() {
      return modified;
    }

    /** Compared with the hash the article was indexed from (of a whole one), asked for once. */
    @Override
    public boolean indexedFrom(String hash) {
      if (this.hash == null) {
        this.hash = run.hashOf(id);
      }
      return this.hash.equals(hash);
    }

    /** Its paragraph numbers: 1 to n, or asked for if it is not whole. */
    int[] numbers() {
      if (paragraphs == null) {
        if (whole()) {
          paragraphs = new int[count];
          for (int p = 0; p < count; p++) {
            paragraphs[p] = p + 1;
          }
        } else {
          paragraphs = run.paragraphsOf(id);
        }
      }
      return paragraphs;
    }

    @Override
    public int paragraphs() {
      return count;
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
    private int articlesAfter;
    /** What the walk found, for the last progress report. */
    private CorpusDiff.Tally last;
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
      refreshBefore = refresh.isMissingNode() ? null : refresh;
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
          progress(last.handled(), last.bytes(), last.totalBytes(), true);
          // No merge of the deleted paragraphs here, unlike the embedded update: OpenSearch keeps
          // them (soft deletes) for its replicas' recovery until its retention leases move on,
          // so an expunge right after the update would not remove them (docs/scaling.md).
          http.call("POST", "/" + index + "/_refresh", null);
          recordCommit();
        }
        return report;
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not from the walk's changes here: they send requests
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("The update of " + index + " was interrupted", 0);
      } finally {
        if (paused) {
          restoreRefresh();
        }
      }
    }

    /**
     * Every article's record, from a composite aggregation over the article ids (doc values only,
     * a page of buckets at a time): a few kilobytes an article page, where reading every
     * paragraph's {@code _source} sent each paragraph.
     */
    private Map<String, Record> scan() {
      Map<String, Record> out = new HashMap<>();
      JsonNode after = null;
      while (true) {
        ObjectNode body = ClusterClient.JSON.createObjectNode();
        body.put("size", 0);
        ObjectNode composite = body.putObject("aggs").putObject("articles")
            .putObject("composite");
        composite.put("size", 5_000);
        composite.putArray("sources").addObject().putObject("id").putObject("terms")
            .put("field", Fields.ARTICLE_ID);
        if (after != null) {
          composite.set("after", after);
        }
        ObjectNode aggs = ((ObjectNode) body.path("aggs").path("articles")).putObject("aggs");
        for (String f : List.of(Fields.PARAGRAPH, Fields.SOURCE_SIZE, Fields.SOURCE_MODIFIED)) {
          aggs.putObject("min_" + f).putObject("min").put("field", f);
          aggs.putObject("max_" + f).putObject("max").put("field", f);
        }
        JsonNode answer = http.call("POST", "/" + index + "/_search", body)
            .path("aggregations").path("articles");
        for (JsonNode b : answer.path("buckets")) {
          String id = b.path("key").path("id").asText();
          long sizeMin = value(b, "min_" + Fields.SOURCE_SIZE);
          long sizeMax = value(b, "max_" + Fields.SOURCE_SIZE);
          long timeMin = value(b, "min_" + Fields.SOURCE_MODIFIED);
          long timeMax = value(b, "max_" + Fields.SOURCE_MODIFIED);
          out.put(id, new Record(id, b.path("doc_count").asInt(),
              (int) value(b, "min_" + Fields.PARAGRAPH), (int) value(b, "max_" + Fields.PARAGRAPH),
              sizeMin == sizeMax ? sizeMin : -1, timeMin == timeMax ? timeMin : -1, this));
        }
        after = answer.path("after_key");
        if (answer.path("buckets").isEmpty() || after.isMissingNode() || after.isNull()) {
          break;
        }
      }
      lock.renew();
      return out;
    }

    /** A min or max sub-aggregation's value; -1 where no paragraph has the field. */
    private static long value(JsonNode bucket, String name) {
      JsonNode v = bucket.path(name).path("value");
      return v.isNumber() ? v.asLong() : -1;
    }

    /** The hash an article's first paragraph records. */
    String hashOf(String id) {
      JsonNode hits = paragraphsSearch(id, 1, true);
      return hits.path(0).path("_source").path(Fields.SOURCE_HASH).asText("");
    }

    /** An article's paragraph numbers as the cluster holds them now. */
    int[] paragraphsOf(String id) {
      JsonNode hits = paragraphsSearch(id, 10_000, false);
      int[] out = new int[hits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = hits.path(i).path("fields").path(Fields.PARAGRAPH).path(0).asInt();
      }
      Arrays.sort(out);
      return out;
    }

    private JsonNode paragraphsSearch(String id, int size, boolean hash) {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      body.put("size", size);
      body.putObject("query").putObject("term").put(Fields.ARTICLE_ID, id);
      body.putArray("sort").addObject().put(Fields.PARAGRAPH, "asc");
      if (hash) {
        body.putArray("_source").add(Fields.SOURCE_HASH);
      } else {
        body.put("_source", false);
        body.putArray("docvalue_fields").add(Fields.PARAGRAPH);
      }
      return http.call("POST", "/" + index + "/_search?routing="
          + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8), body)
          .path("hits").path("hits");
    }

    private UpdateReport diff(Map<String, Record> records) throws IOException, InterruptedException {
      CorpusDiff.Tally tally = CorpusDiff.walk(corpus, files, records,
          new CorpusDiff.Changes<Record>() {
            @Override
            public void touched(String id, Record before, CorpusReader.FileResult read) {
              // Indexed again with its new time, so the next update need not read it. (A partial
              // update cannot record the time alone: _source keeps the stored fields only, and
              // OpenSearch rebuilds an updated document from its _source.)
              pause();
              bulk.index(read.article(), read.source());
              bulk.endArticle();
              reindexedUnchanged += read.article().paragraphs().size();
            }

            @Override
            public void write(String id, Record before, CorpusReader.FileResult read) {
              pause();
              bulk.index(read.article(), read.source());
              int now = read.article().paragraphs().size();
              if (before != null) {
                for (int p : before.numbers()) {
                  if (p > now) {
                    bulk.delete(id, p);
                  }
                }
              }
              bulk.endArticle();
            }

            @Override
            public void remove(String id, Record before) {
              pause();
              for (int p : before.numbers()) {
                bulk.delete(id, p);
              }
              bulk.endArticle();
            }

            @Override
            public void progress(int handled, int files, long bytes, long totalBytes) {
              Run.this.progress(handled, bytes, totalBytes, false);
            }
          });
      bulk.flush();
      last = tally;
      articlesAfter = records.size() + tally.added() - tally.removed();
      return new UpdateReport(corpus, tally.added(), tally.changed(), tally.removed(),
          tally.unchanged(), bulk.indexed() - reindexedUnchanged, tally.paragraphsRemoved(),
          tally.skipped(), Duration.ofNanos(System.nanoTime() - started), false);
    }

    /** Before the first write: no refresh until every article of this update is written. */
    private void pause() {
      if (paused) {
        return;
      }
      ObjectNode settings = ClusterClient.JSON.createObjectNode();
      settings.putObject("index").put("refresh_interval", "-1");
      paused = true; // set first: a failed request below must still be undone
      http.call("PUT", "/" + index + "/_settings", settings);
      // OpenSearch answers a change of the refresh interval, to -1 too, with one more refresh of
      // every shard copy, run later on the node's refresh threads (IndexService's
      // onRefreshIntervalChange). Run during the first bulk request, it showed an article with
      // some paragraphs new and the others old, until the update's end (CI, once). This refresh
      // is queued on the same threads after it, so it returns once that one is done (on two
      // cores one refresh thread runs them in turn; with more threads it takes the engine's
      // refresh lock, which the other then waits for or skips); it shows nothing new itself.
      http.call("POST", "/" + index + "/_refresh", null);
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

    private void progress(int handled, long bytes, long totalBytes, boolean committing) {
      listener.accept(new RebuildProgress(handled, files.size(), bulk.indexed(), bytes,
          totalBytes, Duration.ofNanos(System.nanoTime() - started), committing));
    }
  }

}
