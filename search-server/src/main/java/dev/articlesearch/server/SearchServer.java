package dev.articlesearch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.articlesearch.cluster.ClusterException;
import dev.articlesearch.cluster.ClusterUnavailableException;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.InvalidQueryException;
import dev.articlesearch.core.LimitExceededException;
import dev.articlesearch.core.ModeUnavailableException;
import dev.articlesearch.core.SearchTimeoutException;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the JSON API, the OpenAPI description, the metrics and the web page, over one
 * open {@link ArticleSearch}. No route writes anything. Build it with {@link #start}; {@link #close} stops it.
 */
public final class SearchServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);

  private final ArticleSearch index;
  private final Javalin app;
  private final ServerMetrics metrics;
  /** The embedder the server closes with the index, or null. */
  private final Embedder embedder;

  private SearchServer(ArticleSearch index, Javalin app, ServerMetrics metrics, Embedder embedder) {
    this.embedder = embedder;
    this.index = index;
    this.app = app;
    this.metrics = metrics;
  }

  /**
   * Opens the index and starts listening.
   *
   * @throws dev.articlesearch.core.SearchException if there is no index to serve
   * @throws io.javalin.util.JavalinBindException if the port cannot be bound
   */
  public static SearchServer start(ServerConfig config) {
    return start(config, new ServerMetrics());
  }

  /**
   * Opens the index and starts listening, recording into {@code metrics} (which may already hold
   * the rebuild that made the index); the server closes them when it closes, or fails to start.
   */
  static SearchServer start(ServerConfig config, ServerMetrics metrics) {
    return start(config, metrics, null);
  }

  /**
   * Serves the index in {@code config}'s index folder in every search mode, embedding queries
   * with {@code embedder}, which the server closes when it closes (or fails to start).
   */
  public static SearchServer start(ServerConfig config, Embedder embedder) {
    return start(config, new ServerMetrics(), embedder);
  }

  static SearchServer start(ServerConfig config, ServerMetrics metrics, Embedder embedder) {
    try {
      return open(config, metrics, embedder);
    } catch (RuntimeException e) {
      metrics.close();
      if (embedder != null) {
        embedder.close();
      }
      throw e;
    }
  }

  private static ArticleSearch openEngine(ServerConfig config, Embedder embedder) {
    if (embedder == null) {
      return ArticleSearch.open(config.engine(), config.limits());
    }
    String folder = config.engine().get(ArticleSearch.INDEX_KEY);
    if (folder == null || config.engine().containsKey(ArticleSearch.BACKEND_KEY)) {
      throw new IllegalArgumentException("Search by meaning needs an index folder");
    }
    return ArticleIndex.open(Path.of(folder), ArticleIndex.DEFAULT_REFRESH_INTERVAL,
        config.limits(), embedder);
  }

  private static SearchServer open(ServerConfig config, ServerMetrics metrics, Embedder embedder) {
    // Opening the index (smartcn's dictionaries, the alias file) and building the HTTP server
    // (Jetty's and Jackson's classes) each take the better part of a second: side by side.
    CompletableFuture<ArticleSearch> opening = CompletableFuture.supplyAsync(
        () -> openEngine(config, embedder));
    Javalin app;
    try {
      app = Javalin.create(c -> configure(c, opening::join, config, metrics,
          () -> opening.join().stats()));
    } catch (RuntimeException e) {
      opening.thenAccept(ArticleSearch::close);
      throw e;
    }
    ArticleSearch index;
    try {
      index = opening.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    try {
      app.start(config.host(), config.port()); // listens only once the index is open
      return new SearchServer(index, app, metrics, embedder);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /** The port listened on: the chosen one when started on port 0. */
  public int port() {
    return app.port();
  }

  /** The engine being served. */
  public ArticleSearch index() {
    return index;
  }

  /**
   * Stops gracefully: stops accepting connections at once, answers requests that arrive on open
   * connections with 503 {@code unavailable}, lets the requests in flight finish (for up to {@link
   * #STOP_TIMEOUT_MS}), then closes the index.
   */
  @Override
  public void close() {
    try {
      app.stop();
    } catch (RuntimeException e) {
      // Requests still running after the stop timeout were cut off; the index closes regardless.
      LOG.warn("Stopped with requests still running: {}", e.getMessage());
    }
    index.close();
    metrics.close();
    if (embedder != null) {
      embedder.close();
    }
  }

  /** The message of a 500: the cause goes to the log, never to the client. */
  private static final String INTERNAL_ERROR = "The server failed to answer; the error is in its log";

  /** How long a stop waits for the requests in flight: longer than any search should take. */
  static final long STOP_TIMEOUT_MS = 5_000;

  private static void configure(io.javalin.config.JavalinConfig c,
      java.util.function.Supplier<ArticleSearch> opened, ServerConfig config,
      ServerMetrics metrics, java.util.function.Supplier<IndexStats> stats) {
    ObjectMapper mapper = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    c.jsonMapper(new JavalinJackson(mapper, false));
    boolean embedded = config.engine().getOrDefault(ArticleSearch.BACKEND_KEY, ArticleSearch.EMBEDDED)
        .equals(ArticleSearch.EMBEDDED);
    ComputeSlots slots = embedded ? ComputeSlots.forCores() : ComputeSlots.UNLIMITED;
    metrics.watch(slots);
    Api api = new Api(opened, new JsonBody(mapper), slots);
    ObjectMapper errors = JsonErrorHandler.htmlSafe(mapper);
    c.jetty.modifyServer(server -> {
      server.setErrorHandler(new JsonErrorHandler(errors));
      server.setStopTimeout(STOP_TIMEOUT_MS);
      // Each insert goes right under the server: the guard ends up outermost, then the graceful
      // handler (it counts the requests in flight and answers 503 once stopping), then the count
      // of requests being answered, then Javalin.
      server.insertHandler(new ActiveRequests(metrics));
      server.insertHandler(new GracefulStop());
      server.insertHandler(new RequestGuard(config.corsOrigins()));
    });
    c.jetty.modifyHttpConfiguration(http -> {
      http.setRequestHeaderSize(RequestGuard.MAX_HEADER_BYTES);
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
    });
    c.http.maxRequestSize = RequestGuard.MAX_BODY_BYTES; // no route reads a body: belt and braces
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    // A virtual thread per request: the searches take turns on one carrier thread per core
    // instead of a request thread each sharing the cores. On the 1m corpus (two servers side by
    // side, rounds alternated) that served 11% more searches/s at 4 connections and 15% more at
    // 16, with a shorter p99, and the same at 1. The price: under full load a cheap request such
    // as /api/health waits its turn behind the searches (p50 7-11 ms at 16 connections, 0.6-1.2 ms
    // before) instead of being given a slice of a core at once; --spare-carrier buys that back for
    // some throughput (ComputeSlots).
    c.concurrency.useVirtualThreads = true;
    c.http.defaultContentType = "application/json; charset=utf-8";
    c.http.prefer405over404 = true; // POST /api/search: 405, not "not found"
    c.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/public";
      files.location = Location.CLASSPATH;
    });
    c.requestLogger.http(new RequestLog(metrics)::answered);

    // The security headers are set by RequestGuard, outside Javalin, so that every answer has them.
    c.routes.before(ctx -> Api.checkQueryString(ctx.queryString()));
    c.routes.get("/api/search", api::search);
    c.routes.get("/api/suggest", api::suggest);
    c.routes.get("/api/highlight", api::highlight);
    c.routes.get("/api/related", api::related);
    c.routes.get("/api/articles", api::articles);
    c.routes.get("/api/articles/{id}", api::article);
    c.routes.get("/api/analyze", api::analyze);
    c.routes.get("/api/health", api::health);
    String openApi = resource("/openapi.json");
    c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json; charset=utf-8").result(openApi));
    c.routes.get("/metrics", ctx -> ctx.contentType(ServerMetrics.CONTENT_TYPE)
        .result(metrics.scrape(stats)));

    c.routes.exception(ApiException.class, (e, ctx) -> {
      if (e.limit != null) {
        metrics.overLimit(RequestLog.route(ctx), e.code, e.limit);
      }
      error(errors, ctx, e.status, e.code, e.getMessage());
    });
    c.routes.exception(LimitExceededException.class, (e, ctx) -> {
      metrics.overLimit(RequestLog.route(ctx), "limit_exceeded", e.limit());
      error(errors, ctx, 400, "limit_exceeded", e.getMessage());
    });
    c.routes.exception(SearchTimeoutException.class, (e, ctx) -> {
      metrics.overLimit(RequestLog.route(ctx), "timeout", "timeout");
      // Past the budget the server is busy or the query is costly: either may pass.
      ctx.header("Retry-After", "1");
      error(errors, ctx, 503, "timeout", e.getMessage());
    });
    c.routes.exception(ClusterUnavailableException.class, (e, ctx) -> {
      // Unreachable, overloaded or red: the cluster usually recovers within seconds.
      LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      ctx.header("Retry-After", "5");
      error(errors, ctx, 503, "cluster_unavailable", e.getMessage());
    });
    c.routes.exception(ClusterException.class, (e, ctx) -> {
      LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      error(errors, ctx, 502, "cluster_error", e.getMessage());
    });
    c.routes.exception(ModeUnavailableException.class,
        (e, ctx) -> error(errors, ctx, 400, "mode_unavailable", e.getMessage()));
    c.routes.exception(InvalidQueryException.class,
        (e, ctx) -> error(errors, ctx, 400, "invalid_query", e.getMessage()));
    c.routes.exception(IllegalArgumentException.class,
        (e, ctx) -> error(errors, ctx, 400, "invalid_parameter", e.getMessage()));
    c.routes.exception(HttpResponseException.class, (e, ctx) ->
        error(errors, ctx, e.getStatus(), JsonErrorHandler.code(e.getStatus()), e.getMessage()));
    c.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(errors, ctx, 500, "internal_error", INTERNAL_ERROR);
    });
    // An Error (out of memory, a stack overflow) skips the handlers above; Javalin's own answer
    // to it is a 500 with an empty body and its own log line.
    c.router.javaLangErrorHandler((res, e) -> {
      try {
        res.setStatus(500);
        res.setContentType("application/json; charset=utf-8");
        res.getOutputStream().write(JsonErrorHandler.body(errors, "internal_error", INTERNAL_ERROR)
            .getBytes(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException unwritable) {
        e.addSuppressed(unwritable); // the connection is gone or the answer was already sent
      }
      LOG.error("A request failed with {}", e.toString(), e);
    });
    // Javalin answers unknown routes with NotFoundResponse, written by the handler above as JSON.
    c.routes.error(405, ctx -> {
      ctx.header("Allow", "GET, HEAD");
      error(errors, ctx, 405, "method_not_allowed", "Only GET is served");
    });
  }

  /** Writes the error shape with {@code errors}, the HTML-safe mapper: messages echo the request. */
  private static void error(ObjectMapper errors, io.javalin.http.Context ctx, int status, String code,
      String message) {
    ctx.status(status).contentType(ContentType.APPLICATION_JSON)
        .result(JsonErrorHandler.body(errors, code, message));
  }

  private static String resource(String path) {
    try (InputStream in = SearchServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
