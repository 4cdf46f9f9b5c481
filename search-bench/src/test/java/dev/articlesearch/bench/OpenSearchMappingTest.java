package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenSearchMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode BODY = OpenSearchMapping.indexBody();

  private static String json(String text) throws IOException {
    return JSON.readTree(text).toString();
  }

  @Test
  void oneShardNoReplicaNoRefreshDuringTheLoad() throws IOException {
    JsonNode index = BODY.path("settings").path("index");
    assertEquals(1, index.path("number_of_shards").asInt());
    assertEquals(0, index.path("number_of_replicas").asInt());
    assertEquals("-1", index.path("refresh_interval").asText());
  }

  @Test
  void fieldsAreOursWithCjkSubFields() throws IOException {
    assertEquals(json("""
        {"dynamic": "strict",
         "properties": {
           "article_id": {"type": "keyword"},
           "paragraph": {"type": "integer"},
           "text": {"type": "text", "analyzer": "words", "index_options": "offsets",
             "fields": {"cjk": {"type": "text", "analyzer": "cjk", "index_options": "offsets"}}},
           "title": {"type": "text", "analyzer": "words",
             "fields": {"cjk": {"type": "text", "analyzer": "cjk"}}},
           "display_title": {"type": "keyword", "index": false, "doc_values": false}}}"""),
        BODY.path("mappings").toString());
  }

  @Test
  void analyzersAreBuiltInComponentsAndSmartcn() throws IOException {
    JsonNode analysis = BODY.path("settings").path("index").path("analysis");
    assertEquals(json("""
        {"words": {"type": "custom",
           "char_filter": ["to_simplified", "punctuation_between_non_chinese"],
           "tokenizer": "smartcn_tokenizer",
           "filter": ["punctuation_as_comma", "drop_comma", "porter_stem"]},
         "cjk": {"type": "custom",
           "char_filter": ["to_simplified"],
           "tokenizer": "standard",
           "filter": ["cjk_width", "cjk_bigrams_and_unigrams", "cjk_only"]}}"""),
        analysis.path("analyzer").toString());
    assertEquals(json("""
        {"punctuation_as_comma": {"type": "pattern_replace", "pattern": "^[^\\\\p{L}\\\\p{Nd}\\\\p{So}\\\\p{Cs}]+$", "replacement": ","},
         "drop_comma": {"type": "stop", "stopwords": [","]},
         "cjk_only": {"type": "keep_types", "types": ["<SINGLE>", "<DOUBLE>"]},
         "cjk_bigrams_and_unigrams": {"type": "cjk_bigram", "output_unigrams": true}}"""),
        analysis.path("filter").toString());
    JsonNode punctuation = analysis.path("char_filter").path("punctuation_between_non_chinese");
    assertEquals("pattern_replace", punctuation.path("type").asText());
    assertEquals(OpenSearchMapping.PUNCTUATION_RUN, punctuation.path("pattern").asText());
    assertEquals(" ", punctuation.path("replacement").asText());
  }

  @Test
  void traditionalCharactersMapToSimplifiedOnes() {
    JsonNode mapping = BODY.path("settings").path("index").path("analysis").path("char_filter").path("to_simplified");
    assertEquals("mapping", mapping.path("type").asText());
    List<String> rules = OpenSearchMapping.simplifiedMappings();
    assertEquals(rules.size(), mapping.path("mappings").size());
    assertTrue(rules.containsAll(List.of("譜=>谱", "華=>华", "學=>学")));
    assertTrue(rules.size() > 2000, "rules: " + rules.size());
    assertFalse(rules.stream().anyMatch(r -> r.startsWith("谱=")), "simplified characters stay");
  }

  @Test
  void punctuationBetweenNonChineseTextBecomesOneSpace() {
    Pattern run = Pattern.compile(OpenSearchMapping.PUNCTUATION_RUN);
    assertEquals("GPT 3 5 has", run.matcher("GPT-3.5 has").replaceAll(" "));
    assertEquals("ChatGLM3 6B 模型", run.matcher("ChatGLM3-6B 模型").replaceAll(" "));
    assertEquals("x y z", run.matcher("x×y (z)").replaceAll(" ").strip());
    assertEquals(" 2024", run.matcher("©2024").replaceAll(" "));
  }

  @Test
  void punctuationBesideChineseStays() {
    Pattern run = Pattern.compile(OpenSearchMapping.PUNCTUATION_RUN);
    for (String s : List.of("模型，GPT", "清华-大学", "GPT。模型", "工具 - 宏", "(原结果 × 行列总和)")) {
      assertEquals(s, run.matcher(s).replaceAll(" "), s);
    }
  }

  @Test
  void tokensWithoutLettersDigitsOrSymbolsAreNotWords() {
    Pattern notAWord = Pattern.compile(OpenSearchMapping.NOT_A_WORD);
    for (String s : List.of(",", "×", "÷", "￥", "\u2003", "¿")) {
      assertTrue(notAWord.matcher(s).matches(), s);
    }
    for (String s : List.of("a", "中", "3", "⚡", "😀", "é")) {
      assertFalse(notAWord.matcher(s).matches(), s);
    }
  }

  @Test
  void ourFieldsHaveOpenSearchNames() {
    assertEquals("text.cjk", OpenSearchMapping.field("text_cjk"));
    assertEquals("title.cjk", OpenSearchMapping.field("title_cjk"));
    assertEquals("article_id", OpenSearchMapping.field("article_id"));
    assertThrows(IllegalArgumentException.class, () -> OpenSearchMapping.field("words"));
  }
}
