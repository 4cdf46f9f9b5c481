package dev.articlesearch.core.internal.highlight;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene's passage score, computed as {@link PassageScorer#score} computes it (the same terms in
 * the same order, the same float and double steps, so the same best passage), without its
 * per-passage {@link org.apache.lucene.util.BytesRefHash}: that allocated a 32 KB block for each
 * passage scored, which was most of the scoring's cost. A passage holds the matches of a few
 * query terms, so a scan of the distinct ones seen so far finds a term's index.
 */
public final class LeanPassageScorer extends PassageScorer {
  @Override
  public float score(Passage passage, int contentLength) {
    int n = passage.getNumMatches();
    BytesRef[] terms = passage.getMatchTerms();
    int[] inDoc = passage.getMatchTermFreqsInDoc();
    int[] first = new int[n]; // the match where each distinct term first appears
    int[] inPassage = new int[n];
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      int t = 0;
      while (t < distinct && !terms[first[t]].bytesEquals(terms[i])) {
        t++;
      }
      if (t == distinct) {
        first[distinct++] = i;
      }
      inPassage[t]++;
    }
    double score = 0d;
    for (int t = 0; t < distinct; t++) {
      score += tf(inPassage[t], passage.getLength()) * weight(contentLength, inDoc[first[t]]);
    }
    score *= norm(passage.getStartOffset());
    return (float) score;
  }
}
