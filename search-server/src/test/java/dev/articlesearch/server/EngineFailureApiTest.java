package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.assertError;
import static dev.articlesearch.server.ApiTest.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.Limits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An engine that fails with a {@link Error} rather than an exception (out of memory, a stack
 * overflow) still gets the API's JSON 500, not Javalin's empty one, on every route that asks it,
 * and the server goes on answering.
 */
class EngineFailureApiTest {
  @ParameterizedTest
  @ValueSource(strings = {"java.lang.StackOverflowError", "java.lang.OutOfMemoryError",
      "java.lang.AssertionError"})
  void anErrorInTheEngineIsAJson500AndTheServerAnswersTheNextRequest(String error) {
    try (SearchServer server = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        Map.of("backend", "failing", "failing.error", error), Limits.DEFAULTS, List.of()))) {
      for (String request : List.of("/api/search?q=" + enc("智谱"), "/api/articles",
          "/api/articles/zh_001", "/api/highlight?article=zh_001&q=" + enc("模型"),
          "/api/search?group=article&q=" + enc("共享的段落"))) {
        assertError(ApiTest.get(server, request), 500, "internal_error",
            "The server failed to answer; the error is in its log");
      }
      assertEquals(200, ApiTest.get(server, "/openapi.json").status());
    }
  }
}
