package dev.articlesearch.core.internal.highlight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.corpus.ArticleParser;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.query.LuceneSyntaxParser;
import dev.articlesearch.core.internal.query.SimpleQueryParser;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SynonymQuery;
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
      assertEquals(matching, sameAsWhole(searcher, rewritten, whole, everyDocLastFirst(reader)));
      // a sparse page: none of the second segment's paragraphs, one of each other's
      sameAsWhole(searcher, rewritten, whole, new int[] {9, 4, 1});
    }
  }

  /** Checks each doc of {@code page} against {@code whole}; how many have matches. */
  private static int sameAsWhole(IndexSearcher searcher, Query rewritten, Weight whole, int[] page)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    PageMatches matches = PageMatches.of(searcher, rewritten, page);
    int found = 0;
    for (int doc : page) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
      List<String> expected = positions(whole.matches(leaf, doc - leaf.docBase));
      assertEquals(expected, positions(matches.matches(leaf, doc - leaf.docBase)), "doc " + doc);
      found += expected == null ? 0 : 1;
    }
    return found;
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
        Arguments.of("multi-phrase, synonyms and the best of two", new BooleanQuery.Builder()
            .add(new MultiPhraseQuery.Builder().add(new Term(Fields.TEXT, "languag"))
                .add(new Term[] {new Term(Fields.TEXT, "model"), new Term(Fields.TEXT, "data")})
                .build(), Occur.SHOULD)
            .add(new SynonymQuery.Builder(Fields.TEXT).addTerm(new Term(Fields.TEXT, "北京"))
                .addTerm(new Term(Fields.TEXT, "beij")).build(), Occur.SHOULD)
            .add(new DisjunctionMaxQuery(List.of(model,
                new TermQuery(new Term(Fields.TEXT, "研究人员"))), 0.1f), Occur.SHOULD)
            .build(), 9), // every paragraph but "Nothing here."
        Arguments.of("nothing matches", new TermQuery(new Term(Fields.TEXT, "zoology")), 0));
  }

  /**
   * A clause is asked in each paragraph until one does not have it; then it is asked only in the
   * paragraphs that do. Counted as the postings read with offsets (what a paragraph's matches
   * need), the page read from its last paragraph, {@code 智谱AI 的 large language model，北京。},
   * then {@code Nothing here.}: {@code model} in those two and then only in its other six
   * paragraphs (with {@code model} or {@code models}), {@code 北京} in those two and its other four,
   * the phrase {@code zhipu ai} only in its one. Lucene's boolean weight reads them in every
   * paragraph of every segment that has the term: 10, 8, and 2 each for {@code zhipu} and {@code ai}.
   */
  @Test
  void aClauseIsAskedForItsMatchesOnlyInTheParagraphsItMatches() throws IOException {
    try (Directory dir = fourSegments();
        CountingReader reader = new CountingReader(DirectoryReader.open(dir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null);
      Query query = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(Fields.TEXT, "model")), Occur.SHOULD)
          .add(new PhraseQuery(Fields.TEXT, "zhipu", "ai"), Occur.SHOULD)
          .add(new TermQuery(new Term(Fields.TEXT, "北京")), Occur.SHOULD)
          .build();
      int[] page = everyDocLastFirst(reader);
      PageMatches matches = PageMatches.of(searcher, searcher.rewrite(query), page);
      int withMatches = 0;
      for (int doc : page) {
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
        withMatches += matches.matches(leaf, doc - leaf.docBase) == null ? 0 : 1;
      }
      assertEquals(Map.of("model", 8, "zhipu", 1, "ai", 1, "北京", 6), reader.withOffsets);
      assertEquals(9, withMatches);
    }
  }

  /** A page that names a paragraph twice (a phrase is checked once per paragraph) loses nothing. */
  @Test
  void aParagraphTwiceOnThePageHasItsMatches() throws IOException {
    try (Directory dir = fourSegments(); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      Query query = searcher.rewrite(new PhraseQuery(Fields.TEXT, "languag", "model"));
      Weight whole = searcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f);
      int[] page = {9, 1, 9, 1, 7, 7};
      PageMatches matches = PageMatches.of(searcher, query, page);
      int found = 0;
      for (int doc : page) {
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
        List<String> expected = positions(whole.matches(leaf, doc - leaf.docBase));
        assertEquals(expected, positions(matches.matches(leaf, doc - leaf.docBase)), "doc " + doc);
        found += expected == null ? 0 : 1;
      }
      assertEquals(6, found); // each of the three has "language model": zh_news 2, long 2 and 4
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
        StringBuilder match = new StringBuilder(field + ":" + span(it));
        MatchesIterator sub = it.getSubMatches();
        while (sub != null && sub.next()) {
          match.append(" ").append(span(sub)); // the terms of a phrase, which the highlighter reads
        }
        out.add(match.toString());
      }
    }
    return out;
  }

  private static String span(MatchesIterator it) throws IOException {
    return it.startPosition() + "-" + it.endPosition() + "[" + it.startOffset() + "-"
        + it.endOffset() + "]";
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

  /** A reader that counts, per term, the postings read with offsets. */
  private static final class CountingReader extends FilterDirectoryReader {
    final Map<String, Integer> withOffsets;

    CountingReader(DirectoryReader in) throws IOException {
      this(in, new HashMap<>());
    }

    private CountingReader(DirectoryReader in, Map<String, Integer> withOffsets) throws IOException {
      super(in, new SubReaderWrapper() {
        @Override
        public LeafReader wrap(LeafReader reader) {
          return new FilterLeafReader(reader) {
            @Override
            public Terms terms(String field) throws IOException {
              Terms terms = in.terms(field);
              return terms == null ? null : new FilterTerms(terms) {
                @Override
                public TermsEnum iterator() throws IOException {
                  return new FilterTermsEnum(in.iterator()) {
                    @Override
                    public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
                      if (PostingsEnum.featureRequested(flags, PostingsEnum.OFFSETS)) {
                        withOffsets.merge(term().utf8ToString(), 1, Integer::sum);
                      }
                      return in.postings(reuse, flags);
                    }
                  };
                }
              };
            }

            @Override
            public CacheHelper getCoreCacheHelper() {
              return null;
            }

            @Override
            public CacheHelper getReaderCacheHelper() {
              return null;
            }
          };
        }
      });
      this.withOffsets = withOffsets;
    }

    @Override
    protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
      return new CountingReader(in, withOffsets);
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return null;
    }
  }
}
