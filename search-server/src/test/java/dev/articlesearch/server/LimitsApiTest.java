package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.assertError;
import static dev.articlesearch.server.ApiTest.assertOk;
import static dev.articlesearch.server.ApiTest.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.Limits;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The request limits over HTTP: 400 {@code limit_exceeded} naming the limit, 503 past the budget. */
class LimitsApiTest {
  @TempDir static Path dir;
  static SearchServer server;

  @BeforeAll
  static void start() throws IOException {
    server = ApiTest.startServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void queryLongerThanMaxQueryLengthIs400NamingTheLimitOnEveryRouteThatTakesOne() {
    String past = "智谱" + "a".repeat(999);
    String message = "Parameter 'q' is 1,001 characters; the limit (max_query_length) is 1,000";
    assertError(get("/api/search?q=" + enc(past)), 400, "limit_exceeded", message);
    assertError(get("/api/search?syntax=lucene&q=" + enc(past)), 400, "limit_exceeded", message);
    assertError(get("/api/highlight?article=zh_001&q=" + enc(past)), 400, "limit_exceeded", message);
    assertError(get("/api/suggest?q=" + enc(past)), 400, "limit_exceeded", message);
    Reply atLimit = get("/api/search?q=" + enc("智谱" + "a".repeat(998)));
    assertOk(atLimit);
    assertEquals(2, atLimit.json().get("total").asInt(), "智谱's paragraphs, in the lower tier");
  }

  @Test
  void luceneQueryLimitsAre400NamingTheLimit() {
    assertError(get("/api/search?syntax=lucene&q=" + enc("(".repeat(400) + "智谱" + ")".repeat(400))),
        400, "limit_exceeded",
        "The query nests parentheses 101 deep at position 100; the limit (max_nesting) is 100");
    assertError(get("/api/search?syntax=lucene&q=" + enc("/a{1000}{1000}/")), 400, "limit_exceeded",
        "The regular expression /a{1000}{1000}/ expands to more than 10,000 characters; the limit"
            + " (max_regexp_size) is 10,000");
    assertError(get("/api/highlight?article=zh_001&syntax=lucene&q=" + enc("(".repeat(101) + "智谱")),
        400, "limit_exceeded",
        "The query nests parentheses 101 deep at position 100; the limit (max_nesting) is 100");
  }

  @Test
  void searchPastTheTimeBudgetIs503WithRetryAfterAndHealthStillAnswers() {
    try (SearchServer hurried = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        dir.resolve("index"), Limits.DEFAULTS.withTimeout(Duration.ofNanos(1))))) {
      for (String request : List.of("/api/search?q=" + enc("智谱"),
          "/api/search?syntax=lucene&q=" + enc("清华*"),
          "/api/highlight?article=zh_001&q=" + enc("智谱"),
          "/api/related?article=zh_001&paragraph=1")) {
        Reply r = ApiTest.get(hurried, request);
        assertError(r, 503, "timeout", "The search ran past the time limit (timeout) of 0.000001 ms");
        assertEquals("1", r.header("retry-after"), request);
      }
      assertOk(ApiTest.get(hurried, "/api/health"));
    }
    Reply normal = get("/api/search?q=" + enc("智谱"));
    assertOk(normal);
    assertEquals("zh_001", normal.json().at("/hits/0/article_id").asText());
  }

  @Test
  void limitFlagsBecomeTheServersLimits() {
    Main main = new Main(System.out, false);
    new CommandLine(main).parseArgs("--timeout-ms", "1500", "--max-query-length", "20",
        "--max-expansions", "300", "--max-highlight-paragraphs", "50");
    assertEquals(Limits.DEFAULTS.withTimeout(Duration.ofMillis(1500)).withMaxQueryLength(20)
        .withMaxExpansions(300).withMaxHighlightParagraphs(50), main.limits());
    Main defaults = new Main(System.out, false);
    new CommandLine(defaults).parseArgs();
    assertEquals(Limits.DEFAULTS, defaults.limits());
  }

  private static Reply get(String pathAndQuery) {
    return ApiTest.get(server, pathAndQuery);
  }
}
