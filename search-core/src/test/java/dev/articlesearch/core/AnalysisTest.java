package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.analysis.Cjk;
import dev.articlesearch.core.internal.schema.Fields;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis at token level: terms, offsets and positions of both text fields. */
class AnalysisTest {
  private static List<String> words(String text) {
    return tokens(text, Fields.TEXT).stream()
        .map(t -> t.term() + "@" + t.position() + "[" + t.start() + "," + t.end() + ")")
        .toList();
  }

  private static List<AnalyzedToken> tokens(String text, String field) {
    return ArticleIndex.analyze(text).stream().filter(t -> t.field().equals(field)).toList();
  }

  private static List<String> terms(String text, String field) {
    return tokens(text, field).stream().map(AnalyzedToken::term).toList();
  }

  @Test
  void chineseIsSegmentedIntoWords() {
    assertEquals(
        List.of("清华大学@0[0,4)", "的@1[4,5)", "人工智能@2[5,9)", "研究院@3[9,12)"),
        words("清华大学的人工智能研究院"));
  }

  @Test
  void cjkFieldHoldsUnigramsAndBigramsOfChineseOnly() {
    assertEquals(
        List.of("清", "清华", "华", "华大", "大", "大学", "学"), terms("清华大学 Tsinghua", Fields.TEXT_CJK));
    AnalyzedToken bigram = tokens("清华大学", Fields.TEXT_CJK).get(5);
    assertEquals(new AnalyzedToken(Fields.TEXT_CJK, "大学", 2, 4, 2), bigram);
  }

  @Test
  void identifiersBecomeConsecutivePositionsWithoutPunctuation() {
    assertEquals(
        List.of("chatglm@0[0,7)", "3@1[7,8)", "6@2[9,10)", "b@3[10,11)"), words("ChatGLM3-6B"));
    assertEquals(words("ChatGLM3 6B").stream().map(w -> w.substring(0, w.indexOf('['))).toList(),
        List.of("chatglm@0", "3@1", "6@2", "b@3"));
    assertEquals(List.of("gpt", "3", "5", "s"), terms("GPT-3.5's", Fields.TEXT));
  }

  @Test
  void mixedTextKeepsOffsetsIntoTheOriginal() {
    assertEquals(
        List.of("智@0[0,1)", "谱@1[1,2)", "ai@2[2,4)", "发布@3[4,6)", "了@4[6,7)", "chatglm@5[7,14)"),
        words("智谱AI发布了ChatGLM"));
  }

  @Test
  void unknownWordSplitsIntoCharactersInWordsButStaysABigram() {
    assertEquals(List.of("智", "谱"), terms("智谱", Fields.TEXT));
    assertEquals(List.of("智", "智谱", "谱"), terms("智谱", Fields.TEXT_CJK));
  }

  @Test
  void traditionalCharactersFoldToSimplifiedWithOffsetsIntoTheOriginal() {
    assertEquals(List.of("清华大学@0[0,4)", "的@1[4,5)", "研究@2[5,7)", "团队@3[7,9)"),
        words("清華大學的研究團隊"));
    assertEquals(List.of("智", "智谱", "谱"), terms("智譜", Fields.TEXT_CJK));
    assertEquals(words("清华大学的研究团队"), words("清華大學的研究團隊"));
  }

  @Test
  void fullWidthFormsFoldToHalfWidth() {
    assertEquals(List.of("glm@0[0,3)", "模型@1[3,5)", "abc@2[5,8)", "123@3[8,11)"),
        words("ＧＬＭ模型ＡＢＣ１２３"));
  }

  @Test
  void emojiAndSupplementaryIdeographsStayWhole() {
    List<AnalyzedToken> t = tokens("热烈🎉𠮷野家", Fields.TEXT);
    assertEquals("🎉", t.get(1).term());
    assertEquals(2, t.get(1).start());
    assertEquals(4, t.get(1).end());
    for (AnalyzedToken token : ArticleIndex.analyze("a🎉b😀𠮷 🇨🇳")) {
      String term = token.term();
      for (int i = 0; i < term.length(); i++) {
        char c = term.charAt(i);
        assertTrue(!Character.isSurrogate(c)
            || (Character.isHighSurrogate(c) && i + 1 < term.length()
                && Character.isLowSurrogate(term.charAt(++i))), "broken surrogate in " + token);
      }
    }
  }

  @Test
  void englishIsLowerCasedAndStemmedAndKeepsStopWords() {
    assertEquals(List.of("the", "model", "ha", "depart"), terms("The models has Department", Fields.TEXT));
    assertEquals(List.of(), terms("The models", Fields.TEXT_CJK));
  }

  @Test
  void longDocumentKeepsPositionsAndOffsetsInOrder() {
    String sentence = "智谱AI在2024年发布了GLM-4模型，性能提升明显。";
    String text = sentence.repeat(2000);
    List<AnalyzedToken> t = tokens(text, Fields.TEXT);
    // smartcn reads 1024 chars at a time; a cut inside a word would change the count.
    assertEquals(tokens(sentence, Fields.TEXT).size() * 2000, t.size());
    for (int i = 1; i < t.size(); i++) {
      assertEquals(t.get(i - 1).position() + 1, t.get(i).position());
      assertTrue(t.get(i).start() >= t.get(i - 1).end());
      String original = text.substring(t.get(i).start(), t.get(i).end());
      if (Cjk.isCjk(original.codePointAt(0))) {
        assertEquals(original, t.get(i).term());
      }
    }
    AnalyzedToken last = t.get(t.size() - 1);
    assertEquals(text.length() - 1, last.end()); // before the final 。
  }
}
