package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.RebuildReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The HTTP API end to end: a real server on a free port over the bundled seeds plus the Chinese
 * test corpus, asked over HTTP, its JSON parsed and compared exactly (all but scores and timings).
 */
class ApiTest {
  static final String ENTITY = "000_df9a3cfbf9da6c43";
  static final String ZHIPU = "002_aaf58d43826c50b3";

  /** The repository's corpus and search-core's Chinese test corpus (tests run in search-server/). */
  static final Path SEEDS = Path.of("..", "seeds");
  static final Path CHINESE =
      Path.of("..", "search-core", "src", "test", "resources", "chinese-corpus");

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** Display title and whether it was derived, per article of the combined corpus. */
  static final Map<String, Title> TITLES = Map.of(
      ENTITY, new Title(
          "According to reports, the U.S. Department of Commerce has placed Zhizhu AI on…", true),
      ZHIPU, new Title(
          "Behind the Billion-Dollar Valuation: The Development History of Zhipu AI", false),
      "zh_001", new Title("智谱AI发布新一代基座模型GLM-4", false),
      "zh_002", new Title("清华大学计算机系的研究团队近日发表论文，介绍了一种新的中文分词方法", true),
      "zh_003", new Title("开源工具评测：安装简单，文档齐全", false),
      "zh_004", new Title("发布会现场气氛热烈🎉，到场观众超过500人，其中包括来自Tsinghua University的学生", true));

  record Title(String title, boolean derived) {}

  @TempDir static Path dir;
  static SearchServer server;

  @BeforeAll
  static void start() throws IOException {
    server = startServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ------------------------------------------------------------------------------------ search

  @Test
  void quotedPhraseEntityListIsOneSpanPerOccurrence() {
    Reply r = get("/api/search?q=" + enc("\"Entity List\""));
    assertOk(r);
    assertEquals(
        page("\"Entity List\"", "simple", 1, 0, 10, false,
            hit(ENTITY, 1,
                "<mark>Entity List</mark>, marking a new round of pressure from the U.S. on China&#39;s"
                    + " artificial intelligence industry.",
                spans(82, 93, 333, 344))),
        withoutScoresAndTimes(r.json()));
    assertEquals(List.of("Entity List", "Entity List"), matchedTexts(r.json().at("/hits/0")));
  }

  @Test
  void highlightFalseKeepsTheRankingAndLeavesOutSnippetAndMatches() {
    Reply marked = get("/api/search?q=" + enc("\"Entity List\""));
    Reply plain = get("/api/search?q=" + enc("\"Entity List\"") + "&highlight=false");
    assertOk(plain);
    JsonNode hit = plain.json().at("/hits/0");
    assertEquals(marked.json().at("/hits/0/article_id"), hit.get("article_id"));
    assertEquals(marked.json().at("/hits/0/score"), hit.get("score"));
    assertEquals(marked.json().get("total"), plain.json().get("total"));
    assertTrue(hit.get("snippet").isNull());
    assertEquals("[]", hit.get("matches").toString());
    assertEquals(marked.json().at("/hits/0/snippet"), get("/api/search?q=" + enc("\"Entity List\"")
        + "&highlight=true").json().at("/hits/0/snippet"));
  }

  @Test
  void identifierChatGlm3FindsTheEnglishAndTheChineseParagraph() {
    Reply r = get("/api/search?q=ChatGLM3-6B");
    assertOk(r);
    assertEquals(
        page("ChatGLM3-6B", "simple", 2, 0, 10, false,
            hit(ZHIPU, 9,
                "In detail, according to MMLU rankings, <mark>ChatGLM3-6B</mark> ranks 9th among all"
                    + " models of various sizes.",
                spans(39, 50, 200, 211)),
            hit("zh_001", 3, "该公司此前开源的<mark>ChatGLM3-6B</mark>模型，在Hugging Face上的下载量已超过1000万次。",
                spans(8, 19))),
        withoutScoresAndTimes(r.json()));
    assertEquals(List.of("ChatGLM3-6B", "ChatGLM3-6B"), matchedTexts(r.json().at("/hits/0")));
    assertEquals(List.of("ChatGLM3-6B"), matchedTexts(r.json().at("/hits/1")));
    assertScoresDescend(r.json());
  }

  @Test
  void chineseWordSmartcnSplitsMatchesOnlyWhereItsCharactersStandTogether() {
    // zh_003 has 智 (智能) and 谱 (家谱) apart: it must not match.
    Reply r = get("/api/search?q=" + enc("智谱"));
    assertOk(r);
    assertEquals(
        page("智谱", "simple", 2, 0, 10, false,
            hit("zh_001", 2, "<mark>智谱</mark>AI首席执行官张鹏表示，GLM-4支持128K的上下文窗口，可以一次处理约300页文本。",
                spans(0, 2)),
            hit("zh_001", 1, "2024年1月16日，<mark>智谱</mark>AI在北京发布了新一代基座大模型GLM-4，整体性能比上一代提升近60%。",
                spans(11, 13))),
        withoutScoresAndTimes(r.json()));
  }

  @Test
  void chineseWordInsideALongerWordIsFound() {
    Reply r = get("/api/search?q=" + enc("大学"));
    assertOk(r);
    assertEquals(
        page("大学", "simple", 2, 0, 10, false,
            hit("zh_002", 3, "论文的第一作者是清华<mark>大学</mark>的博士生李明，他的导师是唐杰教授。", spans(10, 12)),
            hit("zh_002", 1, "清华<mark>大学</mark>计算机系的研究团队近日发表论文，介绍了一种新的中文分词方法。", spans(2, 4))),
        withoutScoresAndTimes(r.json()));
    assertEquals(List.of("大学"), matchedTexts(r.json().at("/hits/0")));
  }

  @Test
  void limitAndOffsetPageThroughEveryHitWithTheSameTotal() {
    List<String> all = List.of("zh_001#2", "zh_001#1", ZHIPU + "#18", ENTITY + "#2", "zh_003#3", ZHIPU + "#14");
    Reply everything = get("/api/search?q=GLM&limit=100");
    assertOk(everything);
    assertEquals(6, everything.json().get("total").asInt());
    assertEquals(100, everything.json().get("limit").asInt());
    assertEquals(all, ids(everything.json()));

    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset <= 6; offset += 2) {
      Reply page = get("/api/search?q=GLM&limit=2&offset=" + offset);
      assertOk(page);
      assertEquals(6, page.json().get("total").asInt(), "total on the page at " + offset);
      assertEquals(offset, page.json().get("offset").asInt());
      assertEquals(2, page.json().get("limit").asInt());
      paged.addAll(ids(page.json()));
    }
    assertEquals(all, paged, "pages of 2, the last one (offset 6) empty");
    assertEquals(List.of(), ids(get("/api/search?q=GLM&offset=9990").json()));
  }

  @Test
  void misspeltQueryGetsDidYouMean() {
    Reply r = get("/api/search?q=" + enc("Tsinghua Univeristy"));
    assertOk(r);
    assertEquals("Tsinghua University", r.json().get("did_you_mean").asText());
    assertEquals("Entity List", get("/api/search?q=" + enc("Entitty List")).json().get("did_you_mean").asText());
    assertEquals("ChatGLM", get("/api/search?q=ChatGML").json().get("did_you_mean").asText());
    assertTrue(get("/api/search?q=" + enc("智普")).json().get("did_you_mean").isNull());
    assertTrue(get("/api/search?q=" + enc("Tsinghua University")).json().get("did_you_mean").isNull());
  }

  @Test
  void suggestCompletesChineseAndEnglishPrefixes() {
    Reply chinese = get("/api/suggest?q=" + enc("清华") + "&limit=1");
    assertOk(chinese);
    assertEquals("{\"query\":\"清华\",\"suggestions\":[{\"text\":\"清华大学\",\"paragraphs\":2}]}",
        chinese.json().toString());
    Reply english = get("/api/suggest?q=" + enc("tsinghua u"));
    assertEquals("tsinghua university", english.json().get("suggestions").get(0).get("text").asText());
    assertError(get("/api/suggest"), 400, "missing_parameter", "Parameter 'q' is required");
    assertError(get("/api/suggest?q=a&limit=21"), 400, "invalid_parameter",
        "Parameter 'limit' must be from 1 to 20, was 21");
  }

  @Test
  void relatedParagraphsOfTheEntityListParagraph() {
    Reply r = get("/api/related?article=" + ENTITY + "&paragraph=1&limit=5");
    assertOk(r);
    JsonNode json = r.json();
    assertEquals(ENTITY, json.get("article_id").asText());
    List<Integer> same = new ArrayList<>();
    json.get("same_article").forEach(p -> same.add(p.get("paragraph").asInt()));
    assertEquals(6, same.get(0)); // "the U.S. sanctions on China's AI industry"
    assertTrue(same.contains(2) && !same.contains(1), same.toString());
    assertEquals(5, json.get("other_articles").size());
    json.get("other_articles").forEach(p -> assertEquals(ZHIPU, p.get("article_id").asText()));
    assertError(get("/api/related?article=" + ENTITY), 400, "missing_parameter",
        "Parameter 'paragraph' is required");
    assertError(get("/api/related?article=" + ENTITY + "&paragraph=1&limit=51"), 400,
        "invalid_parameter", "Parameter 'limit' must be from 1 to 50, was 51");
    assertError(get("/api/related?article=nope&paragraph=1"), 404, "not_found", "No article 'nope'");
    assertError(get("/api/related?article=" + ENTITY + "&paragraph=7"), 404, "not_found",
        "Article '" + ENTITY + "' has no paragraph 7");
    assertEquals(r.json(), get("/api/related?article=" + ENTITY + "&paragraph=1&limit=5"
        + "&mode=keyword").json());
    assertError(get("/api/related?article=" + ENTITY + "&paragraph=1&mode=vector"), 400,
        "invalid_parameter", "Parameter 'mode' must be 'keyword', 'semantic' or 'hybrid', was"
        + " 'vector'");
    Reply byMeaning = get("/api/related?article=" + ENTITY + "&paragraph=1&mode=semantic");
    assertEquals(400, byMeaning.status(), byMeaning.body());
    assertEquals("mode_unavailable", byMeaning.json().get("error").asText(), byMeaning.body());
  }

  @Test
  void traditionalCharactersFindTheSimplifiedParagraphs() {
    Reply traditional = get("/api/search?q=" + enc("智譜"));
    assertOk(traditional);
    assertEquals(List.of("zh_001#2", "zh_001#1"), ids(traditional.json()));
    assertEquals(ids(get("/api/search?q=" + enc("智谱")).json()), ids(traditional.json()));
    Reply highlighted = get("/api/highlight?q=" + enc("清華大學") + "&article=zh_002&paragraph=3");
    assertOk(highlighted);
    assertEquals("论文的第一作者是<mark>清华大学</mark>的博士生李明，他的导师是唐杰教授。",
        highlighted.json().get("paragraphs").get(0).get("html").asText());
  }

  @Test
  void repeatedArticleParameterSearchesOnlyThoseArticles() {
    Reply two = get("/api/search?q=GLM&article=zh_001&article=zh_003");
    assertOk(two);
    assertEquals(3, two.json().get("total").asInt());
    assertEquals(List.of("zh_001#2", "zh_001#1", "zh_003#3"), ids(two.json()));

    Reply one = get("/api/search?q=GLM&article=" + ENTITY);
    assertEquals(
        page("GLM", "simple", 1, 0, 10, false,
            hit(ENTITY, 2,
                "Zhizhu AI began developing the <mark>GLM</mark> pre-training architecture in 2020,"
                    + " launched the open-source <mark>GLM</mark>-130B model in 2022, and released"
                    + " ChatGLM in 2023, with plans to introduce new generation models like"
                    + " <mark>GLM</mark>-4 and <mark>GLM</mark>-4-Plus by 2024.",
                spans(247, 250, 311, 314, 416, 419, 426, 429))),
        withoutScoresAndTimes(one.json()));
    assertEquals(0, get("/api/search?q=GLM&article=nope").json().get("total").asInt());
  }

  @Test
  void groupByArticleGivesEachArticleOnceWithItsOtherMatchingParagraphs() {
    Reply r = get("/api/search?q=GLM&group=article");
    assertOk(r);
    assertEquals(4, r.json().get("total").asInt(), "articles, not paragraphs");
    assertTrue(r.json().get("grouped").asBoolean());
    assertEquals(List.of("zh_001#2", ZHIPU + "#18", ENTITY + "#2", "zh_003#3"), ids(r.json()));
    assertEquals(List.of(List.of(1), List.of(14), List.of(), List.of()), otherParagraphs(r.json()));

    Reply second = get("/api/search?q=GLM&group=article&limit=1&offset=1");
    assertEquals(4, second.json().get("total").asInt());
    assertEquals(List.of(ZHIPU + "#18"), ids(second.json()));
    assertEquals(List.of(List.of(14)), otherParagraphs(second.json()));
    assertFalse(get("/api/search?q=GLM").json().get("grouped").asBoolean());
    assertEquals(List.of(List.of(), List.of()), otherParagraphs(get("/api/search?q=" + enc("智谱")).json()));
  }

  @Test
  void contextAddsTheParagraphsBeforeAndAfterWithinTheArticle() {
    Reply middle = get("/api/search?q=" + enc("智谱") + "&context=1&limit=1");
    assertOk(middle);
    ObjectNode expected = hit("zh_001", 2,
        "<mark>智谱</mark>AI首席执行官张鹏表示，GLM-4支持128K的上下文窗口，可以一次处理约300页文本。", spans(0, 2));
    expected.set("context", context(List.of(1), List.of(3), "zh_001"));
    assertEquals(page("智谱", "simple", 2, 0, 1, false, expected), withoutScoresAndTimes(middle.json()));

    Reply first = get("/api/search?q=" + enc("智谱") + "&context=5&limit=1&offset=1");
    assertEquals(context(List.of(), List.of(2, 3), "zh_001"), first.json().at("/hits/0/context"),
        "paragraph 1 has nothing before it; the article ends at 3");
    Reply last = get("/api/search?q=ChatGLM3-6B&article=zh_001&context=2");
    assertEquals(context(List.of(1, 2), List.of(), "zh_001"), last.json().at("/hits/0/context"));
    Reply english = get("/api/search?q=ChatGLM3-6B&article=" + ZHIPU + "&context=1");
    assertEquals(context(List.of(8), List.of(10), ZHIPU), english.json().at("/hits/0/context"));
  }

  @Test
  void luceneSyntaxSearchesTheNamedFields() {
    Reply title = get("/api/search?syntax=lucene&q=" + enc("title:智谱 AND paragraph:3"));
    assertOk(title);
    ObjectNode onlyTitleMatched = hit("zh_001", 3, paragraphText("zh_001", 3), spans());
    assertEquals(page("title:智谱 AND paragraph:3", "lucene", 1, 0, 10, false, onlyTitleMatched),
        withoutScoresAndTimes(title.json()), "the title matched, so the text has no match");

    Reply id = get("/api/search?syntax=LUCENE&q=" + enc("article_id:zh_002 AND 大学"));
    assertOk(id);
    assertEquals(
        page("article_id:zh_002 AND 大学", "lucene", 2, 0, 10, false,
            hit("zh_002", 3, "论文的第一作者是清华<mark>大学</mark>的博士生李明，他的导师是唐杰教授。", spans(10, 12)),
            hit("zh_002", 1, "清华<mark>大学</mark>计算机系的研究团队近日发表论文，介绍了一种新的中文分词方法。", spans(2, 4))),
        withoutScoresAndTimes(id.json()));
    assertEquals(List.of(ZHIPU + "#2", ZHIPU + "#3"),
        ids(get("/api/search?syntax=lucene&q=" + enc("article_id:" + ZHIPU + " AND paragraph:[2 TO 3]"))
            .json()).stream().sorted().toList());
  }

  @Test
  void searchWithoutHitsIsAnEmptyPage() {
    Reply r = get("/api/search?q=" + enc("no-such-word-anywhere"));
    assertOk(r);
    assertEquals(page("no-such-word-anywhere", "simple", 0, 0, 10, false), withoutScoresAndTimes(r.json()));
    assertTrue(r.json().get("took_ms").isNumber());
  }

  // --------------------------------------------------------------------------------- highlight

  @Test
  void highlightMarksEveryMatchOfTheWholeArticle() {
    Reply r = get("/api/highlight?article=zh_001&q=" + enc("智谱"));
    assertOk(r);
    ObjectNode expected = article("zh_001", "article_id");
    ArrayNode paragraphs = expected.putArray("paragraphs");
    paragraphs.add(highlighted("zh_001", 1,
        "2024年1月16日，<mark>智谱</mark>AI在北京发布了新一代基座大模型GLM-4，整体性能比上一代提升近60%。", spans(11, 13)));
    paragraphs.add(highlighted("zh_001", 2,
        "<mark>智谱</mark>AI首席执行官张鹏表示，GLM-4支持128K的上下文窗口，可以一次处理约300页文本。", spans(0, 2)));
    paragraphs.add(highlighted("zh_001", 3, paragraphText("zh_001", 3), spans()));
    assertEquals(expected, r.json());
  }

  @Test
  void highlightOneParagraphMarksEachPhraseAsOneSpan() {
    Reply r = get("/api/highlight?article=" + ENTITY + "&paragraph=1&q=" + enc("\"Entity List\""));
    assertOk(r);
    ObjectNode expected = article(ENTITY, "article_id");
    expected.putArray("paragraphs").add(highlighted(ENTITY, 1,
        "According to reports, the U.S. Department of Commerce has placed Zhizhu AI on the"
            + " <mark>Entity List</mark> for export controls, accusing it of promoting China&#39;s military"
            + " modernization and threatening U.S. national security and diplomatic interests. **This"
            + " decision makes Zhizhu AI the first Chinese large model company to be included on the"
            + " U.S. <mark>Entity List</mark>, marking a new round of pressure from the U.S. on China&#39;s"
            + " artificial intelligence industry.",
        spans(82, 93, 333, 344)));
    assertEquals(expected, r.json());
  }

  @Test
  void highlightEscapesHtmlAndAddsOnlyMarkTags() {
    Reply r = get("/api/highlight?article=" + ZHIPU + "&paragraph=34&q=" + enc("\"R&D costs\" Zhipu"));
    assertOk(r);
    JsonNode p = r.json().at("/paragraphs/0");
    assertEquals(
        "It&#39;s well-known that internet giants hold significant advantages in computing power,"
            + " storage capacity, and data resources. For <mark>Zhipu</mark> AI, building these"
            + " capabilities would require substantial capital investment. Collaborating with these"
            + " giants can significantly reduce <mark>R&amp;D costs</mark> and improve efficiency."
            + " Additionally, <mark>Zhipu</mark> AI can leverage cloud providers&#39; market presence and"
            + " channels to promote its AI technologies and services.",
        p.get("html").asText());
    assertEquals(List.of("Zhipu", "R&D costs", "Zhipu"), matchedTexts(p));

    Reply quotes = get("/api/highlight?article=" + ZHIPU + "&paragraph=32&q=Zhipu");
    assertEquals(
        "&quot;Part of the reason <mark>Zhipu</mark> open-sourced its 6B model was to signal to the"
            + " market: &#39;We have something better—see if you&#39;re willing to pay for it,&#39;&quot;"
            + " an industry insider told Industrial Observer. For <mark>Zhipu</mark> AI, open-sourcing"
            + " the 6B model serves as a clear strategy to showcase capabilities and attract funding.",
        quotes.json().at("/paragraphs/0/html").asText());
    // Every paragraph of a whole article: html is exactly the escaped text with the spans marked.
    Reply whole = get("/api/highlight?article=" + ZHIPU + "&q=" + enc("Zhipu \"R&D costs\" GLM"));
    assertEquals(50, whole.json().get("paragraphs").size());
    for (JsonNode each : whole.json().get("paragraphs")) {
      assertEquals(markUp(each.get("text").asText(), each.get("matches")), each.get("html").asText(),
          "paragraph " + each.get("paragraph"));
    }
  }

  // ---------------------------------------------------------------------------------- articles

  @Test
  void articlesListsEveryArticleByIdWithTitleAndParagraphCount() {
    Reply r = get("/api/articles");
    assertOk(r);
    ObjectNode expected = JSON.createObjectNode().put("total", 6);
    ArrayNode list = expected.putArray("articles");
    Map<String, Integer> counts = new TreeMap<>(Map.of(
        ENTITY, 6, ZHIPU, 50, "zh_001", 3, "zh_002", 3, "zh_003", 3, "zh_004", 2));
    counts.forEach((id, n) -> list.add(article(id, "id").put("paragraphs", n)));
    assertEquals(expected, r.json());
  }

  @Test
  void articleGivesEveryParagraphAsWrittenInItsFile() {
    for (String id : TITLES.keySet()) {
      Reply r = get("/api/articles/" + id);
      assertOk(r);
      ObjectNode expected = article(id, "id");
      ArrayNode paragraphs = expected.putArray("paragraphs");
      List<String> written = paragraphsOf(id);
      for (int i = 0; i < written.size(); i++) {
        paragraphs.add(JSON.createObjectNode().put("paragraph", i + 1).put("text", written.get(i)));
      }
      assertEquals(expected, r.json(), id);
    }
    assertEquals("它支持ＧＬＭ和Qwen-14B等多种模型，并提供了完整的API文档。",
        get("/api/articles/zh_003").json().at("/paragraphs/2/text").asText());
  }

  // ----------------------------------------------------------------------------------- analyze

  @Test
  void analyzeShowsTheChineseTokensOfEachField() {
    Reply r = get("/api/analyze?text=" + enc("智谱AI在清华大学"));
    assertOk(r);
    ObjectNode expected = JSON.createObjectNode().put("text", "智谱AI在清华大学");
    ObjectNode fields = expected.putObject("fields");
    fields.set("text", tokens("智", 0, 1, 0, "谱", 1, 2, 1, "ai", 2, 4, 2, "在", 4, 5, 3, "清华大学", 5, 9, 4));
    fields.set("text_cjk", tokens("智", 0, 1, 0, "智谱", 0, 2, 0, "谱", 1, 2, 1, "在", 4, 5, 3,
        "在清", 4, 6, 3, "清", 5, 6, 4, "清华", 5, 7, 4, "华", 6, 7, 5, "华大", 6, 8, 5,
        "大", 7, 8, 6, "大学", 7, 9, 6, "学", 8, 9, 7));
    assertEquals(expected, r.json());

    Reply latin = get("/api/analyze?text=" + enc("ＧＬＭ models"));
    assertEquals(tokens("glm", 0, 3, 0, "model", 4, 10, 1), latin.json().at("/fields/text"));
    assertTrue(latin.json().at("/fields/text_cjk").isMissingNode(), "no CJK token: no text_cjk field");
    assertEquals(JSON.createObjectNode(), get("/api/analyze?text=" + enc("，。")).json().get("fields"));
  }

  // ------------------------------------------------------------------------------------ health

  @Test
  void healthCountsTheServedIndexAndWhenItWasCommitted() {
    Reply r = get("/api/health");
    assertOk(r);
    JsonNode json = r.json();
    assertEquals(List.of("status", "articles", "paragraphs", "committed_at", "modes"), fieldNames(json));
    assertEquals("[\"keyword\"]", json.get("modes").toString(), "a server without --semantic");
    assertEquals("ok", json.get("status").asText());
    assertEquals(6, json.get("articles").asInt());
    assertEquals(56 + 11, json.get("paragraphs").asInt());
    Instant committed = Instant.parse(json.get("committed_at").asText());
    assertFalse(committed.isAfter(Instant.now()), committed + " is in the future");
    assertTrue(committed.isAfter(Instant.now().minus(Duration.ofMinutes(10))), committed + " is old");
  }

  // ------------------------------------------------------------------------------------ errors

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "/api/search|Parameter 'q' is required",
    "/api/search?q=|Parameter 'q' is required",
    "/api/search?q=%20%20&limit=5|Parameter 'q' is required",
    "/api/highlight?article=zh_001|Parameter 'q' is required",
    "/api/highlight?q=GLM|Parameter 'article' is required",
    "/api/highlight?q=GLM&article=|Parameter 'article' is required",
    "/api/analyze|Parameter 'text' is required",
    "/api/analyze?text=|Parameter 'text' is required",
  })
  void missingOrEmptyRequiredParameterIs400(String request, String message) {
    assertError(get(request), 400, "missing_parameter", message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "limit=0|Parameter 'limit' must be from 1 to 100, was 0",
    "limit=101|Parameter 'limit' must be from 1 to 100, was 101",
    "limit=abc|Parameter 'limit' must be a whole number from 1 to 100, was 'abc'",
    "limit=-1|Parameter 'limit' must be from 1 to 100, was -1",
    "limit=1.5|Parameter 'limit' must be a whole number from 1 to 100, was '1.5'",
    "offset=-1|Parameter 'offset' must be from 0 to 9990, was -1; the limit (max_window) is 10,000 for offset + limit",
    "offset=abc|Parameter 'offset' must be a whole number from 0 to 9990, was 'abc'",
    "offset=9991|Parameter 'offset' must be from 0 to 9990, was 9991; the limit (max_window) is 10,000 for offset + limit",
    "offset=9901&limit=100|Parameter 'offset' must be from 0 to 9900, was 9901; the limit (max_window) is 10,000 for offset + limit",
    "offset=99999999999999999999|Parameter 'offset' must be a whole number from 0 to 9990, was '99999999999999999999'",
    "context=6|Parameter 'context' must be from 0 to 5, was 6; the limit (max_context) is 5",
    "context=-1|Parameter 'context' must be from 0 to 5, was -1; the limit (max_context) is 5",
    "syntax=foo|Parameter 'syntax' must be 'simple' or 'lucene', was 'foo'",
    "group=foo|Parameter 'group' can only be 'article', was 'foo'",
    "group=ARTICLE|Parameter 'group' can only be 'article', was 'ARTICLE'",
    "highlight=no|Parameter 'highlight' must be 'true' or 'false', was 'no'",
  })
  void badSearchParameterIs400NamingItAndTheValue(String parameters, String message) {
    assertError(get("/api/search?q=GLM&" + parameters), 400, "invalid_parameter", message);
  }

  @Test
  void longParameterValueIsEchoedCutShort() {
    String fifty = "x".repeat(50);
    assertError(get("/api/search?q=GLM&syntax=" + fifty + "yz"), 400, "invalid_parameter",
        "Parameter 'syntax' must be 'simple' or 'lucene', was '" + fifty + "…'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "title:(GLM|The query ends too early (at position 10)",
    "GLM AND)|Unexpected ')' at position 7",
    "GLM AND|The query ends too early (at position 7)",
    "*entity|'*' or '?' not allowed as first character in WildcardQuery",
    "nosuch:GLM|Unknown field 'nosuch'; the fields are [text, title, article_id, paragraph]",
  })
  void malformedLuceneQueryIs400InvalidQuerySayingWhere(String query, String message) {
    assertError(get("/api/search?syntax=lucene&q=" + enc(query)), 400, "invalid_query", message);
    assertError(get("/api/highlight?syntax=lucene&article=zh_001&q=" + enc(query)), 400,
        "invalid_query", message);
  }

  @Test
  void unknownArticleOrParagraphIs404() {
    assertError(get("/api/highlight?q=GLM&article=nope"), 404, "not_found", "No article 'nope'");
    assertError(get("/api/highlight?q=GLM&article=nope&paragraph=1"), 404, "not_found", "No article 'nope'");
    assertError(get("/api/articles/nope"), 404, "not_found", "No article 'nope'");
    assertError(get("/api/articles/" + enc("zh 001")), 404, "not_found", "No article 'zh 001'");
    assertError(get("/api/highlight?q=GLM&article=zh_001&paragraph=4"), 404, "not_found",
        "Article 'zh_001' has no paragraph 4");
    assertError(get("/api/highlight?q=GLM&article=zh_001&paragraph=0"), 400, "invalid_parameter",
        "Parameter 'paragraph' must be from 1 to 2147483647, was 0");
    assertError(get("/api/highlight?q=GLM&article=zh_001&paragraph=x"), 400, "invalid_parameter",
        "Parameter 'paragraph' must be a whole number from 1 to 2147483647, was 'x'");
  }

  @Test
  void emptyParagraphMeansTheWholeArticle() {
    Reply r = get("/api/highlight?q=GLM&article=zh_001&paragraph=");
    assertOk(r);
    assertEquals(3, r.json().get("paragraphs").size());
  }

  @Test
  void unknownRouteIsAJson404NotAnHtmlPage() {
    assertError(get("/api/nope"), 404, "not_found", "Endpoint GET /api/nope not found");
    assertError(get("/nope"), 404, "not_found", "Endpoint GET /nope not found");
    assertError(get("/api/articles/zh_001/more"), 404, "not_found",
        "Endpoint GET /api/articles/zh_001/more not found");
    assertError(send("POST", "/api/nope"), 404, "not_found", "Endpoint POST /api/nope not found");
  }

  @Test
  void postIsAJson405AllowingGetAndHead() {
    Reply r = send("POST", "/api/search?q=GLM");
    assertError(r, 405, "method_not_allowed", "Only GET is served");
    assertEquals("GET, HEAD", r.header("allow"));
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    Reply r = send("HEAD", "/api/health");
    assertEquals(200, r.status());
    assertEquals("", r.body());
  }

  @Test
  void scriptTagInThePathIsNeverEchoedAsMarkup() {
    String script = "<script>alert(1)</script>";
    Reply article = get("/api/articles/" + enc(script));
    assertError(article, 404, "not_found", "No article '" + script + "'");
    assertNoMarkup(article);

    Reply route = get("/api/" + enc(script));
    assertEquals(404, route.status());
    assertJsonError(route, "not_found");
    assertNoMarkup(route);

    Reply raw = raw("GET /api/" + script + " HTTP/1.1");
    assertError(raw, 400, "bad_request", "Illegal Path Character");
    assertNoMarkup(raw);

    Reply parameter = get("/api/search?q=GLM&syntax=" + enc(script));
    assertError(parameter, 400, "invalid_parameter",
        "Parameter 'syntax' must be 'simple' or 'lucene', was '" + script + "'");
    assertNoMarkup(parameter);
    Reply highlight = get("/api/highlight?q=GLM&article=" + enc(script));
    assertError(highlight, 404, "not_found", "No article '" + script + "'");
    assertNoMarkup(highlight);
  }

  @Test
  void twentyKilobyteQueryStringIsAJson414() {
    assertError(get("/api/search?q=" + "a".repeat(20_000)), 414, "uri_too_long", "URI Too Long");
    assertError(get("/api/analyze?text=" + "a".repeat(10_001)), 414, "uri_too_long", "URI Too Long");
  }

  @Test
  void headersOverEightKilobytesAreAJson431() {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/health"))
        .header("X-Padding", "a".repeat(20_000))
        .build();
    assertError(exchange(request), 431, "headers_too_large", "Request Header Fields Too Large");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "/api/search?q=60%|Bad percent-encoding at character 4 of the query string: '%' must be followed by two hex digits (write '%25' for '%')",
    "/api/search?q=%zz|Bad percent-encoding at character 2 of the query string: '%' must be followed by two hex digits (write '%25' for '%')",
    "/api/search?q=GLM&limit=5%|Bad percent-encoding at character 13 of the query string: '%' must be followed by two hex digits (write '%25' for '%')",
    "/api/search?q%zz=GLM|Bad percent-encoding at character 1 of the query string: '%' must be followed by two hex digits (write '%25' for '%')",
    "/api/search?q=%E4|Bad UTF-8 in the percent-encoding at character 2 of the query string",
    "/api/search?q=%E6%99%BA%E8%B0|Bad UTF-8 in the percent-encoding at character 2 of the query string",
    "/api/search?q=%C0%AF|Bad UTF-8 in the percent-encoding at character 2 of the query string",
    "/api/health?x=%ZZ|Bad percent-encoding at character 2 of the query string: '%' must be followed by two hex digits (write '%25' for '%')",
  })
  void invalidPercentEncodingInTheQueryStringIs400(String target, String message) {
    assertError(raw("GET " + target + " HTTP/1.1"), 400, "bad_request", message);
  }

  @Test
  void invalidPercentEncodingInThePathIs400() {
    assertError(raw("GET /api/articles/%E4 HTTP/1.1"), 400, "bad_request", "Bad UTF-8 encoding");
    assertError(raw("GET /api/articles/%zz HTTP/1.1"), 400, "bad_request", "Bad Request");
  }

  @Test
  void nulByteIsRefusedInThePathAndSearchedAsACharacterInTheQuery() {
    assertError(raw("GET /api/search?q=a\0b HTTP/1.1"), 400, "bad_request", "Illegal character CNTL=0x0");
    assertError(get("/api/articles/a%00b"), 400, "bad_request", "Bad Request");
    Reply query = get("/api/search?q=a%00b");
    assertOk(query);
    assertEquals(page("a\0b", "simple", 0, 0, 10, false), withoutScoresAndTimes(query.json()));
    assertError(get("/api/highlight?q=GLM&article=zh%00"), 404, "not_found", "No article 'zh\0'");
  }

  @Test
  void serverStillAnswersNormallyAfterEveryKindOfBadRequest() {
    List<Reply> bad = List.of(
        get("/api/search"),
        get("/api/search?q=GLM&limit=0"),
        get("/api/search?q=GLM&offset=abc"),
        get("/api/search?syntax=lucene&q=" + enc("title:(GLM")),
        get("/api/articles/nope"),
        get("/api/nope"),
        send("POST", "/api/search?q=GLM"),
        send("DELETE", "/api/articles/zh_001"),
        get("/api/" + enc("<script>")),
        raw("GET /api/<script> HTTP/1.1"),
        get("/api/search?q=" + "a".repeat(20_000)),
        raw("GET /api/search?q=%zz HTTP/1.1"),
        raw("GET /api/search?q=a\0b HTTP/1.1"),
        raw("GARBAGE"));
    for (Reply r : bad) {
      assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
    }
    Reply r = get("/api/search?q=ChatGLM3-6B&limit=1");
    assertOk(r);
    assertEquals(List.of(ZHIPU + "#9"), ids(r.json()));
    assertEquals(2, r.json().get("total").asInt());
  }

  // ------------------------------------------------------------------------- binding and methods

  @Test
  void serverListensOnLoopbackByDefault() throws IOException {
    assertEquals("127.0.0.1", ServerConfig.DEFAULT_HOST);
    Main main = new Main(System.out, false);
    new CommandLine(main).parseArgs();
    assertEquals(ServerConfig.DEFAULT_HOST, main.host, "the command line's default --host");

    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
    }
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !(a instanceof Inet6Address v6 && v6.isLinkLocalAddress())) {
            others.add(a);
          }
        }
      }
    }
    for (InetAddress address : others) {
      try (Socket s = new Socket()) {
        assertThrows(ConnectException.class,
            () -> s.connect(new InetSocketAddress(address, server.port()), 5_000),
            "the server must not answer on " + address);
      }
    }
  }

  @Test
  void everyRouteIsGetOnlyAndNothingWrites() throws IOException {
    Map<String, Long> indexBefore = files(dir.resolve("index"));
    String healthBefore = get("/api/health").body();
    String articlesBefore = get("/api/articles").body();
    for (String route : Api.routes()) {
      String path = route.replace("{id}", "zh_001");
      assertTrue(get(path).status() < 500, path);
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
        Reply r = send(method, path);
        if (route.equals("/")) {
          // The web page is a static file, not a route: other methods find no route at all.
          assertError(r, 404, "not_found", "Endpoint " + method + " / not found");
        } else {
          assertError(r, 405, "method_not_allowed", "Only GET is served");
          assertEquals("GET, HEAD", r.header("allow"), method + " " + path);
        }
      }
    }
    assertEquals(indexBefore, files(dir.resolve("index")), "the index folder is unchanged");
    assertEquals(healthBefore, get("/api/health").body());
    assertEquals(articlesBefore, get("/api/articles").body());
  }

  // ----------------------------------------------------------------------------------- helpers

  /**
   * Copies the seeds and the Chinese test corpus into one corpus folder under {@code dir}, builds
   * its index there and serves it on a free port of {@link ServerConfig#DEFAULT_HOST}.
   */
  static SearchServer startServer(Path dir) throws IOException {
    return startServer(dir, null);
  }

  /** The same served in every search mode, with vectors by {@code embedder} (null: keyword only). */
  static SearchServer startServer(Path dir, dev.articlesearch.core.Embedder embedder)
      throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    for (Path source : List.of(SEEDS, CHINESE)) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
          Files.copy(f, corpus.resolve(f.getFileName().toString()));
        }
      }
    }
    RebuildReport report = ArticleIndex.rebuild(corpus, dir.resolve("index"), p -> {}, embedder);
    assertEquals(List.of(), report.skipped());
    assertEquals(6, report.articles());
    ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index"));
    return embedder == null ? SearchServer.start(config) : SearchServer.start(config, embedder);
  }

  /** An HTTP answer: status, headers (names lower-cased, first value) and body text. */
  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  static URI uri(SearchServer server, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  static URI uri(String pathAndQuery) {
    return uri(server, pathAndQuery);
  }

  static Reply get(String pathAndQuery) {
    return get(server, pathAndQuery);
  }

  static Reply get(SearchServer server, String pathAndQuery) {
    return exchange(HttpRequest.newBuilder(uri(server, pathAndQuery)).GET().build());
  }

  static Reply send(String method, String pathAndQuery) {
    return send(server, method, pathAndQuery);
  }

  /**
   * Sends {@code method} on a connection of its own. The JDK client retries only GET and HEAD
   * when the server closes a pooled keep-alive connection for idleness (Jetty: after 30 s) just
   * as the client reuses it, so a POST on a shared pool can fail with "header parser received no
   * bytes" without the server ever seeing it (it did once in CI).
   */
  static Reply send(SearchServer server, String method, String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(uri(server, pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    if (method.equals("GET") || method.equals("HEAD")) {
      return exchange(HTTP, request);
    }
    try (HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      return exchange(own, request);
    }
  }

  static Reply exchange(HttpRequest request) {
    return exchange(HTTP, request);
  }

  private static Reply exchange(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
      Map<String, String> headers = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      return new Reply(r.statusCode(), headers, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Reply raw(String requestLine) {
    return raw(server, requestLine);
  }

  /**
   * Sends {@code requestLine} byte for byte (one byte per char), for what {@link URI} refuses to
   * build: a bad percent-encoding, a literal {@code <} or NUL. Reads the answer to the end.
   */
  static Reply raw(SearchServer server, String requestLine) {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(ISO_8859_1));
      out.flush();
      byte[] all = socket.getInputStream().readAllBytes();
      return parse(all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply parse(byte[] all) throws IOException {
    String text = new String(all, ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertTrue(end > 0, "no HTTP answer: " + text);
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(new ByteArrayInputStream(body));
    }
    return new Reply(status, headers, new String(body, UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.readNBytes(2);
    }
  }

  /** Percent-encodes a query value; spaces as %20. */
  static String enc(String s) {
    return URLEncoder.encode(s, UTF_8).replace("+", "%20");
  }

  static void assertJsonContentType(Reply r) {
    String type = r.header("content-type");
    assertNotNull(type, "no Content-Type: " + r.body());
    String normalized = type.toLowerCase(Locale.ROOT).replace(" ", "");
    assertTrue(normalized.equals("application/json") || normalized.equals("application/json;charset=utf-8"),
        "Content-Type " + type);
  }

  static void assertOk(Reply r) {
    assertEquals(200, r.status(), r.body());
    assertJsonContentType(r);
  }

  static void assertJsonError(Reply r, String code) {
    assertJsonContentType(r);
    JsonNode json = r.json();
    assertEquals(List.of("error", "message"), fieldNames(json), r.body());
    assertEquals(code, json.get("error").asText(), r.body());
  }

  /** Status, JSON Content-Type and exactly {"error": code, "message": message}. */
  static void assertError(Reply r, int status, String code, String message) {
    assertEquals(status, r.status(), r.body());
    assertJsonError(r, code);
    assertEquals(message, r.json().get("message").asText());
  }

  static void assertNoMarkup(Reply r) {
    assertFalse(r.body().contains("<"), "an unescaped '<' in " + r.body());
    assertFalse(r.body().toLowerCase(Locale.ROOT).contains("<script"), r.body());
  }

  static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The response with the values that vary from run to run removed: took_ms and each score. */
  static JsonNode withoutScoresAndTimes(JsonNode response) {
    ObjectNode copy = response.deepCopy();
    assertTrue(copy.remove("took_ms").isNumber());
    for (JsonNode hit : copy.get("hits")) {
      JsonNode score = ((ObjectNode) hit).remove("score");
      assertTrue(score.isNumber() && score.asDouble() > 0, "score " + score);
    }
    return copy;
  }

  static void assertScoresDescend(JsonNode response) {
    double last = Double.MAX_VALUE;
    for (JsonNode hit : response.get("hits")) {
      assertTrue(hit.get("score").asDouble() <= last, response.toString());
      last = hit.get("score").asDouble();
    }
  }

  static ObjectNode page(String query, String syntax, int total, int offset, int limit, boolean grouped,
      ObjectNode... hits) {
    ObjectNode page = JSON.createObjectNode()
        .put("query", query).put("syntax", syntax).put("mode", "keyword").put("total", total)
        .put("total_exact", true)
        .put("offset", offset).put("limit", limit).put("grouped", grouped);
    page.putNull("did_you_mean");
    page.putArray("hits").addAll(List.of(hits));
    return page;
  }

  /** A search hit as served, without its score, with no context, other paragraphs or aliases. */
  static ObjectNode hit(String articleId, int paragraph, String snippet, ArrayNode matches) {
    ObjectNode hit = article(articleId, "article_id").put("paragraph", paragraph)
        .put("text", paragraphText(articleId, paragraph)).put("snippet", snippet);
    hit.set("matches", matches);
    hit.set("context", context(List.of(), List.of(), articleId));
    hit.putArray("other_paragraphs");
    hit.putArray("alias_matches");
    hit.putArray("found_by");
    return hit;
  }

  static ObjectNode highlighted(String articleId, int paragraph, String html, ArrayNode matches) {
    ObjectNode p = JSON.createObjectNode().put("paragraph", paragraph)
        .put("text", paragraphText(articleId, paragraph)).put("html", html);
    p.set("matches", matches);
    return p;
  }

  /** {idField: id, "title": …, "title_derived": …} for an article of the test corpus. */
  static ObjectNode article(String articleId, String idField) {
    Title t = TITLES.get(articleId);
    return JSON.createObjectNode().put(idField, articleId).put("title", t.title())
        .put("title_derived", t.derived());
  }

  /** {"before": [...], "after": [...]}: the numbered paragraphs of the article, with their text. */
  static ObjectNode context(List<Integer> before, List<Integer> after, String articleId) {
    ObjectNode context = JSON.createObjectNode();
    ArrayNode beforeList = context.putArray("before");
    before.forEach(n -> beforeList.add(paragraph(articleId, n)));
    ArrayNode afterList = context.putArray("after");
    after.forEach(n -> afterList.add(paragraph(articleId, n)));
    return context;
  }

  static ObjectNode paragraph(String articleId, int n) {
    return JSON.createObjectNode().put("paragraph", n).put("text", paragraphText(articleId, n));
  }

  /** [[start, end], …] from start, end pairs. */
  static ArrayNode spans(int... offsets) {
    ArrayNode spans = JSON.createArrayNode();
    for (int i = 0; i < offsets.length; i += 2) {
      spans.add(JSON.createArrayNode().add(offsets[i]).add(offsets[i + 1]));
    }
    return spans;
  }

  /** Tokens from (term, start, end, position) groups. */
  static ArrayNode tokens(Object... values) {
    ArrayNode tokens = JSON.createArrayNode();
    for (int i = 0; i < values.length; i += 4) {
      tokens.add(JSON.createObjectNode().put("term", (String) values[i])
          .put("start", (int) values[i + 1]).put("end", (int) values[i + 2])
          .put("position", (int) values[i + 3]));
    }
    return tokens;
  }

  static List<String> ids(JsonNode response) {
    List<String> ids = new ArrayList<>();
    for (JsonNode hit : response.get("hits")) {
      ids.add(hit.get("article_id").asText() + "#" + hit.get("paragraph").asInt());
    }
    return ids;
  }

  static List<List<Integer>> otherParagraphs(JsonNode response) {
    List<List<Integer>> all = new ArrayList<>();
    for (JsonNode hit : response.get("hits")) {
      List<Integer> others = new ArrayList<>();
      hit.get("other_paragraphs").forEach(n -> others.add(n.asInt()));
      all.add(others);
    }
    return all;
  }

  /** The text each [start, end] of "matches" covers in "text". */
  static List<String> matchedTexts(JsonNode withTextAndMatches) {
    String text = withTextAndMatches.get("text").asText();
    List<String> matched = new ArrayList<>();
    for (JsonNode m : withTextAndMatches.get("matches")) {
      matched.add(text.substring(m.get(0).asInt(), m.get(1).asInt()));
    }
    return matched;
  }

  /** The text HTML-escaped with each match wrapped in mark tags: what "html" must be. */
  static String markUp(String text, JsonNode matches) {
    StringBuilder html = new StringBuilder();
    int at = 0;
    for (JsonNode m : matches) {
      html.append(escape(text.substring(at, m.get(0).asInt()))).append("<mark>")
          .append(escape(text.substring(m.get(0).asInt(), m.get(1).asInt()))).append("</mark>");
      at = m.get(1).asInt();
    }
    return html.append(escape(text.substring(at))).toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  /** Paragraph {@code n} (from 1) of an article, read from its file: non-blank lines, trimmed. */
  static String paragraphText(String articleId, int n) {
    return paragraphsOf(articleId).get(n - 1);
  }

  /** The paragraphs of a corpus file: every non-blank line trimmed, a title line and its "-" or "---" dropped. */
  static List<String> paragraphsOf(String articleId) {
    Path file = (articleId.startsWith("zh_") ? CHINESE : SEEDS).resolve(articleId + ".txt");
    try {
      List<String> lines = Files.readAllLines(file, UTF_8).stream()
          .map(String::strip).filter(l -> !l.isEmpty()).toList();
      boolean titled = lines.size() > 1 && (lines.get(1).equals("-") || lines.get(1).equals("---"));
      return titled ? lines.subList(2, lines.size()) : lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under an index folder with its size and modification time. */
  private static Map<String, Long> files(Path folder) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(f.getFileName() + " " + Files.size(f), Files.getLastModifiedTime(f).toMillis());
      }
    }
    return files;
  }
}
