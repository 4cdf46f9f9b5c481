package dev.articlesearch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty answers some malformed requests (an illegal path character, a header too large) before
 * Javalin sees them, with an HTML page by default. This writes the API's JSON error shape instead.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final ObjectMapper mapper;

  JsonErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The error code of the JSON shape for an HTTP status. */
  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "request_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 500 -> "internal_error";
      case 503 -> "unavailable";
      default -> "http_" + status;
    };
  }

  /**
   * A copy of {@code mapper} that writes {@code <}, {@code >} and {@code &} as JSON unicode
   * escapes. Error messages echo the request (an article id, a parameter value), so an error body
   * never carries markup such as {@code <script>}, whatever was sent.
   */
  static ObjectMapper htmlSafe(ObjectMapper mapper) {
    ObjectMapper copy = mapper.copy();
    copy.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
    return copy;
  }

  /** The error shape as JSON text. */
  static String body(ObjectMapper mapper, String code, String message) {
    try {
      return mapper.writeValueAsString(new Responses.Error(code, message));
    } catch (JsonProcessingException e) {
      return "{\"error\":\"" + code + "\",\"message\":\"The error could not be written\"}";
    }
  }

  /** Errors Jetty answers before any handler runs get the security headers here. */
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    RequestGuard.secure(response.getHeaders());
    return super.handle(request, response, callback);
  }

  /** Jetty writes error bodies for GET, POST and HEAD only: PUT, DELETE and the rest get one too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    String body =
        body(mapper, code(code), message == null || message.isBlank() ? "HTTP " + code : message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes;

    HtmlSafeEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_STANDARD;
      escapes['>'] = ESCAPE_STANDARD;
      escapes['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
