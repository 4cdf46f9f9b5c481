package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.core.internal.highlight.LeanPassageScorer;
import java.util.List;
import java.util.Random;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** The highlighter's passage scores, bit for bit Lucene's, so it picks the same best passage. */
class LeanPassageScorerTest {
  private static final List<String> TERMS =
      List.of("智谱", "模型", "大", "zhipu", "ai", "larg", "model", "清华 大学", "");

  @Test
  void scoresEveryPassageExactlyAsLucenesScorerDoes() {
    PassageScorer lucene = new PassageScorer();
    PassageScorer lean = new LeanPassageScorer();
    Random random = new Random(17);
    for (int round = 0; round < 20_000; round++) {
      Passage p = new Passage();
      int start = random.nextInt(5_000);
      int length = 1 + random.nextInt(2_000);
      p.setStartOffset(start);
      p.setEndOffset(start + length);
      int matches = random.nextInt(round % 100 == 0 ? 500 : 12);
      int distinct = 1 + random.nextInt(TERMS.size());
      for (int m = 0; m < matches; m++) {
        // a fresh BytesRef each time, at an offset into a larger array: equal by bytes, not identity
        byte[] term = TERMS.get(random.nextInt(distinct)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] padded = new byte[term.length + 3];
        System.arraycopy(term, 0, padded, 2, term.length);
        int at = start + random.nextInt(length);
        p.addMatch(at, Math.min(start + length, at + 2), new BytesRef(padded, 2, term.length),
            1 + random.nextInt(50));
      }
      int contentLength = start + length + random.nextInt(3_000);
      assertEquals(Float.floatToIntBits(lucene.score(p, contentLength)),
          Float.floatToIntBits(lean.score(p, contentLength)), "round " + round);
    }
  }
}
