package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.internal.corpus.ArticleParser;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.query.LuceneSyntaxParser;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.query.SimpleQueryParser;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The highlighter finds each paragraph's matches with one weight for the whole call, on whichever
 * segment the paragraph is in: the same spans from an index of three segments as from the same
 * paragraphs merged into one.
 */
class MatchHighlighterTest {
  private static final List<Article> ARTICLES = List.of(
      ArticleParser.parse("zh_news", "人工智能新闻\n---\n北京的研究人员发布了新的语言模型。\n\n"
          + "The language model was released in Beijing.\n"),
      ArticleParser.parse("mixed", "The research team in Beijing trained a model.\n\n"
          + "研究人员说，语言模型的训练用了三个月。Language models need data.\n"),
      ArticleParser.parse("other", "天气\n---\n今天北京下雨。\n\nNothing about models here.\n"));

  @Test
  void spansAreTheSameOnEverySegmentOfAManySegmentIndexAsOnOneSegment() throws IOException {
    try (Directory dir = new ByteBuffersDirectory()) {
      // The default merge policy leaves three small segments as they are; forceMerge joins them.
      try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(FieldAnalyzers.index()))) {
        for (Article article : ARTICLES) {
          writer.addDocuments(IndexBuilder.documents(article));
          writer.commit(); // one segment per article
        }
        Map<String, List<Span>> segmented = spansByParagraph(writer, 3);
        writer.forceMerge(1);
        Map<String, List<Span>> merged = spansByParagraph(writer, 1);

        assertEquals(merged, segmented);
        assertEquals(Map.of(
            "zh_news#1", List.of(new Span(0, 2), new Span(3, 7)), // 北京, 研究人员
            "zh_news#2", List.of(new Span(4, 18)), // the phrase "language model", one span
            "mixed#1", List.of(),
            "mixed#2", List.of(new Span(0, 4), new Span(19, 34)), // 研究人员, "Language models"
            "other#1", List.of(new Span(2, 4)), // 北京
            "other#2", List.of()), segmented);
      }
    }
  }

  /**
   * One call highlights a page of paragraphs, handing the postings of one paragraph's matches out
   * again for the next: each paragraph gets the matches and best passage it gets alone. The query
   * reads {@code model} and {@code 北京} twice in one paragraph (alone and in a phrase or a longer
   * word), so two of their postings are read at once there.
   */
  @Test
  void aPageHighlightedInOneCallGivesEachParagraphItsMatchesAlone() throws IOException {
    try (Directory dir = pageIndex()) {
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        QueryPlan plan = SimpleQueryParser.parse("北京 研究人员 \"language model\" model 北京研究院");
        MatchHighlighter.Matches[] page = pageAgainstAlone(reader, plan.matchQuery());
        assertEquals(9, Arrays.stream(page).filter(m -> !m.spans().isEmpty()).count());
        assertEquals(new MatchHighlighter.Matches(List.of(new Span(0, 2), new Span(3, 5),
                new Span(6, 8), new Span(9, 23), new Span(25, 30), new Span(32, 36)), 32, 37),
            page[0]); // 北京 北京 北京 "Language model" Model 研究人员, the best passage 研究人员。
      }
    }
  }

  /**
   * Postings handed out again from one paragraph to the next serve every kind of term query: one
   * that walks the terms from the first (the wildcard {@code *}) or seeks among them as it goes
   * (ranges, prefixes, fuzzy words, regular expressions), and terms of the CJK field folded onto the
   * text, each paragraph getting its matches as alone. {@code paragraphs} counts those with a match.
   * (A version that also handed terms enums out again, walking ones included, failed here.)
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfTerm")
  void everyKindOfTermGivesEachParagraphOfAPageItsMatchesAlone(String name, Query query,
      int paragraphs) throws IOException {
    try (Directory dir = pageIndex(); DirectoryReader reader = DirectoryReader.open(dir)) {
      MatchHighlighter.Matches[] page = pageAgainstAlone(reader, query);
      assertEquals(paragraphs, Arrays.stream(page).filter(m -> !m.spans().isEmpty()).count());
    }
  }

  static Stream<Arguments> everyKindOfTerm() {
    Query every = new WildcardQuery(new Term(Fields.TEXT, "*")); // not allowed in the lucene syntax
    return Stream.of(
        Arguments.of("text:*", every, 10),
        Arguments.of("text:* AND 北京", new BooleanQuery.Builder()
            .add(every, BooleanClause.Occur.MUST)
            .add(LuceneSyntaxParser.toQuery("北京"), BooleanClause.Occur.MUST).build(), 5),
        Arguments.of("text:[a TO n]", LuceneSyntaxParser.toQuery("text:[a TO n]"), 8),
        Arguments.of("mod* OR 北京*", LuceneSyntaxParser.toQuery("mod* OR 北京*"), 9),
        Arguments.of("model~1 OR \"language model\" OR 研究人员",
            LuceneSyntaxParser.toQuery("model~1 OR \"language model\" OR 研究人员"), 8),
        Arguments.of("text:/mod.l/ OR text:/beij.*/ OR zoo",
            LuceneSyntaxParser.toQuery("text:/mod.l/ OR text:/beij.*/ OR zoo"), 7),
        Arguments.of("text_cjk:北京 OR text:北京* OR text:model", new BooleanQuery.Builder()
            .add(new TermQuery(new Term(Fields.TEXT_CJK, "北京")), BooleanClause.Occur.SHOULD)
            .add(LuceneSyntaxParser.toQuery("text:北京* OR text:model"), BooleanClause.Occur.SHOULD)
            .build(), 9));
  }

  /** The three articles and one more of four paragraphs, {@code model} and {@code 北京} often. */
  private static Directory pageIndex() throws IOException {
    Directory dir = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(FieldAnalyzers.index()))) {
      for (Article article : ARTICLES) {
        writer.addDocuments(IndexBuilder.documents(article));
      }
      writer.addDocuments(IndexBuilder.documents(ArticleParser.parse("long", String.join("\n\n",
          "北京的语言模型。The model in Beijing is a language model, model after model.",
          "研究人员在北京研究语言模型：北京研究院的 language model 和 model zoo。",
          "Nothing here.",
          "北京，北京，北京。Language model? Model. 研究人员。"))));
      writer.commit();
    }
    return dir;
  }

  /**
   * Every paragraph of {@code reader} highlighted in one call, last first (the highlighter reads
   * them in its own order), each checked against the same paragraph highlighted alone.
   */
  private static MatchHighlighter.Matches[] pageAgainstAlone(DirectoryReader reader, Query query)
      throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    int[] docs = new int[reader.maxDoc()];
    String[] texts = new String[docs.length];
    StoredFields stored = searcher.storedFields();
    for (int i = 0; i < docs.length; i++) {
      docs[i] = docs.length - 1 - i;
      texts[i] = stored.document(docs[i]).get(Fields.TEXT);
    }
    MatchHighlighter highlighter = new MatchHighlighter(searcher);
    MatchHighlighter.Matches[] page = highlighter.matchesWithPassage(query, docs, texts);
    for (int i = 0; i < docs.length; i++) {
      MatchHighlighter.Matches alone = highlighter.matchesWithPassage(query,
          new int[] {docs[i]}, new String[] {texts[i]})[0];
      assertEquals(alone, page[i], texts[i]);
    }
    return page;
  }

  /** Every paragraph's spans, as {@code articleId#paragraph}, from a reader of {@code segments}. */
  private static Map<String, List<Span>> spansByParagraph(IndexWriter writer, int segments)
      throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      assertEquals(segments, reader.leaves().size());
      IndexSearcher searcher = new IndexSearcher(reader);
      int[] docs = new int[reader.maxDoc()];
      String[] texts = new String[docs.length];
      String[] keys = new String[docs.length];
      StoredFields stored = searcher.storedFields();
      for (int doc = 0; doc < docs.length; doc++) {
        Document d = stored.document(doc);
        docs[doc] = doc;
        texts[doc] = d.get(Fields.TEXT);
        keys[doc] = d.get(Fields.ARTICLE_ID) + "#" + d.getField(Fields.PARAGRAPH).numericValue();
      }
      QueryPlan plan = SimpleQueryParser.parse("北京 研究人员 \"language model\"");
      MatchHighlighter.Matches[] matches =
          new MatchHighlighter(searcher).matchesWithPassage(plan.matchQuery(), docs, texts);
      Map<String, List<Span>> out = new TreeMap<>();
      for (int i = 0; i < docs.length; i++) {
        out.put(keys[i], matches[i].spans());
      }
      return out;
    }
  }
}
