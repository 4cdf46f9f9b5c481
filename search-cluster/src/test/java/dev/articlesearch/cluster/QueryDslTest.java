package dev.articlesearch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.QuerySyntax;
import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DSL for the queries the library's parser really builds, over the seed corpus and its aliases. */
class QueryDslTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static ArticleIndex index;

  @BeforeAll
  static void buildSeedIndex() throws IOException {
    // aliases.csv too: 智谱 has aliases
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS);
    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    index = ArticleIndex.open(dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  /** The DSL of each tier of the query, compact. */
  private static List<String> dsl(SearchRequest request) {
    return index.queryTiers(request).stream().map(q -> QueryDsl.of(q).toString()).toList();
  }

  private static String json(String text) throws IOException {
    return JSON.readTree(text).toString();
  }

  @Test
  void unknownChineseWordIsAPhraseOrABigramAndItsAliasesScoreLittle() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"bool": {"should": [
            {"bool": {"should": [
              {"match_phrase": {"text": {"query": "智 谱", "analyzer": "whitespace"}}},
              {"term": {"text.cjk": {"value": "智谱"}}}]}},
            {"constant_score": {"filter": {"term": {"text": {"value": "zhipu"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"term": {"text": {"value": "zhizhu"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"match_phrase": {"text": {"query": "zhipu ai", "analyzer": "whitespace"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"match_phrase": {"text": {"query": "zhizhu ai", "analyzer": "whitespace"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"match_phrase": {"text": {"query": "智 谱 ai", "analyzer": "whitespace"}}}, "boost": 0.01}}]}}],
          "should": [{"bool": {
            "should": [
              {"match_phrase": {"title": {"query": "智 谱", "analyzer": "whitespace"}}},
              {"term": {"title.cjk": {"value": "智谱"}}}],
            "boost": 0.2}}]}}""")),
        dsl(SearchRequest.of("智谱")));
  }

  @Test
  void knownChineseWordIsATermOrABigramPhrase() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"bool": {"should": [
            {"bool": {"should": [
              {"term": {"text": {"value": "清华大学"}}},
              {"match_phrase": {"text.cjk": {"query": "清华 华大 大学", "analyzer": "whitespace"}}}]}},
            {"constant_score": {"filter": {"match_phrase": {"text": {"query": "tsinghua univers", "analyzer": "whitespace"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"term": {"text": {"value": "tsinghua"}}}, "boost": 0.01}},
            {"constant_score": {"filter": {"bool": {"should": [
              {"term": {"text": {"value": "清华"}}},
              {"term": {"text.cjk": {"value": "清华"}}}]}}, "boost": 0.01}}]}}],
          "should": [{"bool": {
            "should": [
              {"term": {"title": {"value": "清华大学"}}},
              {"match_phrase": {"title.cjk": {"query": "清华 华大 大学", "analyzer": "whitespace"}}}],
            "boost": 0.2}}]}}""")),
        dsl(SearchRequest.of("清华大学")));
  }

  @Test
  void rankedQueryAsksEveryShardForTheStatisticsOfItsScoredPhrasesFields() throws IOException {
    Query tier = index.queryTiers(SearchRequest.of("清华大学")).get(0);
    // text.cjk and title.cjk have scored phrases; text's phrase ("tsinghua univers") is under a
    // constant score, so its statistics are never used.
    assertEquals(json("{\"bool\": {\"must\": [" + QueryDsl.of(tier) + "], \"should\": ["
        + "{\"term\": {\"text.cjk\": {\"value\": \" \", \"boost\": 1.0E-6}}},"
        + "{\"term\": {\"title.cjk\": {\"value\": \" \", \"boost\": 1.0E-6}}}]}}"),
        QueryDsl.scored(tier).toString());
    Query words = index.queryTiers(SearchRequest.of("模型")).get(0);
    assertEquals(QueryDsl.of(words), QueryDsl.scored(words), "no phrase: nothing to add");
  }

  @Test
  void identifierIsOnePhraseOfItsParts() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"match_phrase": {"text": {"query": "chatglm 3 6 b", "analyzer": "whitespace"}}}],
          "should": [{"match_phrase": {"title": {"query": "chatglm 3 6 b", "analyzer": "whitespace", "boost": 0.2}}}]}}""")),
        dsl(SearchRequest.of("ChatGLM3-6B")));
  }

  @Test
  void quotedPhraseIsStemmed() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"match_phrase": {"text": {"query": "larg model", "analyzer": "whitespace"}}}],
          "should": [{"match_phrase": {"title": {"query": "larg model", "analyzer": "whitespace", "boost": 0.2}}}]}}""")),
        dsl(SearchRequest.of("\"large model\"")));
  }

  @Test
  void orMakesOneGroupOfAlternatives() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"bool": {"should": [
            {"term": {"text": {"value": "glm"}}},
            {"bool": {"should": [
              {"term": {"text": {"value": "模型"}}},
              {"term": {"text.cjk": {"value": "模型"}}}]}}]}}],
          "should": [{"bool": {
            "should": [
              {"term": {"title": {"value": "glm"}}},
              {"bool": {"should": [
                {"term": {"title": {"value": "模型"}}},
                {"term": {"title.cjk": {"value": "模型"}}}]}}],
            "boost": 0.2}}]}}""")),
        dsl(SearchRequest.of("GLM OR 模型")));
  }

  @Test
  void exclusionIsMustNot() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"bool": {"should": [
            {"term": {"text": {"value": "模型"}}},
            {"term": {"text.cjk": {"value": "模型"}}}]}}],
          "should": [{"bool": {
            "should": [
              {"term": {"title": {"value": "模型"}}},
              {"term": {"title.cjk": {"value": "模型"}}}],
            "boost": 0.2}}],
          "must_not": [{"bool": {"should": [
            {"match_phrase": {"text": {"query": "智 谱", "analyzer": "whitespace"}}},
            {"term": {"text.cjk": {"value": "智谱"}}}]}}]}}""")),
        dsl(SearchRequest.of("模型 -智谱")));
  }

  @Test
  void twoWordsMakeTwoTiersTheSecondWithoutTheFirst() throws IOException {
    String model = """
        {"bool": {"should": [
          {"term": {"text": {"value": "模型"}}},
          {"term": {"text.cjk": {"value": "模型"}}}]}}""";
    String titles = """
        [{"term": {"title": {"value": "glm", "boost": 0.2}}},
         {"bool": {"should": [
           {"term": {"title": {"value": "模型"}}},
           {"term": {"title.cjk": {"value": "模型"}}}], "boost": 0.2}}]""";
    String both = "{\"bool\": {\"must\": [{\"term\": {\"text\": {\"value\": \"glm\"}}}, " + model + "]}}";
    String either = "{\"bool\": {\"should\": [{\"term\": {\"text\": {\"value\": \"glm\"}}}, " + model + "]}}";
    assertEquals(List.of(
            json("{\"bool\": {\"must\": [" + both + "], \"should\": " + titles + "}}"),
            json("{\"bool\": {\"must\": [" + either + "], \"must_not\": [" + both + "], \"should\": " + titles + "}}")),
        dsl(SearchRequest.of("GLM 模型")));
  }

  @Test
  void articleFilterIsTermsFilter() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {
          "must": [{"term": {"text": {"value": "glm"}}}],
          "should": [{"term": {"title": {"value": "glm", "boost": 0.2}}}],
          "filter": [{"terms": {"article_id": ["000_df9a3cfbf9da6c43", "002_aaf58d43826c50b3"]}}]}}""")),
        dsl(SearchRequest.of("GLM").withArticles(List.of("002_aaf58d43826c50b3", "000_df9a3cfbf9da6c43"))));
  }

  @Test
  void nestedBoostsMultiplyAndMinimumShouldMatchIsKept() throws IOException {
    Query q = new BooleanQuery.Builder()
        .add(new TermQuery(new Term("text", "a")), Occur.SHOULD)
        .add(new BoostQuery(new BoostQuery(new TermQuery(new Term("text", "b")), 2f), 3f), Occur.SHOULD)
        .setMinimumNumberShouldMatch(2)
        .build();
    assertEquals(json("""
        {"bool": {"should": [
          {"term": {"text": {"value": "a"}}},
          {"term": {"text": {"value": "b", "boost": 6.0}}}],
          "minimum_should_match": 2}}"""), QueryDsl.of(q).toString());
  }

  @Test
  void phraseKeepsItsSlop() throws IOException {
    assertEquals(json("""
        {"match_phrase": {"text": {"query": "a b", "analyzer": "whitespace", "slop": 2}}}"""),
        QueryDsl.of(new PhraseQuery(2, "text", "a", "b")).toString());
  }

  @Test
  void phraseWithAGapHasNoTranslation() {
    Query gap = new PhraseQuery.Builder().add(new Term("text", "a"), 0).add(new Term("text", "b"), 2).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueryDsl.of(gap));
    assertTrue(e.getMessage().contains("consecutive"), e.getMessage());
  }

  @Test
  void phraseTermWithWhitespaceHasNoTranslation() {
    Query q = new PhraseQuery("text", "a b", "c");
    assertThrows(IllegalArgumentException.class, () -> QueryDsl.of(q));
  }

  @Test
  void patternsOfTheLuceneSyntaxAreConstantScoreAsInTheLibrary() throws IOException {
    assertEquals(List.of(json("""
        {"bool": {"must": [{"wildcard": {"text": {"value": "mod*l", "rewrite": "constant_score"}}}]}}""")),
        dsl(SearchRequest.of("mod*l").withSyntax(QuerySyntax.LUCENE)));
    assertEquals(List.of(json("""
        {"bool": {"must": [{"range": {"paragraph": {"gte": 3, "lte": 3}}}]}}""")),
        dsl(SearchRequest.of("paragraph:3").withSyntax(QuerySyntax.LUCENE)));
  }

  @Test
  void fuzzyWordsKeepTheirEditsAndPrefix() throws IOException {
    String tier = dsl(SearchRequest.of("Tsinghau").withFuzzy(true)).get(0);
    assertTrue(tier.contains(json("""
        {"fuzzy": {"text": {"value": "tsinghau", "fuzziness": 2, "prefix_length": 1,
          "max_expansions": 50, "transpositions": true}}}""")), tier);
  }

  @Test
  void otherQueryTypesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QueryDsl.of(new org.apache.lucene.search.MultiPhraseQuery.Builder()
            .add(new Term("text", "a")).build()));
    assertTrue(e.getMessage().contains("org.apache.lucene.search.MultiPhraseQuery"), e.getMessage());
  }

  @Test
  void unknownFieldIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QueryDsl.of(new TermQuery(new Term("body", "x"))));
    assertTrue(e.getMessage().contains("'body'"), e.getMessage());
  }

  /**
   * Why the whitespace analyzer gives the phrase back term by term: no term the library makes
   * holds whitespace, whatever whitespace character stands between words.
   */
  @Test
  void libraryTermsNeverHoldWhitespace() {
    StringBuilder text = new StringBuilder();
    for (char c = 0; c < 0x3100; c++) {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        text.append("ab").append(c).append("清华").append(c).append("12").append(c).append('é').append(c);
      }
    }
    List<AnalyzedToken> tokens = ArticleIndex.analyze(text.toString());
    assertTrue(tokens.size() > 100);
    for (AnalyzedToken t : tokens) {
      assertTrue(t.term().chars().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)),
          () -> "whitespace in the term '" + t.term() + "' of " + t.field());
    }
  }
}
