package dev.articlesearch.opensearch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.internal.schema.IndexSchema;
import dev.articlesearch.opensearch.OpenSearchCluster.Cluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's analyzers, running inside a three-node cluster, make exactly the tokens the library
 * makes: for every paragraph of a few hundred (the seed corpus, search-core's Chinese test corpus,
 * their titles, and each again in traditional characters, in full-width forms and with
 * identifiers, emoji and supplementary characters mixed in, the judged queries, plus edge
 * cases), {@code _analyze}
 * with each registered analyzer, and with each text field of an index made from {@link
 * IndexSchema#openSearchMapping()}, returns the library's terms, positions and offsets.
 */
@ExtendWith(OpenSearchCluster.class)
class AnalysisEquivalenceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INDEX = "paragraphs-it";

  /** Corpora of the repository, from this module's folder. */
  private static final Path SEEDS = Path.of("..", "seeds");

  private static final Path CHINESE = Path.of("..", "search-core", "src", "test", "resources",
      "chinese-corpus");

  /** The judged query set: queries, as typed, in both languages and both scripts. */
  private static final Path JUDGED_QUERIES = Path.of("..", "eval", "judgments.tsv");

  /** Texts the corpora lack: identifiers, scripts, symbols, long runs. */
  private static final List<String> EDGE_CASES = List.of(
      "foo_bar.baz() returns self.__dict__['x'] and obj->next; C++ and C# and F#",
      "ChatGLM3-6B, GPT-3.5's, Qwen-14B-Chat, GLM-4V, Llama-2-70b-hf, o1-preview",
      "user@example.com https://example.org/a/b?c=d&e=f#g v1.2.3-rc.1 10.0.0.1:8080",
      "３．１４１５９ and 1,000,000.50 and ½ and 2²=4 and Ⅻ and ①②③",
      "ＧＰＴ－４　ＡＰＩ（ｖ２）：ｆｏｏ＿ｂａｒ．ｂａｚ（）",
      "🎉🎉 party 🎉 😀😃😄 👨‍👩‍👧 👍🏽 🇨🇳 ❤️ ☃ ★ ©®™",
      "𠮷野家的𠀀𠀁𪚥字，𡃁仔 and 𝐌𝐚𝐭𝐡 𝔽𝕣𝕒𝕜",
      "清華大學的研究團隊與臺灣學術界在軟體開發、資訊安全、網際網路上合作。",
      "ひらがなとカタカナ、漢字まじりの日本語文。한국어 문장도 있습니다。",
      "Ελληνικά και русский текст и العربية والعبرית",
      "café naïve résumé Crème Brûlée Ångström ŒUVRE straße",
      "，。！？；：“”‘’（）【】《》——……、·",
      "a\tb  c\u3000d\u00a0e\u2003f",
      "智谱AI智谱AI智谱AI".repeat(20),
      "人工智能大模型的发展速度非常快".repeat(80), // one line of 1,200 characters: smartcn's 1,024 buffer
      "Midjourney ".repeat(100) + "end",
      "x".repeat(300),
      "THE QUICK BROWN FOX'S JUMPING OVER LAZY DOGS — running runs ran",
      "1 2 3 4 5 6 7 8 9 0 一 二 三 四 五 六 七 八 九 十 百 千 万 亿",
      "e\u0301 (combining accent) and \u200b zero width \ufeff BOM inside");

  private static final List<String> PARAGRAPHS = new ArrayList<>();

  @BeforeAll
  static void paragraphs(@TempDir Path dir) {
    List<String> base = new ArrayList<>();
    base.addAll(articleTexts(SEEDS, dir.resolve("seeds")));
    base.addAll(articleTexts(CHINESE, dir.resolve("chinese")));
    Map<Character, Character> traditional = traditionalOf();
    Set<String> all = new LinkedHashSet<>(base);
    int i = 0;
    for (String p : base) {
      all.add(traditional(p, traditional));
      all.add(fullWidth(p));
      all.add(decorated(p, i++));
    }
    all.addAll(EDGE_CASES);
    all.addAll(judgedQueries());
    PARAGRAPHS.addAll(all);
  }

  @Test
  void clusterHasTheMappingAsGenerated(Cluster cluster) throws IOException {
    createIndex(cluster);
    JsonNode mapping = json(cluster.send(1, "GET", "/" + INDEX + "/_mapping", null))
        .path(INDEX).path("mappings");
    assertEquals(JSON.readTree(IndexSchema.openSearchMapping()), mapping);
  }

  @Test
  void everyRegisteredAnalyzerMakesTheLibrarysTokens(Cluster cluster) {
    int tokens = 0;
    int requests = 0;
    Map<String, Integer> perAnalyzer = new HashMap<>();
    for (String name : IndexSchema.analyzerNames()) {
      try (Analyzer library = IndexSchema.newAnalyzer(name)) {
        for (String text : PARAGRAPHS) {
          ObjectNode body = JSON.createObjectNode().put("analyzer", name).put("text", text);
          List<String> expected = tokens(library, text);
          List<String> actual = clusterTokens(cluster, requests++, "/_analyze", body);
          assertSame(name, text, expected, actual);
          tokens += expected.size();
          perAnalyzer.merge(name, expected.size(), Integer::sum);
        }
      }
    }
    System.out.printf("Analysis equivalence, by analyzer name: %d paragraphs x %d analyzers,"
        + " %d tokens identical (%s)%n", PARAGRAPHS.size(), IndexSchema.analyzerNames().size(),
        tokens, perAnalyzer);
  }

  /** The index's text fields analyse as {@link ArticleIndex#analyze} shows the library's fields. */
  @Test
  void mappedFieldsMakeTheLibrarysInspectionTokens(Cluster cluster) throws IOException {
    createIndex(cluster);
    Map<String, String> clusterField = Map.of("text", "text", "text_cjk", "text.cjk");
    int tokens = 0;
    int requests = 0;
    for (String text : PARAGRAPHS) {
      List<AnalyzedToken> library = ArticleIndex.analyze(text);
      for (Map.Entry<String, String> field : clusterField.entrySet()) {
        List<String> expected = library.stream().filter(t -> t.field().equals(field.getKey()))
            .map(t -> token(t.term(), t.start(), t.end(), t.position())).toList();
        ObjectNode body = JSON.createObjectNode().put("field", field.getValue()).put("text", text);
        List<String> actual = clusterTokens(cluster, requests++, "/" + INDEX + "/_analyze", body);
        assertSame(field.getValue(), text, expected, actual);
        tokens += expected.size();
      }
    }
    assertTrue(tokens > 10_000, "too few tokens compared: " + tokens);
    System.out.printf("Analysis equivalence, by field of %s (text, text.cjk) against"
        + " ArticleIndex.analyze: %d paragraphs, %d tokens identical%n", INDEX, PARAGRAPHS.size(),
        tokens);
  }

  private static void assertSame(String what, String text, List<String> expected,
      List<String> actual) {
    if (!expected.equals(actual)) {
      int i = 0;
      while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
        i++;
      }
      assertEquals(expected, actual, what + " differs at token " + i + " (library "
          + (i < expected.size() ? expected.get(i) : "none") + ", cluster "
          + (i < actual.size() ? actual.get(i) : "none") + ") for: " + text);
    }
  }

  private static synchronized void createIndex(Cluster cluster) throws IOException {
    if (cluster.send(0, "HEAD", "/" + INDEX, null).statusCode() == 200) {
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("settings").putObject("index")
        .put("number_of_shards", OpenSearchCluster.NODES)
        .put("number_of_replicas", 1);
    body.set("mappings", JSON.readTree(IndexSchema.openSearchMapping()));
    HttpResponse<String> created = cluster.send(0, "PUT", "/" + INDEX, body.toString());
    assertEquals(200, created.statusCode(), created.body());
    HttpResponse<String> health = cluster.send(0, "GET",
        "/_cluster/health/" + INDEX + "?wait_for_status=green&timeout=60s", null);
    assertTrue(health.body().contains("\"status\":\"green\""), health.body());
  }

  /** The answer of {@code _analyze}, from the nodes in turn, as {@link #token} strings. */
  private static List<String> clusterTokens(Cluster cluster, int request, String path,
      ObjectNode body) {
    HttpResponse<String> answer =
        cluster.send(request % OpenSearchCluster.NODES, "POST", path, body.toString());
    assertEquals(200, answer.statusCode(), path + " " + body + " -> " + answer.body());
    List<String> tokens = new ArrayList<>();
    for (JsonNode t : json(answer).path("tokens")) {
      tokens.add(token(t.path("token").asText(), t.path("start_offset").asInt(),
          t.path("end_offset").asInt(), t.path("position").asInt()));
    }
    return tokens;
  }

  /** What the library's analyzer makes of a text, read as OpenSearch's _analyze reads it. */
  private static List<String> tokens(Analyzer analyzer, String text) {
    List<String> tokens = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken()) {
        position += increment.getPositionIncrement();
        tokens.add(token(term.toString(), offset.startOffset(), offset.endOffset(), position));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens;
  }

  private static String token(String term, int start, int end, int position) {
    return term + "@" + position + "[" + start + "," + end + ")";
  }

  private static JsonNode json(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(answer.body(), e);
    }
  }

  /** Every title line and paragraph of a corpus, read through the library. */
  private static List<String> articleTexts(Path corpus, Path indexDir) {
    List<String> texts = new ArrayList<>();
    ArticleIndex.rebuild(corpus, indexDir);
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      for (ArticleSummary summary : index.articles()) {
        Article article = index.article(summary.id()).orElseThrow();
        if (!article.titleDerived()) {
          texts.add(article.title());
        }
        article.paragraphs().stream().map(Paragraph::text).forEach(texts::add);
      }
    }
    return texts;
  }

  private static List<String> judgedQueries() {
    try {
      return Files.readAllLines(JUDGED_QUERIES, UTF_8).stream()
          .filter(l -> !l.startsWith("#") && !l.startsWith("group\t") && l.contains("\t"))
          .map(l -> l.split("\t")[1])
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Simplified to traditional: the library's folding table the other way round. */
  private static Map<Character, Character> traditionalOf() {
    Map<Character, Character> map = new HashMap<>();
    try (InputStream in = IndexSchema.class.getResourceAsStream("/dev/articlesearch/core/internal/analysis/traditional-simplified.tsv")) {
      for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
        String[] pair = line.split("\t");
        if (!line.startsWith("#") && pair.length == 2 && pair[0].length() == 1
            && pair[1].length() == 1) {
          map.putIfAbsent(pair[1].charAt(0), pair[0].charAt(0));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }

  private static String traditional(String text, Map<Character, Character> map) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      b.append(map.getOrDefault(c, c));
    }
    return b.toString();
  }

  /** ASCII as full-width forms, the space as the ideographic space. */
  private static String fullWidth(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      b.append(c == ' ' ? '\u3000' : c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
    }
    return b.toString();
  }

  private static final String[] INSERTS = {
    " foo_bar.baz() ", "🎉", "𠮷野家", " ChatGLM3-6B ", "ＡＢＣ１２３", "清華", "👍🏽", " GPT-3.5's "
  };

  /** Identifiers, emoji and supplementary characters put in the middle and at both ends. */
  private static String decorated(String text, int i) {
    int middle = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
    return INSERTS[i % INSERTS.length] + text.substring(0, middle)
        + INSERTS[(i + 3) % INSERTS.length] + text.substring(middle)
        + INSERTS[(i + 5) % INSERTS.length];
  }
}
