package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.ArticleIndex;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled seeds/aliases.csv over HTTP: Zhizhu finds the Zhipu paragraphs of both articles. */
class AliasApiTest {
  @Test
  void zhizhuFindsTheZhipuParagraphsOfBothArticlesExactSpellingFirst(@TempDir Path dir)
      throws Exception {
    ArticleIndex.rebuild(Path.of("..", "seeds"), dir);
    try (SearchServer server = SearchServer.start(new ServerConfig("127.0.0.1", 0, dir))) {
      String url = "http://127.0.0.1:" + server.port() + "/api/search?limit=100&q="
          + URLEncoder.encode("Zhizhu", StandardCharsets.UTF_8);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      JsonNode json = new ObjectMapper().readTree(response.body());
      assertEquals(32, json.get("total").asInt());
      List<String> articles = new ArrayList<>();
      json.get("hits").forEach(h -> articles.add(h.get("article_id").asText()));
      assertEquals(List.of("000_df9a3cfbf9da6c43", "000_df9a3cfbf9da6c43", "000_df9a3cfbf9da6c43"),
          articles.subList(0, 3));
      assertEquals(29, articles.stream().filter("002_aaf58d43826c50b3"::equals).count());
      String snippet = json.get("hits").get(3).get("snippet").asText();
      assertEquals(true, snippet.contains("<mark>Zhipu"), snippet);

      HttpResponse<String> explained = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "&explain=true")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode why = new ObjectMapper().readTree(explained.body()).get("hits").get(3).get("alias_matches");
      assertEquals("[{\"query_word\":\"Zhizhu\",\"alias\":\"Zhipu\"},{\"query_word\":\"Zhizhu\",\"alias\":\"Zhipu AI\"}]", why.toString());
      assertEquals(0, json.get("hits").get(3).get("alias_matches").size(), "only with explain=true");

      String typo = "http://127.0.0.1:" + server.port() + "/api/search?q=Entitty";
      JsonNode exact = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(typo)).build(), HttpResponse.BodyHandlers.ofString()).body());
      JsonNode fuzzy = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(typo + "&fuzzy=true")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertEquals("000_df9a3cfbf9da6c43", fuzzy.get("hits").get(0).get("article_id").asText());
      assertEquals(1, fuzzy.get("hits").get(0).get("paragraph").asInt());
      assertEquals(0, exact.get("total").asInt());
      assertEquals(1, fuzzy.get("total").asInt());
    }
  }
}
