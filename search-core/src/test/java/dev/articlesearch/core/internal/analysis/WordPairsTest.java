package dev.articlesearch.core.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CachingTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.junit.jupiter.api.Test;

/** The vocabulary's words and pairs of neighbouring words, as Lucene's ShingleFilter made them. */
class WordPairsTest {
  /** Term, position increment and offsets of every token of {@code stream}. */
  private static List<String> tokens(TokenStream stream) throws IOException {
    CharTermAttribute term = stream.getAttribute(CharTermAttribute.class);
    OffsetAttribute offset = stream.getAttribute(OffsetAttribute.class);
    PositionIncrementAttribute increment = stream.getAttribute(PositionIncrementAttribute.class);
    PositionLengthAttribute length = stream.getAttribute(PositionLengthAttribute.class);
    TypeAttribute type = stream.getAttribute(TypeAttribute.class);
    List<String> out = new ArrayList<>();
    stream.reset();
    while (stream.incrementToken()) {
      String t = term + "+" + increment.getPositionIncrement() + "[" + offset.startOffset() + ","
          + offset.endOffset() + ")";
      // a pair spans two positions and says so; the words keep their own type
      out.add(length.getPositionLength() == 1 && !type.type().equals("shingle") ? t
          : t + "/" + length.getPositionLength() + "/" + type.type());
    }
    stream.end();
    return out;
  }

  private static List<String> sortedTerms(TokenStream stream) throws IOException {
    List<String> terms = new ArrayList<>();
    for (String t : tokens(stream)) {
      terms.add(t.substring(0, t.lastIndexOf('+', t.indexOf('['))));
    }
    terms.sort(null);
    return terms;
  }

  @Test
  void eachWordComesThenItsPairWithTheWordAfter() throws IOException {
    assertEquals(List.of("清华大学+1[0,4)", "清华大学 的+0[0,5)/2/shingle", "的+1[4,5)",
        "的 人工智能+0[4,9)/2/shingle", "人工智能+1[5,9)", "人工智能 研究院+0[5,12)/2/shingle",
        "研究院+1[9,12)"),
        tokens(new WordPairs(Analyzers.segmented("清华大学的人工智能研究院"))));
  }

  @Test
  void theVocabularyWritesTwoChineseWordsTogetherAndLatinWithASpace() throws IOException {
    assertEquals(List.of("chatglm", "了", "发布", "发布了", "智", "智谱", "谱", "谱 ai", "ai", "ai 发布",
        "了 chatglm").stream().sorted().toList(),
        sortedTerms(Analyzers.vocabulary(Analyzers.segmented("智谱AI发布了ChatGLM"))));
  }

  @Test
  void oneWordIsOnlyItselfAndNoWordsIsNothing() throws IOException {
    assertEquals(List.of("模型+1[0,2)"), tokens(new WordPairs(Analyzers.segmented("模型"))));
    assertEquals(List.of(), tokens(new WordPairs(Analyzers.segmented("，。！"))));
  }

  @Test
  void wordsLongerThanTheBuffersArePairedWhole() throws IOException {
    String long1 = "a".repeat(100);
    String long2 = "b".repeat(70);
    assertEquals(List.of(long1 + "+1[0,100)", long1 + " " + long2 + "+0[0,171)/2/shingle",
        long2 + "+1[101,171)", long2 + " c+0[101,173)/2/shingle", "c+1[172,173)"),
        tokens(new WordPairs(Analyzers.segmented(long1 + " " + long2 + " c"))));
  }

  @Test
  void aReusedAnalyzerStartsAfreshEvenWhenTheLastTextWasLeftRightAfterAPair() throws IOException {
    try (Analyzer vocabulary = Analyzers.create(Analyzers.VOCABULARY)) {
      TokenStream first = vocabulary.tokenStream("words", "清华大学研究");
      first.reset();
      assertTrue(first.incrementToken()); // 清华大学
      assertTrue(first.incrementToken()); // the pair: its second word is still to come alone
      first.close();
      assertEquals(sortedTerms(Analyzers.vocabulary(Analyzers.segmented("模型训练"))),
          sortedTerms(vocabulary.tokenStream("words", "模型训练")));
    }
  }

  @Test
  void everyParagraphAndTitleOfTheSeedsAndTheChineseCorpusHasShingleFiltersTokens()
      throws IOException {
    int texts = 0;
    for (Path corpus : List.of(Path.of("..", "seeds"), Path.of("src", "test", "resources",
        "chinese-corpus"))) {
      for (Path file : Corpus.files(corpus)) {
        CorpusReader.FileResult r = CorpusReader.read(file);
        if (r.article() == null) {
          continue;
        }
        List<String> all = new ArrayList<>();
        all.add(r.article().title());
        r.article().paragraphs().forEach(p -> all.add(p.text()));
        for (String text : all) {
          CachingTokenFilter words = new CachingTokenFilter(Analyzers.segmented(text));
          assertEquals(tokens(new ShingleFilter(words, 2, 2)), tokens(new WordPairs(words)), text);
          texts++;
        }
      }
    }
    assertTrue(texts > 60, texts + " texts");
  }
}
