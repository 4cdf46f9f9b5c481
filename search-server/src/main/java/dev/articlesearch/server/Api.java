package dev.articlesearch.server;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.HighlightRequest;
import dev.articlesearch.core.Limits;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.SearchMode;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.core.Suggestion;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The HTTP handlers: read and check parameters, call the library, write its result as JSON. Every
 * refusal is an {@link ApiException}, turned into the one JSON error shape by {@link SearchServer}.
 */
final class Api {
  /**
   * Longer texts are refused by /api/analyze ({@code max_analyze_length}): its answer grows with
   * the text. Not one of the index's {@link Limits}: the analysis reads no index.
   */
  static final int MAX_ANALYZE_LENGTH = 10_000;

  /** The index, once open: the server builds its routes while the index opens. */
  private final Supplier<ArticleSearch> opened;
  private final JsonBody json;
  /** The turns the library calls that compute take on this machine's cores. */
  private final ComputeSlots slots;

  Api(Supplier<ArticleSearch> opened, JsonBody json, ComputeSlots slots) {
    this.opened = opened;
    this.json = json;
    this.slots = slots;
  }

  void search(Context ctx) {
    Limits limits = opened.get().limits();
    SearchRequest request = SearchRequest.of(query(ctx, limits))
        .withSyntax(syntax(ctx))
        .withLimit(intParam(ctx, "limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT))
        .withContext(intParam(ctx, "context", 0, 0, limits.maxContext(),
            "; " + named("max_context", limits.maxContext())))
        .withArticles(ctx.queryParams("article"))
        .withGroupByArticle(group(ctx))
        .withExplain(bool(ctx, "explain", false))
        .withFuzzy(bool(ctx, "fuzzy", false))
        .withHighlight(bool(ctx, "highlight", true))
        .withMode(mode(ctx));
    int offset = intParam(ctx, "offset", 0, 0, limits.maxWindow() - request.limit(),
        "; " + named("max_window", limits.maxWindow()) + " for offset + limit");
    SearchRequest page = request.withOffset(offset);
    SearchResult result = slots.call(() -> opened.get().search(page));
    ctx.attribute(RequestLog.RESULTS, result.total());
    json.write(ctx, Responses.Search.of(result));
  }

  void highlight(Context ctx) {
    String query = query(ctx, opened.get().limits());
    String article = required(ctx, "article");
    HighlightRequest request = HighlightRequest.of(query, article).withSyntax(syntax(ctx));
    String paragraphParam = ctx.queryParam("paragraph");
    if (paragraphParam != null && !paragraphParam.isEmpty()) {
      request = request.withParagraph(intParam(ctx, "paragraph", 1, 1, Integer.MAX_VALUE));
    }
    int paragraph = request.paragraph();
    HighlightRequest asked = request;
    json.write(ctx, Responses.Highlight.of(slots.call(() -> opened.get().highlight(asked))
        .orElseThrow(() -> notFound(article, paragraph))));
  }

  /** Why an article (or one paragraph of it, when {@code paragraph > 0}) was not found. */
  private ApiException notFound(String article, int paragraph) {
    return ApiException.notFound(paragraph == 0 || opened.get().article(article).isEmpty()
        ? "No article '" + article + "'"
        : "Article '" + article + "' has no paragraph " + paragraph);
  }

  /** Related paragraphs per list unless {@code limit} says otherwise. */
  static final int DEFAULT_RELATED = 5;

  void related(Context ctx) {
    String article = required(ctx, "article");
    int paragraph = intParam(ctx, "paragraph", 0, 1, Integer.MAX_VALUE);
    if (paragraph == 0) {
      throw ApiException.badRequest("missing_parameter", "Parameter 'paragraph' is required");
    }
    int limit = intParam(ctx, "limit", DEFAULT_RELATED, 1, ArticleIndex.MAX_RELATED);
    SearchMode mode = mode(ctx);
    json.write(ctx, slots.call(() -> opened.get().related(article, paragraph, limit, mode))
        .orElseThrow(() -> notFound(article, paragraph)));
  }

  /** Suggestions unless {@code limit} says otherwise. */
  static final int DEFAULT_SUGGESTIONS = 8;

  void suggest(Context ctx) {
    String prefix = ctx.queryParam("q");
    if (prefix == null) {
      throw ApiException.badRequest("missing_parameter", "Parameter 'q' is required");
    }
    checkLength("q", prefix, "max_query_length", opened.get().limits().maxQueryLength());
    int limit = intParam(ctx, "limit", DEFAULT_SUGGESTIONS, 1, ArticleIndex.MAX_SUGGESTIONS);
    List<Suggestion> suggestions = slots.call(() -> opened.get().suggest(prefix, limit));
    ctx.attribute(RequestLog.RESULTS, suggestions.size());
    json.write(ctx, new Responses.Suggestions(prefix, suggestions));
  }

  void articles(Context ctx) {
    json.write(ctx, Responses.Articles.of(opened.get().articles()));
  }

  void article(Context ctx) {
    String id = ctx.pathParam("id");
    json.write(ctx, Responses.FullArticle.of(
        opened.get().article(id).orElseThrow(() -> ApiException.notFound("No article '" + id + "'"))));
  }

  void analyze(Context ctx) {
    String text = ctx.queryParam("text");
    if (text == null || text.isEmpty()) {
      throw ApiException.badRequest("missing_parameter", "Parameter 'text' is required");
    }
    checkLength("text", text, "max_analyze_length", MAX_ANALYZE_LENGTH);
    json.write(ctx, Responses.Analysis.of(text, ArticleIndex.analyze(text)));
  }

  void health(Context ctx) {
    json.write(ctx, Responses.Health.of(opened.get().stats(), opened.get().modes()));
  }

  /** The required {@code q}, within {@code max_query_length}. */
  private static String query(Context ctx, Limits limits) {
    String q = required(ctx, "q");
    checkLength("q", q, "max_query_length", limits.maxQueryLength());
    return q;
  }

  private static void checkLength(String name, String value, String limit, int max) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw ApiException.limitExceeded(limit, "Parameter '" + name + "' is "
          + thousands(length) + " characters; " + named(limit, max));
    }
  }

  /** As the library words it: "the limit (max_window) is 10,000". */
  static String named(String limit, long value) {
    return "the limit (" + limit + ") is " + thousands(value);
  }

  static String thousands(long n) {
    return java.text.NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("missing_parameter", "Parameter '" + name + "' is required");
    }
    return value;
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    return intParam(ctx, name, fallback, min, max, "");
  }

  /** {@code why} ends the out-of-range message: which limit the maximum comes from. */
  private static int intParam(Context ctx, String name, int fallback, int min, int max, String why) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_parameter",
          "Parameter '" + name + "' must be a whole number from " + min + " to " + max + ", was '"
              + abbreviate(raw) + "'");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest("invalid_parameter",
          "Parameter '" + name + "' must be from " + min + " to " + max + ", was " + value + why);
    }
    return value;
  }

  private static SearchMode mode(Context ctx) {
    String raw = ctx.queryParam("mode");
    if (raw == null || raw.isEmpty()) {
      return SearchMode.KEYWORD;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "keyword" -> SearchMode.KEYWORD;
      case "semantic" -> SearchMode.SEMANTIC;
      case "hybrid" -> SearchMode.HYBRID;
      default -> throw ApiException.badRequest("invalid_parameter",
          "Parameter 'mode' must be 'keyword', 'semantic' or 'hybrid', was '" + abbreviate(raw) + "'");
    };
  }

  private static QuerySyntax syntax(Context ctx) {
    String raw = ctx.queryParam("syntax");
    if (raw == null || raw.isEmpty()) {
      return QuerySyntax.SIMPLE;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "simple" -> QuerySyntax.SIMPLE;
      case "lucene" -> QuerySyntax.LUCENE;
      default -> throw ApiException.badRequest("invalid_parameter",
          "Parameter 'syntax' must be 'simple' or 'lucene', was '" + abbreviate(raw) + "'");
    };
  }

  private static boolean bool(Context ctx, String name, boolean absent) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return absent;
    }
    if (raw.equals("true") || raw.equals("false")) {
      return raw.equals("true");
    }
    throw ApiException.badRequest("invalid_parameter",
        "Parameter '" + name + "' must be 'true' or 'false', was '" + abbreviate(raw) + "'");
  }

  private static boolean group(Context ctx) {
    String raw = ctx.queryParam("group");
    if (raw == null || raw.isEmpty()) {
      return false;
    }
    if (raw.equals("article")) {
      return true;
    }
    throw ApiException.badRequest("invalid_parameter",
        "Parameter 'group' can only be 'article', was '" + abbreviate(raw) + "'");
  }

  /**
   * Refuses a query string that is not well-formed percent-encoded UTF-8. Javalin would otherwise
   * drop such a parameter without a word ({@code q=60%} reads as no {@code q} at all, {@code
   * limit=5%} as the default limit) or decode bad UTF-8 to U+FFFD.
   */
  static void checkQueryString(String raw) {
    if (raw == null) {
      return;
    }
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    int runStart = -1;
    for (int i = 0; i <= raw.length(); i++) {
      if (i < raw.length() && raw.charAt(i) == '%') {
        int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw ApiException.badRequest("bad_request", "Bad percent-encoding at character " + i
              + " of the query string: '%' must be followed by two hex digits (write '%25' for '%')");
        }
        if (runStart < 0) {
          runStart = i;
        }
        run.write(hi * 16 + lo);
        i += 2;
      } else if (runStart >= 0) {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(run.toByteArray()));
        } catch (CharacterCodingException e) {
          throw ApiException.badRequest("bad_request",
              "Bad UTF-8 in the percent-encoding at character " + runStart + " of the query string");
        }
        run.reset();
        runStart = -1;
      }
    }
  }

  /** User input echoed in a message is cut short; JSON encoding makes it safe. */
  static String abbreviate(String s) {
    return s.codePointCount(0, s.length()) <= 50 ? s : s.substring(0, s.offsetByCodePoints(0, 50)) + "…";
  }

  static List<String> routes() {
    return List.of("/api/search", "/api/suggest", "/api/highlight", "/api/related", "/api/articles",
        "/api/articles/{id}", "/api/analyze", "/api/health", "/openapi.json", "/metrics", "/");
  }
}
