package dev.articlesearch.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The outermost handler: every response gets the security headers; a page from a listed origin
 * may read the answers (CORS, GET and HEAD only); a request with a body over {@link
 * #MAX_BODY_BYTES} is refused before anything reads it. Errors Jetty writes before any handler runs
 * (a request line or headers too large) get the security headers from {@link JsonErrorHandler}.
 */
final class RequestGuard extends Handler.Wrapper {
  /**
   * Every route is GET and reads no body: a body this large can only be a mistake or an attack.
   * Refused by its declared length, without reading it.
   */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /** The request line and the headers together, as Jetty counts them: 414 or 431 beyond. */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  /**
   * The page loads only its own script, style sheet and API: no inline script or style, no
   * plugins, no framing, no base URL or form target elsewhere. Sent on every response, since one
   * policy for all costs nothing and a JSON answer opened as a page then runs nothing either.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private static final HttpField[] SECURITY_HEADERS = {
    // A JSON answer that echoes the query must never be sniffed into HTML by a browser.
    new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
    new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    // Links in articles lead elsewhere: the query in this page's URL stays here.
    new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
  };

  /** Puts the security headers on a response (again, harmlessly, if they are there). */
  static void secure(HttpFields.Mutable headers) {
    for (HttpField h : SECURITY_HEADERS) {
      headers.put(h);
    }
  }

  private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");

  /** Origins compared exactly, as browsers send them: never a pattern, never '*'. */
  private final Set<String> corsOrigins;

  RequestGuard(List<String> corsOrigins) {
    this.corsOrigins = Set.copyOf(corsOrigins);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields.Mutable headers = response.getHeaders();
    secure(headers);
    if (!corsOrigins.isEmpty()) {
      // Caches must keep the answers for different origins apart.
      headers.ensureField(VARY_ORIGIN);
      String origin = request.getHeaders().get(HttpHeader.ORIGIN);
      if (origin != null && corsOrigins.contains(origin)) {
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (HttpMethod.OPTIONS.is(request.getMethod())
            && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
          // A preflight: only GET and HEAD, with no extra request headers, for ten minutes.
          headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
          headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 600);
          response.setStatus(HttpStatus.NO_CONTENT_204);
          callback.succeeded();
          return true;
        }
      }
    }
    long length = request.getLength();
    boolean chunked = length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (length > MAX_BODY_BYTES || chunked) {
      // Chunked: its length is unknown until read, and nothing here reads bodies.
      Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
          String.format(Locale.ROOT, "A request body must be at most %d bytes with a "
              + "Content-Length (every route is GET and reads no body)", MAX_BODY_BYTES));
      return true;
    }
    return super.handle(request, response, callback);
  }
}
