package dev.articlesearch.server;

/** A request the API refuses: becomes {@code {"error": code, "message": message}} with status. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  /** The limit a {@code limit_exceeded} refusal names ({@code max_query_length}), else null. */
  final String limit;

  ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  private ApiException(int status, String code, String message, String limit) {
    super(message);
    this.status = status;
    this.code = code;
    this.limit = limit;
  }

  static ApiException limitExceeded(String limit, String message) {
    return new ApiException(400, "limit_exceeded", message, limit);
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }
}
