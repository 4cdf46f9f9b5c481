package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.assertError;
import static dev.articlesearch.server.ApiTest.assertJsonError;
import static dev.articlesearch.server.ApiTest.enc;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.server.ApiTest.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What the server shows an attacker: the security headers on every kind of answer, no version
 * banner, no CORS unless origins are listed, request size limits with JSON errors, paths that
 * never reach a file outside the page's own, and no method or route that changes the index.
 */
class HttpHardeningTest {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";
  static final String APP = "https://app.example.org";
  static final String LOCAL = "http://localhost:3000";

  @TempDir static Path dir;
  /** No CORS: the default. */
  static SearchServer server;
  /** The same index with {@code --cors-origin https://app.example.org --cors-origin http://localhost:3000}. */
  static SearchServer cors;

  @BeforeAll
  static void start() throws IOException {
    server = ApiTest.startServer(dir);
    cors = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index"),
        List.of(APP, LOCAL)));
  }

  @AfterAll
  static void stop() {
    cors.close();
    server.close();
  }

  // ----------------------------------------------------------------------------- bind address

  /**
   * The default host answers on the loopback interface only: from this machine's other addresses
   * the port is closed. Skipped (with the reason) on a machine with no other IPv4 address.
   */
  @Test
  void byDefaultOnlyTheLoopbackInterfaceIsListenedOn() throws IOException {
    java.net.InetAddress other = java.net.NetworkInterface.networkInterfaces()
        .flatMap(java.net.NetworkInterface::inetAddresses)
        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
        .findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(other != null,
        "this machine has no IPv4 address besides the loopback one");
    assertEquals(ServerConfig.DEFAULT_HOST, "127.0.0.1");
    try (Socket local = new Socket("127.0.0.1", server.port())) {
      assertTrue(local.isConnected());
    }
    java.net.InetAddress outside = other;
    org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class, () -> {
      try (Socket s = new Socket(outside, server.port())) {
        s.getInputStream();
      }
    }, "connected to " + outside.getHostAddress() + ":" + server.port());
  }

  // ---------------------------------------------------------------------------------- headers

  @Test
  void everyKindOfAnswerHasTheSecurityHeadersAndNoServerBanner() {
    Map<String, Supplier<Reply>> answers = new LinkedHashMap<>();
    answers.put("200 search", () -> ApiTest.get(server, "/api/search?q=" + enc("智谱")));
    answers.put("200 page", () -> ApiTest.get(server, "/"));
    answers.put("200 script", () -> ApiTest.get(server, "/app.js"));
    answers.put("200 style", () -> ApiTest.get(server, "/style.css"));
    answers.put("200 openapi", () -> ApiTest.get(server, "/openapi.json"));
    answers.put("200 head", () -> ApiTest.send(server, "HEAD", "/api/health"));
    answers.put("400 parameter", () -> ApiTest.get(server, "/api/search"));
    answers.put("400 early", () -> ApiTest.raw(server, "GET /api/<script> HTTP/1.1"));
    answers.put("400 garbage", () -> ApiTest.raw(server, "GARBAGE"));
    answers.put("404 article", () -> ApiTest.get(server, "/api/articles/" + enc("不存在")));
    answers.put("404 route", () -> ApiTest.get(server, "/favicon.ico"));
    answers.put("405 post", () -> ApiTest.send(server, "POST", "/api/search?q=GLM"));
    answers.put("413 body", () -> ApiTest.raw(server, "POST /api/search HTTP/1.1\r\nContent-Length: 1000000"));
    answers.put("414 uri", () -> ApiTest.get(server, "/api/search?q=" + "长".repeat(3_000)));
    answers.put("431 headers", () -> ApiTest.exchange(HttpRequest.newBuilder(ApiTest.uri(server, "/api/health"))
        .header("X-Padding", "a".repeat(9_000)).build()));
    for (var each : answers.entrySet()) {
      Reply r = each.getValue().get();
      String what = each.getKey() + ": " + r.headers();
      assertEquals(Integer.parseInt(each.getKey().substring(0, 3)), r.status(), what + " " + r.body());
      assertEquals("nosniff", r.header("X-Content-Type-Options"), what);
      assertEquals(CSP, r.header("Content-Security-Policy"), what);
      assertEquals("no-referrer", r.header("Referrer-Policy"), what);
      assertNull(r.header("Server"), what);
      assertNull(r.header("X-Powered-By"), what);
      assertNull(r.header("Access-Control-Allow-Origin"), what);
      if (r.status() >= 400) {
        assertJsonError(r, r.json().get("error").asText()); // the JSON shape, whatever the code
      }
    }
  }

  @Test
  void thePageLoadsNoInlineScriptStyleOrEventHandler() throws IOException {
    String html = Files.readString(Path.of("src/main/resources/public/index.html"), UTF_8);
    assertEquals(List.of("<script src=\"app.js\" defer></script>"), matches(html, "<script[^>]*>[^<]*</script>"));
    assertFalse(html.contains("<style"), "no style element");
    assertFalse(html.matches("(?s).*\\sstyle\\s*=.*"), "no style attribute");
    assertFalse(html.matches("(?s).*\\son[a-z]+\\s*=.*"), "no inline event handler");
    assertFalse(html.toLowerCase(Locale.ROOT).contains("javascript:"), "no javascript: URL");
    String js = Files.readString(Path.of("src/main/resources/public/app.js"), UTF_8);
    for (String unsafe : List.of("eval(", "new Function", "setAttribute('style'", "setAttribute('on",
        ".outerHTML", "insertAdjacentHTML", "document.write")) {
      assertFalse(js.contains(unsafe), unsafe);
    }
    // The only HTML the script parses: the API's escaped snippets, into an inert template.
    assertEquals(List.of("t.innerHTML = html;"), matches(js, "[^\\n]*innerHTML[^\\n]*").stream()
        .map(String::strip).toList());
  }

  // ---------------------------------------------------------------------------------------- CORS

  @Test
  void withoutListedOriginsNoAnswerCarriesCorsHeaders() {
    for (String origin : List.of(APP, "https://evil.example", "null")) {
      Reply get = ApiTest.raw(server, "GET /api/health HTTP/1.1\r\nOrigin: " + origin);
      assertEquals(200, get.status());
      assertTrue(get.headers().keySet().stream().noneMatch(h -> h.startsWith("access-control-")), get.headers().toString());
      assertNull(get.header("Vary"), get.headers().toString());
      Reply preflight = ApiTest.raw(server, "OPTIONS /api/search HTTP/1.1\r\nOrigin: " + origin
          + "\r\nAccess-Control-Request-Method: GET");
      assertError(preflight, 405, "method_not_allowed", "Only GET is served");
      assertTrue(preflight.headers().keySet().stream().noneMatch(h -> h.startsWith("access-control-")));
    }
  }

  @Test
  void listedOriginsAndOnlyThoseMayReadAnswersAndErrors() {
    for (String origin : List.of(APP, LOCAL)) {
      Reply r = ApiTest.raw(cors, "GET /api/search?q=%E6%99%BA%E8%B0%B1 HTTP/1.1\r\nOrigin: " + origin);
      assertEquals(200, r.status());
      assertEquals(origin, r.header("Access-Control-Allow-Origin"));
      assertEquals("Origin", r.header("Vary"));
      assertNull(r.header("Access-Control-Allow-Credentials"), "no cookies: there are none to send");
      Reply error = ApiTest.raw(cors, "GET /api/articles/nope HTTP/1.1\r\nOrigin: " + origin);
      assertError(error, 404, "not_found", "No article 'nope'");
      assertEquals(origin, error.header("Access-Control-Allow-Origin"), "the page can read why");
    }
    for (String origin : List.of("https://evil.example", "https://app.example.org.evil.example",
        "http://app.example.org", "https://app.example.org:8443", "HTTPS://APP.EXAMPLE.ORG", "null",
        APP + " https://evil.example", "*")) {
      Reply r = ApiTest.raw(cors, "GET /api/health HTTP/1.1\r\nOrigin: " + origin);
      assertEquals(200, r.status(), origin);
      assertNull(r.header("Access-Control-Allow-Origin"), origin);
      assertEquals("Origin", r.header("Vary"), origin);
    }
    Reply none = ApiTest.raw(cors, "GET /api/health HTTP/1.1");
    assertNull(none.header("Access-Control-Allow-Origin"));
    assertEquals("Origin", none.header("Vary"), "a cache must not serve it to an origin");
  }

  @Test
  void preflightFromAListedOriginAllowsGetAndHeadOnly() {
    Reply ok = ApiTest.raw(cors, "OPTIONS /api/search?q=GLM HTTP/1.1\r\nOrigin: " + APP
        + "\r\nAccess-Control-Request-Method: GET");
    assertEquals(204, ok.status(), ok.body());
    assertEquals(APP, ok.header("Access-Control-Allow-Origin"));
    assertEquals("GET, HEAD", ok.header("Access-Control-Allow-Methods"));
    assertEquals("600", ok.header("Access-Control-Max-Age"));
    assertEquals("", ok.body());
    Reply evil = ApiTest.raw(cors, "OPTIONS /api/search?q=GLM HTTP/1.1\r\nOrigin: https://evil.example"
        + "\r\nAccess-Control-Request-Method: GET");
    assertError(evil, 405, "method_not_allowed", "Only GET is served");
    assertNull(evil.header("Access-Control-Allow-Origin"));
    Reply delete = ApiTest.raw(cors, "DELETE /api/articles/zh_001 HTTP/1.1\r\nOrigin: " + APP);
    assertError(delete, 405, "method_not_allowed", "Only GET is served");
  }

  @Test
  void corsOriginFlagIsRepeatableAndABadOriginExitsTwoNamingIt(@TempDir Path work) {
    Main main = new Main(System.out, false);
    new CommandLine(main).parseArgs("--cors-origin", APP, "--cors-origin", LOCAL);
    assertEquals(List.of(APP, LOCAL), main.corsOrigins);
    Main plain = new Main(System.out, false);
    new CommandLine(plain).parseArgs();
    assertEquals(List.of(), plain.corsOrigins, "none by default");

    for (String bad : List.of("*", "app.example.org", "https://app.example.org/", "https://app.example.org/page",
        "ftp://app.example.org", "https://例子.测试")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status;
      try (PrintStream o = new PrintStream(out, true, UTF_8); PrintStream e = new PrintStream(err, true, UTF_8)) {
        status = Main.run(o, e, false, "--cors-origin", bad, "--index", work.resolve("index").toString());
      }
      assertEquals(2, status, bad);
      assertEquals("", out.toString(UTF_8));
      assertEquals("search-server: Invalid value for option '--cors-origin': must be an origin such as"
          + " https://example.org (http or https, a host, an optional port; no path, no '*'), was '"
          + bad + "' (see --help)\n", err.toString(UTF_8).replace("\r\n", "\n"));
      assertFalse(Files.exists(work.resolve("index")), "refused before any rebuild");
    }
  }

  // ---------------------------------------------------------------------------- size limits

  @Test
  void requestLineUpToTheLimitIsServedAndBeyondItIsAJson414ThatEchoesNothing() {
    // The JDK client adds about 150 bytes of request line and headers to the URI. The long part
    // is an unknown parameter (ignored): a q that long would pass max_query_length first.
    ApiTest.assertOk(ApiTest.get(server, "/api/search?q=" + enc("智谱") + "&pad=" + "a".repeat(7_760)));
    String script = enc("<script>alert('长')</script>");
    Reply r = ApiTest.get(server, "/api/search?q=" + script + "a".repeat(8_200));
    assertError(r, 414, "uri_too_long", "URI Too Long");
    ApiTest.assertNoMarkup(r);
    assertFalse(r.body().contains("alert"), r.body());
  }

  @Test
  void headersBeyondEightKibibytesInAllAreAJson431() {
    HttpRequest.Builder many = HttpRequest.newBuilder(ApiTest.uri(server, "/api/health"));
    for (int i = 0; i < 100; i++) {
      many.header("X-Padding-" + i, "<script>" + "b".repeat(80));
    }
    Reply r = ApiTest.exchange(many.build());
    assertError(r, 431, "headers_too_large", "Request Header Fields Too Large");
    ApiTest.assertNoMarkup(r);
    HttpRequest.Builder fewer = HttpRequest.newBuilder(ApiTest.uri(server, "/api/health"));
    for (int i = 0; i < 60; i++) {
      fewer.header("X-Padding-" + i, "b".repeat(100));
    }
    ApiTest.assertOk(ApiTest.exchange(fewer.build()));
  }

  @Test
  void bodyOverSixtyFourKibibytesOrOfUnknownLengthIsAJson413WithoutBeingRead() {
    String message = "A request body must be at most 65536 bytes with a Content-Length (every route"
        + " is GET and reads no body)";
    for (String head : List.of("GET /api/search?q=GLM HTTP/1.1\r\nContent-Length: 65537",
        "POST /api/search HTTP/1.1\r\nContent-Length: 10000000000",
        "PUT /api/articles/zh_001 HTTP/1.1\r\nContent-Length: 1048576",
        "POST /api/search HTTP/1.1\r\nTransfer-Encoding: chunked")) {
      // Only the head is sent: the answer must come without the body ever being read.
      assertError(ApiTest.raw(server, head), 413, "request_too_large", message);
    }
    byte[] body = "这是一个请求体。".repeat(2_730).getBytes(UTF_8); // 65,520 bytes: within the limit
    assertTrue(body.length <= RequestGuard.MAX_BODY_BYTES);
    Reply withBody = rawWithBody("GET /api/search?q=ChatGLM3-6B&limit=1 HTTP/1.1", body);
    ApiTest.assertOk(withBody);
    assertEquals(2, withBody.json().get("total").asInt(), "the body is ignored");
    assertError(rawWithBody("POST /api/search?q=GLM HTTP/1.1", body), 405, "method_not_allowed",
        "Only GET is served");
  }

  // ----------------------------------------------------------------------------- path safety

  /** Article ids that try to name a file: each is a JSON 404 (or 400), never a file's content. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "/api/articles/../../pom.xml",
    "/api/articles/..%2F..%2Fpom.xml",
    "/api/articles/..%2f..%2f..%2fpom.xml",
    "/api/articles/%2e%2e%2f%2e%2e%2fpom.xml",
    "/api/articles/%2E%2E/%2E%2E/pom.xml",
    "/api/articles/..%5c..%5cpom.xml",
    "/api/articles/%2Fetc%2Fpasswd",
    "/api/articles//etc/passwd",
    "/api/articles/%2F%2Fetc%2Fpasswd",
    "/api/articles/file:%2F%2F%2Fetc%2Fpasswd",
    "/api/articles/C:%5cWindows%5cwin.ini",
    "/api/articles/zh_001.txt",
    "/api/articles/zh_001%00.txt",
    "/api/articles/%00",
    "/api/articles/..",
    "/api/articles/%2e%2e",
    "/api/articles/.",
    "/api/articles/%252e%252e%252fpom.xml",
    "/api/articles/..;/..;/pom.xml",
    "/api/highlight?q=GLM&article=..%2F..%2Fpom.xml",
    "/api/related?paragraph=1&article=%2Fetc%2Fpasswd",
    "/api/search?q=GLM&article=..%2F..%2Fpom.xml",
  })
  void articleIdsThatNameFilesAreNotFound(String target) {
    Reply r = ApiTest.raw(server, "GET " + target + " HTTP/1.1");
    assertNoFileServed(target, r);
    if (target.startsWith("/api/search")) {
      assertEquals(200, r.status(), r.body());
      assertEquals(0, r.json().get("total").asInt(), "no article has that id");
    } else {
      assertTrue(r.status() == 404 || r.status() == 400, target + " -> " + r.status() + " " + r.body());
      assertJsonError(r, r.status() == 404 ? "not_found" : "bad_request");
    }
  }

  /**
   * Paths that try to leave the page's folder (/public on the class path) for the class path or
   * the file system: each is a JSON 404 or 400, never the file.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "/../pom.xml",
    "/../../pom.xml",
    "/..%2fpom.xml",
    "/..%2f..%2fpom.xml",
    "/%2e%2e/pom.xml",
    "/%2e%2e%2f%2e%2e%2fpom.xml",
    "/.%2e/META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/..%2fMETA-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/%2e%2e/META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/%2e%2e%2fMETA-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/..%5cMETA-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/%252e%252e%252fMETA-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/public/../META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/app.js/..%2f..%2fMETA-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/;/../META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/..;/META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/..%2fdev/articlesearch/server/Main.class",
    "/%2e%2e/dev/articlesearch/server/Main.class",
    "/dev/articlesearch/server/Main.class",
    "/META-INF/services/ch.qos.logback.classic.spi.Configurator",
    "/etc/passwd",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/file:/etc/passwd",
    "/file:%2f%2f%2fetc%2fpasswd",
    "/index.html%00",
    "/index.html%00.txt",
    "/%c0%ae%c0%ae/META-INF/services/ch.qos.logback.classic.spi.Configurator",
  })
  void staticPathsCannotLeaveThePagesFolder(String target) {
    Reply r = ApiTest.raw(server, "GET " + target + " HTTP/1.1");
    assertNoFileServed(target, r);
    assertTrue(r.status() == 404 || r.status() == 400, target + " -> " + r.status() + " " + r.body());
    assertJsonError(r, r.status() == 404 ? "not_found" : "bad_request");
  }

  @Test
  void thePagesOwnFilesAreServed() {
    // The control for the two tests above: what they look for is there to be found.
    Reply js = ApiTest.raw(server, "GET /app.js HTTP/1.1");
    assertEquals(200, js.status());
    assertTrue(js.body().startsWith("// The search page"), js.body().substring(0, 40));
    assertTrue(Files.exists(Path.of("pom.xml")) && Files.exists(Path.of("/etc/passwd")));
    // The class-path file they aim at is beside the page's folder, in the same jar or folder.
    String pages = SearchServer.class.getResource("/public/app.js").toString();
    String beside = SearchServer.class.getResource(
        "/META-INF/services/ch.qos.logback.classic.spi.Configurator").toString();
    assertEquals(pages.replace("public/app.js", ""),
        beside.replace("META-INF/services/ch.qos.logback.classic.spi.Configurator", ""));
    ApiTest.assertOk(ApiTest.raw(server, "GET /api/articles/zh_001 HTTP/1.1"));
  }

  private static void assertNoFileServed(String target, Reply r) {
    for (String secret : List.of("<project", "modelVersion", "root:", "dev.articlesearch.server.LogStart",
        "\u00ca\u00fe\u00ba\u00be", "CAFEBABE", "'use strict'")) {
      assertFalse(r.body().contains(secret), target + " served a file: " + r.body());
    }
  }

  // -------------------------------------------------------------------------- nothing writes

  @Test
  void everyRouteWithEveryMethodLeavesTheIndexByteIdentical() throws IOException {
    Map<String, String> before = hashes(dir.resolve("index"));
    assertFalse(before.isEmpty());
    byte[] body = "{\"q\":\"智谱\",\"rebuild\":true}".getBytes(UTF_8);
    int answered = 0;
    for (String route : Api.routes()) {
      String path = route.replace("{id}", "zh_001");
      for (String query : List.of("", "?q=GLM&article=zh_001&paragraph=1&text=" + enc("写入"))) {
        assertTrue(ApiTest.get(server, path + query).status() < 500, path + query);
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
          Reply r = rawWithBody(method + " " + path + query + " HTTP/1.1", body);
          if (route.equals("/")) {
            assertError(r, 404, "not_found", "Endpoint " + method + " / not found");
          } else {
            assertError(r, 405, "method_not_allowed", "Only GET is served");
          }
          answered++;
        }
      }
    }
    assertEquals(Api.routes().size() * 2 * 4, answered);
    assertEquals(before, hashes(dir.resolve("index")), "every file of the index, byte for byte");
  }

  // ----------------------------------------------------------------------------------- helpers

  /** Sends a request line, a Content-Length and {@code body}; reads the whole answer. */
  static Reply rawWithBody(String requestLine, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(ISO_8859_1));
      out.write(body);
      out.flush();
      return ApiTest.parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-256 of every file under {@code folder}, by relative path. */
  static Map<String, String> hashes(Path folder) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        hashes.put(folder.relativize(f).toString(), HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(f))));
      }
    }
    return hashes;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> matches(String text, String regex) {
    return java.util.regex.Pattern.compile(regex).matcher(text).results().map(m -> m.group()).toList();
  }
}
