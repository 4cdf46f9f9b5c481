package dev.articlesearch.server;

import dev.articlesearch.core.IndexStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics, served at {@code /metrics} in the Prometheus text format by Micrometer's
 * Prometheus registry (names follow Micrometer's conventions: {@code http.server.requests} is
 * written {@code http_server_requests_seconds_*}). One per server process: {@link Main} makes it
 * before a rebuild, so the rebuild is counted, and hands it to the {@link SearchServer}, which
 * closes it.
 */
final class ServerMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

  /** The Prometheus text format (0.0.4), what {@link PrometheusMeterRegistry#scrape()} writes. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The latency buckets of {@code http_server_requests_seconds_bucket}, around the 2 s default
   * time budget: a warm search takes about a millisecond, a highlight of a long article seconds.
   */
  static final Duration[] REQUEST_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
  };

  /**
   * The operations that write an index, each timed into its own timer, {@code
   * articlesearch_<name>_seconds_{count,sum,max}} tagged {@code outcome} ({@code success} or {@code
   * failure}), through {@link #time}: the one place a write records itself. An incremental update
   * of the index, when there is one, is {@code UPDATES("articlesearch.updates")} here.
   */
  enum IndexWrite {
    /** A full rebuild from the corpus ({@code --rebuild}, into a folder or a cluster). */
    REBUILDS("articlesearch.rebuilds"),
    /** An update from the corpus ({@code --update}, {@code --update-only}, each {@code --watch} batch). */
    UPDATES("articlesearch.updates");

    final String meter;

    IndexWrite(String meter) {
      this.meter = meter;
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile IndexStats stats;
  /** The requests being answered, a timer per route template made once, looked up per request. */
  private final Map<String, LongTaskTimer> answering;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    indexGauge("articlesearch.articles", "Articles in the index being served", null,
        s -> s.articles());
    indexGauge("articlesearch.paragraphs", "Paragraphs (documents) in the index being served",
        null, s -> s.paragraphs());
    indexGauge("articlesearch.segments", "Segments of the index being served (of the primary"
        + " shards, for a cluster)", null, s -> s.segments());
    indexGauge("articlesearch.deleted.documents", "Deleted documents still on disk until a merge"
        + " drops them", null, s -> s.deletedDocuments());
    indexGauge("articlesearch.index.size", "Bytes on disk of the commit being served (of the"
        + " primary shards, for a cluster)", "bytes", s -> s.sizeInBytes());
    indexGauge("articlesearch.index.age", "Seconds since the index being served was committed"
        + " (NaN when unknown)", "seconds", s -> s.committedAt() == null ? Double.NaN
            : Duration.between(s.committedAt(), Instant.now()).toNanos() / 1e9);
    Map<String, LongTaskTimer> timers = new java.util.HashMap<>();
    for (String uri : RequestLog.ROUTES) {
      timers.put(uri, active(uri));
    }
    timers.put(RequestLog.UNKNOWN, active(RequestLog.UNKNOWN));
    answering = Map.copyOf(timers);
  }

  private LongTaskTimer active(String uri) {
    return LongTaskTimer.builder("http.server.requests.active")
        .description("HTTP requests being answered now, by route template (UNKNOWN: a page file"
            + " or a path no route serves, not known until it is answered)")
        .tags("uri", uri)
        .register(registry);
  }

  /**
   * Starts counting a request for {@code path} as being answered, under its route template; the
   * caller stops the sample once the answer is written.
   */
  LongTaskTimer.Sample answering(String path) {
    String uri = RequestLog.template(path);
    return answering.get(uri == null ? RequestLog.UNKNOWN : uri).start();
  }

  /** A gauge of the index figures read for the scrape under way; NaN when they could not be. */
  private void indexGauge(String name, String help, String unit, ToDoubleFunction<IndexStats> value) {
    Gauge.builder(name, this, m -> m.stats == null ? Double.NaN : value.applyAsDouble(m.stats))
        .description(help).baseUnit(unit).register(registry);
  }

  /** The requests waiting for a compute slot: above 0 for long, the server is saturated. */
  void watch(ComputeSlots slots) {
    Gauge.builder("articlesearch.requests.waiting", slots, ComputeSlots::waiting)
        .description("Searches, highlights, related and suggest calls waiting for one of the"
            + " server's compute slots (1.5 per core plus one; no limit for a cluster)")
        .register(registry);
  }

  /** Times one HTTP request: {@code http_server_requests_seconds} with its route template. */
  void request(String method, String uri, int status, long nanos) {
    Timer.builder("http.server.requests")
        .description("HTTP requests answered by the API, by route template, method and status")
        .tags("uri", uri, "method", method, "status", Integer.toString(status))
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a request refused for running past the time budget ({@code reason=timeout}) or past
   * one of the limits ({@code reason=limit_exceeded}, {@code limit} naming it).
   */
  void overLimit(String uri, String reason, String limit) {
    Counter.builder("articlesearch.requests.over.limit")
        .description("Requests refused past the time budget (reason timeout) or a limit (reason"
            + " limit_exceeded, limit naming it)")
        .tags("uri", uri, "reason", reason, "limit", limit)
        .register(registry)
        .increment();
  }

  /** Runs an index write, timing it into its timer with its outcome; rethrows its failure. */
  <T> T time(IndexWrite write, Supplier<T> work) {
    long start = System.nanoTime();
    String outcome = "failure";
    try {
      T result = work.get();
      outcome = "success";
      return result;
    } finally {
      record(write, outcome, System.nanoTime() - start);
    }
  }

  /** An index write that ran elsewhere (a watch's update): its outcome and how long it took. */
  void recorded(IndexWrite write, boolean success, java.time.Duration took) {
    record(write, success ? "success" : "failure", took.toNanos());
  }

  private void record(IndexWrite write, String outcome, long nanos) {
    Timer.builder(write.meter)
        .description("Index writes (" + write.name().toLowerCase(java.util.Locale.ROOT)
            + ") by this process, by outcome")
        .tags("outcome", outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The metrics in the Prometheus text format, the index gauges read from {@code stats} once for
   * the whole scrape. When they cannot be read (a cluster that does not answer) the gauges are NaN
   * and the rest is served: that is when an operator needs the other figures.
   */
  synchronized String scrape(Supplier<IndexStats> stats) {
    try {
      this.stats = stats.get();
    } catch (RuntimeException e) {
      this.stats = null;
      LOG.warn("Index figures for /metrics unavailable: {}", e.getMessage());
    }
    return registry.scrape();
  }

  /** Idempotent: the server closes them when it stops, the command line when it ends. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      gc.close();
      registry.close();
    }
  }
}
