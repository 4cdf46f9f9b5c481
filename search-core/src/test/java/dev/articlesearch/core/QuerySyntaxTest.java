package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both query syntaxes over the Chinese and the seed corpus. */
class QuerySyntaxTest {
  @TempDir static Path dir;
  static ArticleIndex index;

  /** The same index with room for queries far past max_query_length: the parsers' own limits. */
  static ArticleIndex roomy;

  @BeforeAll
  static void build() throws java.io.IOException {
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    index = TestIndexes.build(corpus, dir.resolve("index"));
    roomy = ArticleIndex.open(dir.resolve("index"), Limits.DEFAULTS.withMaxQueryLength(100_000));
  }

  @AfterAll
  static void close() {
    index.close();
    roomy.close();
  }

  static Stream<String> hostileInput() {
    return Stream.of("", " ", "\t\n", "\"", "\"\"", "\"unclosed phrase", "-", "--", "-\"\"", "OR",
        "OR OR", "a OR", "OR b", "- OR -", "(((", ")))", "*", "?", "~", "^2", "\\", ":", "title:",
        "a:b:c", "[1 TO", "{*}", "/re[gex/", "AND NOT", "&&||!", "\u0000", "\uD800", "\uDC00x",
        "🎉🎉🎉", "ｅｎｔｉｔｙ　ｌｉｓｔ", "\u202Eevil", "e\u0301\u0301", "<script>alert(1)</script>",
        "'; DROP TABLE articles; --", "$(rm -rf /)", "(".repeat(5000), "智".repeat(3000),
        "a ".repeat(2000), "\"" + "x ".repeat(500) + "\"", "-智谱 -GLM", "。，、；：？！");
  }

  @ParameterizedTest
  @MethodSource("hostileInput")
  void simpleSyntaxNeverFails(String input) {
    SearchResult r = roomy.search(SearchRequest.of(input).withLimit(100));
    assertTrue(r.total() >= r.hits().size());
  }

  @ParameterizedTest
  @MethodSource("hostileInput")
  void luceneSyntaxAnswersOrRaisesOnlyInvalidQueryException(String input) {
    try {
      SearchResult r = roomy.search(SearchRequest.of(input).withSyntax(QuerySyntax.LUCENE));
      assertTrue(r.total() >= r.hits().size());
    } catch (InvalidQueryException e) {
      assertTrue(!e.getMessage().isBlank() && e.getMessage().length() < 300, e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {"/.*/", "/[a-z]{1,50}[0-9]*/", "/[a-z]+(-[a-z]+)*/", "/(zh[a-z]*)+/", "/.{0,9999}/", "a*b*c*d*e*", "z~2", "paragraph:[* TO *]", "*:*"})
  void expensiveLucenePatternsStillAnswer(String query) {
    SearchResult r = index.search(SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE));
    assertTrue(r.total() >= 0);
  }

  @Test
  void excludedPhraseRemovesOnlyParagraphsWithThePhrase() {
    SearchRequest request = SearchRequest.of("智谱 -\"北京发布\" -\"在北京\"").withArticles(List.of("zh_001"));
    assertEquals(List.of("zh_001#2"), ids(index.search(request)));
  }

  @Test
  void simpleSyntaxWithOnlyExclusionsFindsNothing() {
    assertEquals(0, index.search("-智谱 -GLM").total());
  }

  @Test
  void simpleSyntaxReadsLuceneOperatorsAsText() {
    assertEquals(ids(index.search("Entity List")), ids(index.search("Entity: List*")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "\"Entity List\"|000_df9a3cfbf9da6c43#1",
        "title:智谱|zh_001#1 zh_001#2 zh_001#3",
        "article_id:zh_002 AND 大学|zh_002#3 zh_002#1",
        "paragraph:[2 TO 3] AND 清华大学|zh_002#3",
        "Qwen* AND paragraph:3|zh_003#3",
        "Midjourny~2|000_df9a3cfbf9da6c43#3",
        "\"Zhizhu statement\"~4|000_df9a3cfbf9da6c43#2",
        "\"Zhizhu statement\"~3|",
        "智谱 AND NOT 北京|zh_001#2",
        "text:清华大学 OR text:张鹏|zh_001#2 zh_002#3 zh_002#1",
      })
  void luceneSyntaxSupportsFieldsOperatorsWildcardsFuzzyAndProximity(String query, String expected) {
    SearchResult r = index.search(SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE).withLimit(100));
    assertEquals(expected == null ? List.of() : List.of(expected.split(" ")), ids(r));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Entity AND|The query ends too early (at position 10)|10",
        "(Entity List|The query ends too early (at position 12)|12",
        "Entity ) List|Unexpected ')' at position 7|7",
        "author:smith|Unknown field 'author'; the fields are [text, title, article_id, paragraph]|-1",
        "作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者:张鹏|Unknown field '作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者作者…'; the fields are [text, title, article_id, paragraph]|-1",
        "paragraph:two|Field 'paragraph' takes a whole number, not 'two'|-1",
        "[a TO b 智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱]|Unexpected '智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱智谱…' at position 8|8",
        "*entity|'*' or '?' not allowed as first character in WildcardQuery|-1",
        "/a{1000}{1000}{1000}/|The regular expression /a{1000}{1000}{1000}/ expands to more than 10,000 characters; the limit (max_regexp_size) is 10,000|-1",
        "/(a?){1000,}/|The regular expression /(a?){1000,}/ expands to more than 10,000 characters; the limit (max_regexp_size) is 10,000|-1",
        "/a++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++/|The regular expression /a++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++/ expands to more than 10,000 characters; the limit (max_regexp_size) is 10,000|-1",
        "/M*+++++++++++/|The regular expression /M*+++++++++++/ expands to more than 10,000 characters; the limit (max_regexp_size) is 10,000|-1",
        "/([ab]*c[ab]*){0,1000}&.{0,4000}/|The regular expression /([ab]*c[ab]*){0,1000}&.{0,4000}/ expands to more than 10,000 characters; the limit (max_regexp_size) is 10,000|-1",
        "text:\\|The query ends inside an escape, a quote or a pattern (at position 6)|6",
      })
  void malformedLuceneQueryRaisesOneTypedExceptionSayingWhatAndWhere(
      String query, String message, int position) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class,
        () -> index.search(SearchRequest.of(query).withSyntax(QuerySyntax.LUCENE)));
    assertEquals(message, e.getMessage());
    assertEquals(position, e.position());
  }

  @Test
  void deeplyNestedLuceneQueryIsRefusedNotAStackOverflow() {
    InvalidQueryException e = assertThrows(InvalidQueryException.class,
        () -> roomy.search(SearchRequest.of("(".repeat(4000) + "a" + ")".repeat(4000))
            .withSyntax(QuerySyntax.LUCENE)));
    assertEquals("The query nests parentheses 101 deep at position 100; the limit (max_nesting) is 100",
        e.getMessage());
    assertEquals(100, e.position());
  }

  @Test
  void parenthesesInsideAPhraseAreTextNotNesting() {
    SearchResult r = index.search(SearchRequest.of("\"" + "(".repeat(150) + "Entity List\"")
        .withSyntax(QuerySyntax.LUCENE));
    assertEquals(List.of("000_df9a3cfbf9da6c43#1"), ids(r));
  }

  @Test
  void tooManyClausesIsAnInvalidQuery() {
    InvalidQueryException e = assertThrows(InvalidQueryException.class,
        () -> roomy.search(SearchRequest.of("w ".repeat(2000)).withSyntax(QuerySyntax.LUCENE)));
    assertEquals("The query has more than 1,024 clauses; the limit (max_clauses) is 1,024", e.getMessage());
  }

  @Test
  void blankLuceneQueryFindsNothing() {
    assertEquals(0, index.search(SearchRequest.of("  ").withSyntax(QuerySyntax.LUCENE)).total());
  }
}
