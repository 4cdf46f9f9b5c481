package dev.articlesearch.server;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What the server notes of each request Javalin answers: one log line and the request timer. The
 * line's message is the same in both log formats ({@code GET /api/search 200 1.2ms}); the JSON
 * format also writes its fields: {@code method}, {@code route} (the route template), {@code
 * status}, {@code ms}, {@code results} (a search's total, the suggestions' count) and, only when
 * the server's loggers are at debug level, {@code query}.
 */
final class RequestLog {
  /** The logger of the request lines: named as before, so their plain form is unchanged. */
  private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);

  /** The request attribute a handler sets to the number of results it found. */
  static final String RESULTS = "articlesearch.results";

  /** The route of a request no route matched: one value, never the path asked for. */
  static final String NOT_FOUND = "NOT_FOUND";

  /** The route of a page file (the web page's HTML, script and style sheet). */
  static final String STATIC = "STATIC";

  /** The route of any other request no route matched (a method no route serves, say). */
  static final String UNKNOWN = "UNKNOWN";

  private final ServerMetrics metrics;

  RequestLog(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * The route template that answered ({@code /api/articles/{id}}), never the path or query
   * asked for: they would make a metric series and a log value per article id or typo.
   */
  static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint != null) {
      return endpoint.path;
    }
    // Javalin names no endpoint for HEAD (answered by the GET route), for a request refused before
    // its route ran (a malformed query string) or for a method the route does not serve (405).
    String template = template(ctx.path());
    if (template != null) {
      return template;
    }
    int status = ctx.statusCode();
    if (status == 404) {
      return NOT_FOUND;
    }
    return status < 400 ? STATIC : UNKNOWN;
  }

  /** The route templates {@link #template} answers: the web page's "/" is a page file, not one. */
  static final List<String> ROUTES = Api.routes().stream().filter(r -> !r.equals("/")).toList();

  /** {@link #ROUTES}, split at '/'. */
  private static final List<String[]> TEMPLATES = ROUTES.stream().map(r -> r.split("/", -1)).toList();

  /** The route template {@code path} matches, as Javalin matches it ({@code {id}}: one segment). */
  static String template(String path) {
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1); // Javalin ignores a trailing slash
    }
    String[] segments = path.split("/", -1);
    for (String[] t : TEMPLATES) {
      if (matches(t, segments)) {
        return String.join("/", t);
      }
    }
    return null;
  }

  private static boolean matches(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      boolean parameter = template[i].startsWith("{") && !segments[i].isEmpty();
      if (!parameter && !template[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }

  /** The standard methods; any other name a client makes up is {@code OTHER}, as Micrometer does. */
  private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST",
      "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "QUERY");

  static String method(Context ctx) {
    String name = ctx.method().name();
    return METHODS.contains(name) ? name : "OTHER";
  }

  /** Javalin's request logger: called once each request is answered. */
  void answered(Context ctx, float ms) {
    String route = route(ctx);
    String method = ctx.method().name();
    int status = ctx.statusCode();
    metrics.request(method(ctx), route, status, (long) (ms * 1e6));
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String took = String.format(Locale.ROOT, "%.1f", ms);
    LoggingEventBuilder line = LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("ms", Double.parseDouble(took));
    Object results = ctx.attribute(RESULTS);
    if (results != null) {
      line = line.addKeyValue("results", results);
    }
    String query = LOG.isDebugEnabled() ? ctx.queryParam("q") : null;
    if (query == null) {
      line.log("{} {} {} {}ms", method, ctx.path(), status, took);
    } else {
      // The query is what users typed: kept out of the log unless an operator asks for it.
      line.addKeyValue("query", query)
          .log("{} {} {} {}ms q={}", method, ctx.path(), status, took, printable(query));
    }
  }

  /** A query on one plain line: control characters (a newline would forge a line) escaped. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }
}
