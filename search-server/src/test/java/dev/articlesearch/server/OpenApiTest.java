package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.assertOk;
import static dev.articlesearch.server.ApiTest.enc;
import static dev.articlesearch.server.ApiTest.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.core.Limits;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import dev.articlesearch.core.Embedder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description served at /openapi.json, checked against the running server: the same
 * routes, parameters that are accepted with their documented bounds and defaults, bodies that fit
 * the documented schemas, and error codes and examples that real requests produce.
 */
class OpenApiTest {
  /** The status each error code comes with. */
  static final Map<String, Integer> STATUS = Map.ofEntries(
      Map.entry("missing_parameter", 400), Map.entry("invalid_parameter", 400),
      Map.entry("invalid_query", 400), Map.entry("mode_unavailable", 400),
      Map.entry("bad_request", 400),
      Map.entry("limit_exceeded", 400), Map.entry("not_found", 404),
      Map.entry("method_not_allowed", 405), Map.entry("uri_too_long", 414),
      Map.entry("headers_too_large", 431), Map.entry("internal_error", 500),
      Map.entry("timeout", 503));

  /** An example's summary that is a request line, replayed as is. */
  static final Pattern REQUEST_LINE = Pattern.compile("^(GET|POST|PUT|DELETE|PATCH) (/\\S*)$");

  @TempDir static Path dir;
  static SearchServer server;
  static JsonNode doc;

  @BeforeAll
  static void start() throws IOException {
    // The whole API, search modes included: served with the models of search-semantic.
    server = ApiTest.startServer(dir, Embedder.load(Path.of("target", "natives").toAbsolutePath()));
    Reply r = get("/openapi.json");
    assertOk(r);
    doc = r.json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void isAnOpenApi31DocumentForThisServer() {
    assertTrue(doc.get("openapi").asText().startsWith("3.1."), doc.get("openapi").asText());
    assertFalse(doc.at("/info/title").asText().isBlank());
    assertFalse(doc.at("/info/version").asText().isBlank());
    assertEquals("http://127.0.0.1:" + ServerConfig.DEFAULT_PORT, doc.at("/servers/0/url").asText());
    // No route needs authentication (an empty security list, for linters and client generators),
    // and the licence is the repository's LICENSE.
    assertTrue(doc.get("security").isArray() && doc.get("security").isEmpty(), doc.path("security").toString());
    assertEquals("Apache-2.0", doc.at("/info/license/identifier").asText());
    assertTrue(readLicense().startsWith("\n                                 Apache License\n"
        + "                           Version 2.0, January 2004\n"));
  }

  private static String readLicense() {
    try {
      return java.nio.file.Files.readString(Path.of("..", "LICENSE"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void documentedPathsAreExactlyTheApiRoutesTheServerServes() {
    Set<String> served = new TreeSet<>(Api.routes());
    served.removeAll(Set.of("/openapi.json", "/metrics", "/")); // not JSON API routes
    assertEquals(served, new TreeSet<>(fieldNames(doc.get("paths"))));
    for (String path : served) {
      assertEquals(List.of("get"), fieldNames(doc.get("paths").get(path)), path + ": only GET is served");
    }
  }

  @Test
  void everyOperationAnswersItsExampleRequestWithItsDocumentedSchema() {
    for (String path : fieldNames(doc.get("paths"))) {
      JsonNode operation = doc.get("paths").get(path).get("get");
      for (boolean all : List.of(false, true)) {
        String request = exampleRequest(path, operation, all);
        Reply r = get(request);
        assertNotRouteMissing(r, request);
        assertEquals(200, r.status(), request + " -> " + r.body());
        assertFits(operation.at("/responses/200/content/application~1json/schema"), r.json(), request);
      }
    }
  }

  @Test
  void everyDocumentedSearchParameterIsAcceptedWithItsExample() {
    JsonNode search = doc.at("/paths/~1api~1search/get");
    String q = "q=" + enc(parameter(search, "q").get("example").asText());
    List<String> names = new ArrayList<>();
    for (JsonNode p : parameters(search)) {
      names.add(p.get("name").asText());
      String request = "/api/search?" + (p.get("name").asText().equals("q") ? q : q + "&" + query(p, p.get("example")));
      Reply r = get(request);
      assertEquals(200, r.status(), request + " -> " + r.body());
      assertFits(search.at("/responses/200/content/application~1json/schema"), r.json(), request);
    }
    assertTrue(names.containsAll(List.of("q", "syntax", "limit", "offset", "article", "group", "context")), names.toString());
  }

  @Test
  void documentedRangesEnumsAndDefaultsAreWhatTheServerEnforces() {
    for (String path : List.of("/api/search", "/api/highlight", "/api/analyze")) {
      JsonNode operation = doc.get("paths").get(path).get("get");
      for (JsonNode p : parameters(operation)) {
        String name = p.get("name").asText();
        JsonNode schema = p.get("schema");
        if (schema.has("minimum")) {
          long min = schema.get("minimum").asLong();
          long max = schema.get("maximum").asLong();
          assertAccepted(path, operation, name, Long.toString(min));
          assertAccepted(path, operation, name, Long.toString(max));
          assertRefused(path, operation, name, Long.toString(min - 1), "invalid_parameter");
          assertRefused(path, operation, name, Long.toString(max + 1), "invalid_parameter");
          assertRefused(path, operation, name, "abc", "invalid_parameter");
        }
        if (schema.has("enum")) {
          for (JsonNode value : schema.get("enum")) {
            assertAccepted(path, operation, name, value.asText());
          }
          assertRefused(path, operation, name, "not-a-value", "invalid_parameter");
        }
        if (p.get("required").asBoolean()) {
          assertRefused(path, operation, name, "", "missing_parameter");
        }
        Reply echo = get(path + "?" + otherParameters(operation, name));
        if (schema.has("default") && echo.json().has(name)) { // search echoes limit, offset, syntax
          Reply r = echo;
          assertOk(r);
          assertEquals(schema.get("default").asText(), r.json().get(name).asText(), path + " default " + name);
          assertEquals(r.json().get(name), get(path + "?" + otherParameters(operation, name) + "&" + name + "=").json().get(name),
              path + ": an empty " + name + " is the default");
        }
      }
    }
  }

  @Test
  void documentedErrorExamplesAreWhatTheServerAnswers() {
    int replayed = 0;
    for (var component : fields(doc.at("/components/responses"))) {
      for (var example : fields(component.getValue().at("/content/application~1json/examples"))) {
        Matcher request = REQUEST_LINE.matcher(example.getValue().get("summary").asText());
        if (request.matches()) {
          JsonNode expected = example.getValue().get("value");
          Reply r = ApiTest.raw(server, request.group(1) + " " + request.group(2) + " HTTP/1.1");
          assertEquals((int) STATUS.get(expected.get("error").asText()), r.status(), request.group());
          assertEquals(expected, r.json(), request.group());
          replayed++;
        }
      }
    }
    assertTrue(replayed >= 8, replayed + " examples replayed");
    assertTrue(doc.at("/components/responses/NotFound/content/application~1json/examples/no_route").isObject(),
        "a path no route serves: its 404 is documented");
  }

  @Test
  void everyDocumentedErrorCodeAppearsInARealResponse() {
    Map<String, Integer> documented = new LinkedHashMap<>();
    Map<String, Integer> referencedStatus = referencedStatuses();
    for (var component : fields(doc.at("/components/responses"))) {
      for (var example : fields(component.getValue().at("/content/application~1json/examples"))) {
        String code = example.getValue().at("/value/error").asText();
        Integer status = referencedStatus.getOrDefault(component.getKey(), STATUS.get(code));
        Integer before = documented.put(code, status);
        assertTrue(before == null || before.equals(status), code + " documented under " + before + " and " + status);
      }
    }
    // The operations are GETs, which never get a 405: the Error schema documents it.
    assertTrue(doc.at("/components/schemas/Error/description").asText()
        .contains("`method_not_allowed` (405, any method but GET and HEAD on a route"));
    assertEquals(null, documented.put("method_not_allowed", 405));
    assertEquals(STATUS, documented, "documented codes and the status of the responses they are under");

    Map<String, Supplier<Reply>> provoke = new LinkedHashMap<>();
    provoke.put("missing_parameter", () -> get("/api/search"));
    provoke.put("invalid_parameter", () -> get("/api/search?q=GLM&limit=0"));
    provoke.put("invalid_query", () -> get("/api/search?syntax=lucene&q=" + enc("title:(GLM")));
    provoke.put("mode_unavailable", OpenApiTest::hybridWithoutAnEmbedder);
    provoke.put("bad_request", () -> ApiTest.raw(server, "GET /api/search?q=%zz HTTP/1.1"));
    provoke.put("limit_exceeded", () -> get("/api/search?q=" + "a".repeat(1_001)));
    provoke.put("not_found", () -> get("/api/articles/nope"));
    provoke.put("method_not_allowed", () -> ApiTest.send(server, "POST", "/api/search?q=GLM"));
    provoke.put("uri_too_long", () -> get("/api/search?q=" + "a".repeat(20_000)));
    provoke.put("headers_too_large", () -> ApiTest.exchange(HttpRequest.newBuilder(ApiTest.uri(server, "/api/health"))
        .header("X-Padding", "a".repeat(20_000)).build()));
    provoke.put("internal_error", OpenApiTest::healthOfAClosedIndex);
    provoke.put("timeout", OpenApiTest::searchPastATinyBudget);
    assertEquals(STATUS.keySet(), provoke.keySet());

    JsonNode error = doc.at("/components/schemas/Error");
    for (var each : provoke.entrySet()) {
      Reply r = each.getValue().get();
      assertEquals((int) STATUS.get(each.getKey()), r.status(), r.body());
      ApiTest.assertJsonError(r, each.getKey());
      assertFits(error, r.json(), each.getKey());
    }
  }

  @Test
  void everyExampleFitsItsSchema() {
    for (var schema : fields(doc.at("/components/schemas"))) {
      assertTrue(schema.getValue().has("example"), schema.getKey() + " has no example");
      assertFits(schema.getValue(), schema.getValue().get("example"), "schema " + schema.getKey());
    }
    for (var p : fields(doc.at("/components/parameters"))) {
      assertFits(p.getValue().get("schema"), p.getValue().get("example"), "parameter " + p.getKey());
    }
    for (var component : fields(doc.at("/components/responses"))) {
      JsonNode content = component.getValue().at("/content/application~1json");
      assertFalse(content.get("examples").isEmpty(), component.getKey());
      for (var example : fields(content.get("examples"))) {
        assertFits(content.get("schema"), example.getValue().get("value"), component.getKey() + " " + example.getKey());
      }
    }
    for (String path : fieldNames(doc.get("paths"))) {
      JsonNode ok = doc.get("paths").get(path).at("/get/responses/200/content/application~1json");
      assertTrue(ok.has("example"), path);
      assertFits(ok.get("schema"), ok.get("example"), path + " 200 example");
    }
  }

  @Test
  void everyOperationParameterSchemaAndPropertyIsDescribed() {
    for (String path : fieldNames(doc.get("paths"))) {
      JsonNode operation = doc.get("paths").get(path).get("get");
      for (String field : List.of("operationId", "summary", "description")) {
        assertFalse(operation.path(field).asText().isBlank(), path + " " + field);
      }
      for (var response : fields(operation.get("responses"))) {
        assertFalse(resolve(response.getValue()).path("description").asText().isBlank(), path + " " + response.getKey());
      }
      for (JsonNode p : parameters(operation)) {
        String name = path + " " + p.get("name").asText();
        assertFalse(p.path("description").asText().isBlank(), name);
        assertTrue(p.has("example"), name + " example");
        assertTrue(p.at("/schema/type").isTextual(), name + " type");
      }
    }
    for (var schema : fields(doc.at("/components/schemas"))) {
      assertDescribed(schema.getValue(), schema.getKey());
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  private static Reply get(String pathAndQuery) {
    return ApiTest.get(server, pathAndQuery);
  }

  /** The same index served as by a server started without --semantic. */
  private static Reply hybridWithoutAnEmbedder() {
    try (SearchServer plain = SearchServer.start(
        new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index")))) {
      return ApiTest.get(plain, "/api/search?q=GLM&mode=hybrid");
    }
  }

  /** Serves the same index from a second server, closes its index under it and asks for health. */
  private static Reply healthOfAClosedIndex() {
    try (SearchServer broken = SearchServer.start(
        new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index")))) {
      broken.index().close();
      return ApiTest.get(broken, "/api/health");
    }
  }

  /** Serves the same index with a budget of a nanosecond: every search runs past it. */
  private static Reply searchPastATinyBudget() {
    try (SearchServer hurried = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        dir.resolve("index"), Limits.DEFAULTS.withTimeout(java.time.Duration.ofNanos(1))))) {
      return ApiTest.get(hurried, "/api/search?q=GLM");
    }
  }

  private static void assertNotRouteMissing(Reply r, String request) {
    if (r.status() == 404) {
      String message = r.json().path("message").asText();
      assertFalse(message.startsWith("No route") || message.startsWith("Endpoint"), request + " -> " + message);
    }
  }

  private static void assertAccepted(String path, JsonNode operation, String name, String value) {
    String request = path + "?" + otherParameters(operation, name) + "&" + name + "=" + enc(value);
    Reply r = get(request);
    assertNotEquals(400, r.status(), request + " -> " + r.body());
    assertTrue(r.status() == 200 || r.status() == 404, request + " -> " + r.body());
  }

  private static void assertRefused(String path, JsonNode operation, String name, String value, String code) {
    String request = path + "?" + otherParameters(operation, name) + "&" + name + "=" + enc(value);
    Reply r = get(request);
    assertEquals(400, r.status(), request + " -> " + r.body());
    ApiTest.assertJsonError(r, code);
  }

  /**
   * The required parameters but {@code except} at their examples, and every other bounded integer
   * parameter at its minimum (so that offset may reach its maximum, with limit 1).
   */
  private static String otherParameters(JsonNode operation, String except) {
    List<String> parts = new ArrayList<>();
    for (JsonNode p : parameters(operation)) {
      String name = p.get("name").asText();
      if (name.equals(except)) {
        continue;
      }
      if (p.get("required").asBoolean()) {
        parts.add(query(p, p.get("example")));
      } else if (p.at("/schema/minimum").isNumber() && operation.get("operationId").asText().equals("search")) {
        parts.add(name + "=" + p.at("/schema/minimum").asLong());
      }
    }
    return String.join("&", parts);
  }

  /** path with its path parameters, and its required (or all) query parameters, at their examples. */
  private static String exampleRequest(String path, JsonNode operation, boolean all) {
    String url = path;
    List<String> query = new ArrayList<>();
    for (JsonNode p : parameters(operation)) {
      if (p.get("in").asText().equals("path")) {
        url = url.replace("{" + p.get("name").asText() + "}", enc(p.get("example").asText()));
      } else if (all || p.get("required").asBoolean()) {
        query.add(query(p, p.get("example")));
      }
    }
    return query.isEmpty() ? url : url + "?" + String.join("&", query);
  }

  /** name=value, or name=a&name=b for an array. */
  private static String query(JsonNode parameter, JsonNode value) {
    String name = parameter.get("name").asText();
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(name + "=" + enc(v.asText())));
      return String.join("&", parts);
    }
    return name + "=" + enc(value.asText());
  }

  private static List<JsonNode> parameters(JsonNode operation) {
    List<JsonNode> out = new ArrayList<>();
    operation.path("parameters").forEach(p -> out.add(resolve(p)));
    return out;
  }

  private static JsonNode parameter(JsonNode operation, String name) {
    return parameters(operation).stream().filter(p -> p.get("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no parameter " + name));
  }

  /** For each component response: the status it is documented under in the operations. */
  private static Map<String, Integer> referencedStatuses() {
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String path : fieldNames(doc.get("paths"))) {
      for (var response : fields(doc.get("paths").get(path).at("/get/responses"))) {
        String ref = response.getValue().path("$ref").asText();
        if (!ref.isEmpty()) {
          Integer before = statuses.put(ref.substring(ref.lastIndexOf('/') + 1), Integer.parseInt(response.getKey()));
          assertTrue(before == null || before == Integer.parseInt(response.getKey()), ref + " under two statuses");
        }
      }
    }
    return statuses;
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      assertTrue(ref.startsWith("#/"), ref);
      node = doc.at(ref.substring(1));
      assertFalse(node.isMissingNode(), "dangling " + ref);
    }
    return node;
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    object.properties().forEach(out::add);
    return out;
  }

  private static void assertDescribed(JsonNode schema, String where) {
    if (schema.has("$ref") || schema.isBoolean()) {
      return;
    }
    assertFalse(schema.path("description").asText().isBlank(), where + " has no description");
    for (var property : fields(schema.path("properties"))) {
      assertDescribed(property.getValue(), where + "." + property.getKey());
    }
  }

  // ------------------------------------------------------------ a small JSON Schema 2020-12 check

  /** Asserts that value fits schema: the keywords this description uses, $ref resolved. */
  static void assertFits(JsonNode schema, JsonNode value, String what) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "", errors);
    assertEquals(List.of(), errors, what + ": " + value);
  }

  private static void check(JsonNode schema, JsonNode v, String at, List<String> errors) {
    assertFalse(schema.isMissingNode(), "no schema at " + at);
    if (schema.isBoolean()) {
      if (!schema.asBoolean()) {
        errors.add(at + ": no value allowed here");
      }
      return;
    }
    if (schema.has("$ref")) {
      check(resolve(schema), v, at, errors);
      return;
    }
    Set<String> known = new HashSet<>(List.of("type", "description", "example", "examples", "required",
        "properties", "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "enum",
        "const", "minimum", "maximum", "minLength", "maxLength", "pattern", "format", "default"));
    for (String keyword : fieldNames(schema)) {
      assertTrue(known.contains(keyword), "the check does not know the keyword " + keyword + " at " + at);
    }
    if (schema.has("type")) {
      List<String> types = new ArrayList<>();
      if (schema.get("type").isArray()) {
        schema.get("type").forEach(t -> types.add(t.asText()));
      } else {
        types.add(schema.get("type").asText());
      }
      if (types.stream().noneMatch(t -> isType(t, v))) {
        errors.add(at + ": " + v.getNodeType() + " is not " + types);
        return;
      }
    }
    if (schema.has("const") && !schema.get("const").equals(v)) {
      errors.add(at + ": not " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode e : schema.get("enum")) {
        listed |= e.equals(v);
      }
      if (!listed) {
        errors.add(at + ": " + v + " is not one of " + schema.get("enum"));
      }
    }
    if (v.isNumber()) {
      if (schema.has("minimum") && v.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(at + ": " + v + " < " + schema.get("minimum"));
      }
      if (schema.has("maximum") && v.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(at + ": " + v + " > " + schema.get("maximum"));
      }
    }
    if (v.isTextual()) {
      String s = v.asText();
      int length = s.codePointCount(0, s.length());
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        errors.add(at + ": shorter than " + schema.get("minLength"));
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        errors.add(at + ": longer than " + schema.get("maxLength"));
      }
      if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
        errors.add(at + ": '" + s + "' does not match " + schema.get("pattern"));
      }
      if (schema.path("format").asText().equals("date-time")) {
        try {
          OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
          errors.add(at + ": '" + s + "' is not a date-time");
        }
      }
    }
    if (v.isArray()) {
      if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
        errors.add(at + ": fewer than " + schema.get("minItems") + " items");
      }
      if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) {
        errors.add(at + ": more than " + schema.get("maxItems") + " items");
      }
      int prefix = schema.path("prefixItems").size();
      for (int i = 0; i < v.size(); i++) {
        if (i < prefix) {
          check(schema.get("prefixItems").get(i), v.get(i), at + "/" + i, errors);
        } else if (schema.has("items")) {
          check(schema.get("items"), v.get(i), at + "/" + i, errors);
        }
      }
    }
    if (v.isObject()) {
      for (JsonNode name : schema.path("required")) {
        if (!v.has(name.asText())) {
          errors.add(at + ": no " + name.asText());
        }
      }
      JsonNode properties = schema.path("properties");
      for (String name : fieldNames(v)) {
        if (properties.has(name)) {
          check(properties.get(name), v.get(name), at + "/" + name, errors);
        } else if (schema.has("additionalProperties")) {
          check(schema.get("additionalProperties"), v.get(name), at + "/" + name, errors);
        }
      }
    }
  }

  private static boolean isType(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> throw new AssertionError("unknown type " + type);
    };
  }
}
