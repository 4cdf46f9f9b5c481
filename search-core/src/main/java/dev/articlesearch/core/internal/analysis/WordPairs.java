package dev.articlesearch.core.internal.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Each word, then it and the word after it as one term, {@code "a b"}: the tokens of Lucene's
 * {@code ShingleFilter(in, 2, 2)} over a stream without position gaps (the vocabulary's words have
 * none; across a gap {@code ShingleFilter} would pair a word with a filler), in its order and with
 * its positions and offsets (the indexer refuses offsets that go backwards, even where it keeps
 * none). A pair carries the second word's other attributes (flags, keyword, payload) where {@code
 * ShingleFilter}'s carry the first's; the vocabulary's analysis sets none of them.
 * {@code ShingleFilter} captures and restores every token's state for shingles of any size; on the
 * 1m corpus it cost about 5 s of CPU per rebuild where this costs about 1 s (150,000 paragraphs
 * over cached words, eight rounds: 697–2,835 ms against 340–613 ms, the cached words alone
 * 230–308 ms; the same tokens for every one of them).
 */
final class WordPairs extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
  private final PositionLengthAttribute length = addAttribute(PositionLengthAttribute.class);
  private final TypeAttribute type = addAttribute(TypeAttribute.class);

  /** The last word given out, and its offsets. */
  private char[] last = new char[32];
  private int lastLength;
  private int lastStart;
  private boolean hasLast;

  /** The word read after it, given out as part of a pair and still to come alone. */
  private char[] next = new char[32];
  private int nextLength;
  private int nextStart;
  private int nextEnd;
  private int nextIncrement;
  private String nextType;
  private boolean nextPending;

  WordPairs(TokenStream in) {
    super(in);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (nextPending) {
      nextPending = false;
      term.copyBuffer(next, 0, nextLength);
      offset.setOffset(nextStart, nextEnd);
      increment.setPositionIncrement(nextIncrement);
      length.setPositionLength(1);
      type.setType(nextType);
      char[] swap = last;
      last = next;
      next = swap;
      lastLength = nextLength;
      lastStart = nextStart;
      return true;
    }
    if (!input.incrementToken()) {
      return false;
    }
    if (!hasLast) {
      last = copy(last);
      lastLength = term.length();
      lastStart = offset.startOffset();
      hasLast = true;
      return true;
    }
    next = copy(next);
    nextLength = term.length();
    nextStart = offset.startOffset();
    nextEnd = offset.endOffset();
    nextIncrement = increment.getPositionIncrement();
    nextType = type.type();
    nextPending = true;
    int n = lastLength + 1 + nextLength;
    char[] b = term.resizeBuffer(n);
    System.arraycopy(last, 0, b, 0, lastLength);
    b[lastLength] = ' ';
    System.arraycopy(next, 0, b, lastLength + 1, nextLength);
    term.setLength(n);
    offset.setOffset(lastStart, nextEnd);
    increment.setPositionIncrement(0);
    length.setPositionLength(2);
    type.setType("shingle");
    return true;
  }

  /** The word just read, copied into {@code into} or a larger array. */
  private char[] copy(char[] into) {
    char[] to = into.length >= term.length() ? into : new char[term.length() * 2];
    System.arraycopy(term.buffer(), 0, to, 0, term.length());
    return to;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    hasLast = false;
    nextPending = false;
  }
}
