package dev.articlesearch.core.internal.highlight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.internal.corpus.ArticleParser;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.query.LuceneSyntaxParser;
import dev.articlesearch.core.internal.query.SimpleQueryParser;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A page's matches are exactly those of Lucene's {@code Weight#matches} for the whole query, on an
 * index of four segments, for every way a boolean query decides what matches: and a clause is not
 * asked for its matches in a paragraph it does not match.
 */
class PageMatchesTest {
  private static final Aliases ALIASES =
      Aliases.parse("test", "Zhipu AI, 智谱AI, 智谱, Zhizhu\n北京, Beijing\n");

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void everyParagraphOfAPageHasTheMatchesOfTheWholeQuerysWeight(String name, Query query,
      int matching) throws IOException {
    try (Directory dir = fourSegments(); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      Query rewritten = searcher.rewrite(query);
      Weight whole = searcher.createWeight(rewritten, ScoreMode.COMPLETE_NO_SCORES, 1f);
      int[] page = everyDocLastFirst(reader);
      PageMatches matches = PageMatches.of(searcher, rewritten, page);
      int found = 0;
      for (int doc : page) {
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
        List<String> expected = positions(whole.matches(leaf, doc - leaf.docBase));
        assertEquals(expected, positions(matches.matches(leaf, doc - leaf.docBase)), "doc " + doc);
        found += expected == null ? 0 : 1;
      }
      assertEquals(matching, found);
    }
  }

  static Stream<Arguments> queries() {
    Query beijing = new TermQuery(new Term(Fields.TEXT, "北京"));
    Query model = new TermQuery(new Term(Fields.TEXT, "model"));
    Query languageModel = new PhraseQuery(Fields.TEXT, "languag", "model");
    return Stream.of(
        Arguments.of("an alias group and two words, as the simple syntax plans them",
            SimpleQueryParser.parse("Zhipu AI large model", ALIASES).matchQuery(), 7),
        Arguments.of("Chinese words and a phrase",
            SimpleQueryParser.parse("北京 研究人员 \"language model\"", ALIASES).matchQuery(), 8),
        Arguments.of("required and prohibited", new BooleanQuery.Builder()
            .add(beijing, Occur.MUST).add(model, Occur.MUST_NOT).build(), 2),
        Arguments.of("a filter beside a scored clause", new BooleanQuery.Builder()
            .add(beijing, Occur.FILTER).add(languageModel, Occur.SHOULD).build(), 5),
        Arguments.of("two of three should match", new BooleanQuery.Builder()
            .add(beijing, Occur.SHOULD).add(model, Occur.SHOULD)
            .add(new TermQuery(new Term(Fields.TEXT, "研究人员")), Occur.SHOULD)
            .setMinimumNumberShouldMatch(2).build(), 3),
        Arguments.of("nested, boosted and constant-scored", new BooleanQuery.Builder()
            .add(new BoostQuery(new ConstantScoreQuery(new BooleanQuery.Builder()
                .add(languageModel, Occur.MUST)
                .add(new TermQuery(new Term(Fields.TEXT_CJK, "北京")), Occur.SHOULD).build()), 2f),
                Occur.SHOULD)
            .add(new BoostQuery(model, 0.01f), Occur.SHOULD).build(), 7),
        Arguments.of("fuzzy, prefix, wildcard, regular expression and sloppy phrase",
            LuceneSyntaxParser.toQuery(
                "modle~1 OR 北京* OR text:mod?l OR text:/beij.*/ OR \"model language\"~3"), 9),
        Arguments.of("nothing matches", new TermQuery(new Term(Fields.TEXT, "zoology")), 0));
  }

  /**
   * {@code Zhizhu} and {@code zhipu ai}, two names of the alias group, are in no paragraph of the
   * page: their clauses are never asked for matches; {@code model} is asked only in the seven
   * paragraphs that have it (or {@code models}), where Lucene's boolean weight asks all ten.
   */
  @Test
  void aClauseIsAskedForItsMatchesOnlyInTheParagraphsItMatches() throws IOException {
    try (Directory dir = fourSegments(); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      AtomicInteger zhizhuAsked = new AtomicInteger();
      AtomicInteger modelAsked = new AtomicInteger();
      Query query = new BooleanQuery.Builder()
          .add(new Counted(new TermQuery(new Term(Fields.TEXT, "zhizhu")), zhizhuAsked), Occur.SHOULD)
          .add(new Counted(new TermQuery(new Term(Fields.TEXT, "model")), modelAsked), Occur.SHOULD)
          .add(new PhraseQuery(Fields.TEXT, "zhipu", "ai"), Occur.SHOULD)
          .build();
      int[] page = everyDocLastFirst(reader);
      PageMatches matches = PageMatches.of(searcher, searcher.rewrite(query), page);
      int withMatches = 0;
      for (int doc : page) {
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
        withMatches += matches.matches(leaf, doc - leaf.docBase) == null ? 0 : 1;
      }
      assertEquals(0, zhizhuAsked.get());
      assertEquals(7, modelAsked.get()); // model and models
      assertEquals(7, withMatches);
    }
  }

  /** Each paragraph's matches as field:positions[offsets], in order; null where none. */
  private static List<String> positions(Matches matches) throws IOException {
    if (matches == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String field : new TreeSet<>(iterable(matches))) {
      MatchesIterator it = matches.getMatches(field);
      while (it != null && it.next()) {
        out.add(field + ":" + it.startPosition() + "-" + it.endPosition()
            + "[" + it.startOffset() + "-" + it.endOffset() + "]");
      }
    }
    return out;
  }

  private static List<String> iterable(Matches matches) {
    List<String> fields = new ArrayList<>();
    matches.forEach(fields::add);
    return fields;
  }

  /** Every doc of the reader, the last first, so the page is not in doc order. */
  private static int[] everyDocLastFirst(DirectoryReader reader) {
    int[] docs = new int[reader.maxDoc()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = docs.length - 1 - i;
    }
    return docs;
  }

  /** Four articles, one segment each. */
  private static Directory fourSegments() throws IOException {
    Directory dir = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(FieldAnalyzers.index()))) {
      for (String[] article : new String[][] {
          {"zh_news", "人工智能新闻\n---\n北京的研究人员发布了新的语言模型。\n\n"
              + "The language model was released in Beijing.\n"},
          {"mixed", "The research team in Beijing trained a model with Zhipu AI.\n\n"
              + "研究人员说，智谱的语言模型训练用了三个月。Language models need data.\n"},
          {"other", "天气\n---\n今天北京下雨。\n\nNothing about models here.\n"},
          {"long", "北京的语言模型。The model in Beijing is a language model, model after model.\n\n"
              + "研究人员在北京研究语言模型：北京研究院的 language model 和 model zoo。\n\n"
              + "Nothing here.\n\n智谱AI 的 large language model，北京。\n"}}) {
        writer.addDocuments(IndexBuilder.documents(ArticleParser.parse(article[0], article[1])));
        writer.commit();
      }
    }
    return dir;
  }

  /** {@code in}, counting how often its weight is asked for a paragraph's matches. */
  private static final class Counted extends Query {
    private final Query in;
    private final AtomicInteger asked;

    Counted(Query in, AtomicInteger asked) {
      this.in = in;
      this.asked = asked;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
        throws IOException {
      return new FilterWeight(this, in.createWeight(searcher, scoreMode, boost)) {
        @Override
        public Matches matches(LeafReaderContext context, int doc) throws IOException {
          asked.incrementAndGet();
          return super.matches(context, doc);
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      in.visit(visitor.getSubVisitor(Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
      return "counted(" + in.toString(field) + ")";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Counted c && c.in.equals(in) && c.asked == asked;
    }

    @Override
    public int hashCode() {
      return Objects.hash(in, System.identityHashCode(asked));
    }
  }
}
