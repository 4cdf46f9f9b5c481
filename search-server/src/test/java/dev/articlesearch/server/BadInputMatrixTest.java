package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.core.Limits;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input matrix: every route and every parameter of it (and an unknown one) given every
 * kind of hostile value, sent byte for byte. Each answer is a 2xx or a 4xx, never a 5xx; JSON (the
 * web page aside), a 4xx in exactly the error shape; within the time budget; and the next normal
 * search still answers exactly.
 */
class BadInputMatrixTest {
  /** Every special character of Lucene's classic syntax. */
  static final List<String> LUCENE_SPECIALS = List.of(
      "+", "-", "&", "|", "!", "(", ")", "{", "}", "[", "]", "^", "\"", "~", "*", "?", ":", "\\", "/");

  /** One hostile value: a name for the report, and what goes on the wire after {@code name=}. */
  record Value(String label, String wire) {
    /** The value as written, percent-encoded as a browser would. */
    static Value text(String label, String s) {
      return new Value(label, ApiTest.enc(s));
    }

    /** Bytes on the wire as they are (one char per byte): bad encodings, raw NUL, raw UTF-8. */
    static Value raw(String label, String bytes) {
      return new Value(label, bytes);
    }

    /** For a repeated parameter: {@code {name}} stands for the parameter's name. */
    String on(String name) {
      return wire.replace("{name}", name);
    }
  }

  /** A route, the valid parameters that go with the one under test, and which ones take text. */
  record Route(String path, Map<String, String> valid, List<String> textParameters,
      List<String> otherParameters) {}

  static final String UNKNOWN = "zz";

  static final List<Route> ROUTES = List.of(
      new Route("/api/search", params("q", "GLM"), List.of("q", "article", UNKNOWN),
          List.of("syntax", "limit", "offset", "context", "group", "explain", "fuzzy", "highlight")),
      new Route("/api/search", params("syntax", "lucene", "q", "GLM"), List.of("q"), List.of()),
      new Route("/api/suggest", params("q", "智"), List.of("q"), List.of("limit", UNKNOWN)),
      new Route("/api/highlight", params("q", "GLM", "article", "zh_001"), List.of("q", "article"),
          List.of("paragraph", "syntax", UNKNOWN)),
      new Route("/api/highlight", params("syntax", "lucene", "q", "GLM", "article", "zh_001"),
          List.of("q"), List.of()),
      new Route("/api/related", params("article", "zh_001", "paragraph", "1"), List.of("article"),
          List.of("paragraph", "limit", UNKNOWN)),
      new Route("/api/articles", params(), List.of(), List.of(UNKNOWN)),
      new Route("/api/articles/{id}", params(), List.of("{id}"), List.of(UNKNOWN)),
      new Route("/api/analyze", params("text", "智谱"), List.of("text"), List.of(UNKNOWN)),
      new Route("/api/health", params(), List.of(), List.of(UNKNOWN)),
      new Route("/openapi.json", params(), List.of(), List.of(UNKNOWN)),
      new Route("/", params(), List.of(), List.of(UNKNOWN)));

  /** Every kind of value the issue lists, but the pairs of special characters (text only). */
  static List<Value> values() {
    List<Value> v = new ArrayList<>();
    v.add(Value.raw("empty", ""));
    v.add(Value.text("whitespace", "  \t\n "));
    v.add(Value.text("ideographic space", "\u3000\u3000"));
    v.add(Value.raw("100 kB ASCII", "a".repeat(100_000)));
    v.add(Value.text("100 kB Chinese", "智".repeat(11_200)));
    v.add(Value.raw("1,001 characters", "a".repeat(1_001)));
    v.add(Value.raw("7 kB", "b".repeat(7_000)));
    v.add(Value.raw("NUL", "%00"));
    v.add(Value.raw("NUL inside", "a%00b"));
    v.add(Value.raw("raw NUL", "a\0b"));
    v.add(Value.raw("control characters", "%01%1F%7F%08"));
    v.add(Value.raw("encoded CRLF header", "%0D%0AX-Injected:%201"));
    for (String bad : List.of("%C3%28", "%FF", "%C0%AF", "%E4", "%F8%88%80%80%80", "%F4%90%80%80",
        "%F0%9F%8E", "%ED%A0%80", "%ED%B0%80", "a%ED%A0%80b")) {
      v.add(Value.raw("invalid UTF-8 " + bad, bad));
    }
    for (String bad : List.of("%zz", "60%", "%", "%%", "%2", "%u4E2D", "%%32%30")) {
      v.add(Value.raw("bad percent-encoding " + bad, bad));
    }
    v.add(Value.raw("raw UTF-8 bytes", new String("智谱".getBytes(UTF_8), ISO_8859_1)));
    v.add(Value.raw("raw Latin-1 byte", "caf\u00e9"));
    v.add(Value.text("lone high surrogate", "a\uD800b"));
    v.add(Value.text("right-to-left override", "\u202Eevil\u202C GLM"));
    v.add(Value.text("Arabic", "مرحبا بالعالم"));
    v.add(Value.text("Hebrew with marks", "\u200Fשלום\u200E"));
    v.add(Value.text("combining marks", "e\u0301\u0301\u0301"));
    v.add(Value.text("combining mark alone", "\u0301"));
    v.add(Value.text("zalgo", "Z\u0334\u0321\u031B\u0336\u0337" + "\u0300".repeat(50)));
    v.add(Value.text("zero-width characters", "智\u200B谱\u200C\u200D\uFEFF"));
    v.add(Value.text("emoji", "🎉"));
    v.add(Value.text("emoji family", "👨‍👩‍👧‍👦"));
    v.add(Value.text("flag", "🇨🇳"));
    v.add(Value.text("300 emoji", "🎉".repeat(300)));
    v.add(Value.text("full-width punctuation", "，。！？：；（）【】《》“”"));
    v.add(Value.text("full-width letters", "ＧＬＭ－４"));
    v.add(Value.text("full-width digits", "１２"));
    v.add(Value.text("full-width star", "＊"));
    v.add(Value.text("HTML", "<b>GLM</b>"));
    v.add(Value.text("script", "<script>alert(1)</script>"));
    v.add(Value.text("attribute breakout", "\"><img src=x onerror=alert(1)>"));
    v.add(Value.text("entities", "&lt;&amp;&#0;"));
    v.add(Value.text("mark tags", "<mark>智谱</mark>"));
    v.add(Value.text("javascript URL", "javascript:alert(1)"));
    v.add(Value.text("SQL or", "' OR '1'='1"));
    v.add(Value.text("SQL drop", "'; DROP TABLE articles; --"));
    v.add(Value.text("SQL select", "1; SELECT * FROM users"));
    v.add(Value.text("SQL quotes", "\" OR \"\"=\""));
    v.add(Value.text("shell substitution", "$(rm -rf /)"));
    v.add(Value.text("shell backticks", "`id`"));
    v.add(Value.text("shell pipe", "; ls -la | cat"));
    v.add(Value.text("path traversal", "../../etc/passwd"));
    v.add(Value.text("JNDI", "${jndi:ldap://x/a}"));
    v.add(Value.text("format string", "%s%s%s%n"));
    v.add(Value.text("template", "{{7*7}}"));
    for (String s : LUCENE_SPECIALS) {
      v.add(Value.text("special " + s, s));
    }
    for (String s : List.of("&&", "||", "AND", "OR", "NOT", "AND OR NOT", "TO", "*:*", "text:",
        ":::", "title:(", "\"unclosed", "/unclosed", "[1 TO", "a~99", "a^-1", "a^99999999999",
        "*a*", "/.*/", "?????", "paragraph:[* TO *]", "article_id:*")) {
      v.add(Value.text("syntax " + s, s));
    }
    for (String n : List.of("-1", "0", "1", "-0", "+1", "2147483647", "2147483648", "-2147483649",
        "99999999999999999999", "1e3", "0x10", "1.5", "NaN", "Infinity", "-Infinity", " 5", "5 ",
        "５", "٣", "1_000", "1,000", "true", "null", "[]", "{}")) {
      v.add(Value.text("number " + n, n));
    }
    v.add(Value.raw("repeated", "GLM&{name}=" + ApiTest.enc("智谱")));
    v.add(Value.raw("repeated number", "1&{name}=500"));
    v.add(Value.raw("repeated empty", "&{name}="));
    v.add(Value.raw("repeated bad", "x&{name}=%zz"));
    return v;
  }

  /** Every special character followed by every special character. */
  static List<Value> pairs() {
    List<Value> v = new ArrayList<>();
    for (String a : LUCENE_SPECIALS) {
      for (String b : LUCENE_SPECIALS) {
        v.add(Value.text("pair " + a + b, a + b));
      }
    }
    return v;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<Value> all = values();
    List<Value> pairs = pairs();
    for (Route route : ROUTES) {
      for (String p : route.textParameters()) {
        for (Value v : all) {
          out.add(Arguments.of(describe(route, p, v), target(route, p, v)));
        }
        for (Value v : pairs) {
          out.add(Arguments.of(describe(route, p, v), target(route, p, v)));
        }
      }
      for (String p : route.otherParameters()) {
        for (Value v : all) {
          out.add(Arguments.of(describe(route, p, v), target(route, p, v)));
        }
      }
    }
    return out.stream();
  }

  @TempDir static Path dir;
  static SearchServer server;

  /** Status and error code of every answer, for the report. */
  static final Map<String, Integer> ANSWERS = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    server = ApiTest.startServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
    System.out.println("Bad-input matrix answers: " + new TreeMap<>(ANSWERS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyHostileValueGetsA2xxOr4xxInTheJsonShapeWithinTheBudgetAndTheServerCarriesOn(
      String description, String target) {
    long started = System.nanoTime();
    Reply r = send(target);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(r.status() >= 200 && r.status() < 500, r.status() + " " + r.body());
    assertTrue(took.compareTo(Limits.DEFAULT_TIMEOUT) <= 0, "answered in " + took);
    String type = r.header("content-type");
    String path = target.split("[?]", 2)[0];
    if (path.equals("/") && r.status() == 200) {
      assertTrue(type != null && type.startsWith("text/html"), "Content-Type " + type);
      ANSWERS.merge("200 page", 1, Integer::sum);
    } else {
      ApiTest.assertJsonContentType(r);
      JsonNode json = r.json();
      if (r.status() >= 400) {
        assertEquals(List.of("error", "message"), ApiTest.fieldNames(json), r.body());
        assertTrue(json.get("error").asText().matches("[a-z0-9_]+"), r.body());
        assertFalse(json.get("message").asText().isBlank(), r.body());
        assertFalse(r.body().contains("<"), "markup in an error: " + r.body());
        ANSWERS.merge(r.status() + " " + json.get("error").asText(), 1, Integer::sum);
      } else {
        assertTrue(json.isObject(), r.body());
        ANSWERS.merge(r.status() + "", 1, Integer::sum);
      }
    }

    Reply normal = ApiTest.get(server, "/api/search?q=" + ApiTest.enc("智谱") + "&limit=1");
    ApiTest.assertOk(normal);
    assertEquals(2, normal.json().get("total").asInt());
    assertEquals("zh_001", normal.json().at("/hits/0/article_id").asText());
    assertEquals(2, normal.json().at("/hits/0/paragraph").asInt());
  }

  // ----------------------------------------------------------------------------------- helpers

  private static Map<String, String> params(String... nameValue) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put(nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  /** The request target: the route's valid parameters with {@code parameter} set to {@code v}. */
  static String target(Route route, String parameter, Value v) {
    if (parameter.equals("{id}")) {
      return route.path().replace("{id}", v.on("id"));
    }
    String path = route.path().replace("{id}", "zh_001");
    List<String> parts = new ArrayList<>();
    for (var e : route.valid().entrySet()) {
      if (!e.getKey().equals(parameter)) {
        parts.add(e.getKey() + "=" + ApiTest.enc(e.getValue()));
      }
    }
    parts.add(parameter + "=" + v.on(parameter));
    return path + "?" + String.join("&", parts);
  }

  static String describe(Route route, String parameter, Value v) {
    String syntax = route.valid().containsKey("syntax") ? " (lucene)" : "";
    StringBuilder label = new StringBuilder();
    v.label().codePoints().limit(40).forEach(c -> label.append(
        c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format(Locale.ROOT, "\\u%04X", c)));
    return route.path() + syntax + " " + parameter + ": " + label;
  }

  /**
   * Sends {@code GET target} byte for byte and reads the answer to the end. Jetty may answer an
   * over-long request before reading all of it and close: what it answered still counts.
   */
  static Reply send(String target) {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // closed while we were still sending: read what it said before closing
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          all.write(buffer, 0, n);
        }
      } catch (SocketException e) {
        if (all.size() == 0) {
          throw e;
        }
      }
      return ApiTest.parse(all.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
