package dev.articlesearch.core.internal.highlight;

import java.text.BreakIterator;
import java.text.CharacterIterator;
import java.text.StringCharacterIterator;
import java.util.Arrays;
import java.util.Locale;

/**
 * The JDK's sentence boundaries, found by walking the text forward once and remembered, so that
 * asking again costs a binary search.
 *
 * <p>The highlighter asks {@code preceding} and {@code following} for every passage. The JDK's
 * iterator answers {@code preceding} by backing up to a safe point and walking forward again, a
 * {@code CharacterIterator} call per character each time: on the seeds the sentence breaks were
 * the largest part of highlighting. The walk here goes only as far as the furthest offset asked
 * about, so a paragraph without matches (one summary sentence) is not walked to its end.
 */
public final class SentenceBreaks extends BreakIterator {
  private BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
  private CharacterIterator text = new StringCharacterIterator("");
  /** The boundaries found so far, ascending; the first is the text's start. */
  private int[] found = new int[16];
  private int count;
  /** Whether the walk has reached the text's end, which is then {@code found[count - 1]}. */
  private boolean walked;
  /** The index in {@link #found} of the current boundary. */
  private int at;

  @Override
  public void setText(String newText) {
    setText(new StringCharacterIterator(newText));
  }

  @Override
  public void setText(CharacterIterator newText) {
    text = newText;
    sentences.setText(newText);
    found[0] = sentences.first();
    count = 1;
    walked = false;
    at = 0;
  }

  @Override
  public CharacterIterator getText() {
    return text;
  }

  /** A copy that walks on its own, as the JDK's iterators' clones do. */
  @Override
  public SentenceBreaks clone() {
    SentenceBreaks copy = (SentenceBreaks) super.clone();
    copy.sentences = (BreakIterator) sentences.clone();
    copy.text = copy.sentences.getText();
    copy.found = found.clone();
    return copy;
  }

  @Override
  public int current() {
    return found[at];
  }

  @Override
  public int first() {
    at = 0;
    return found[0];
  }

  @Override
  public int last() {
    walkPast(Integer.MAX_VALUE);
    at = count - 1;
    return found[at];
  }

  @Override
  public int next() {
    if (at + 1 == count && !walkOne()) {
      return DONE;
    }
    return found[++at];
  }

  @Override
  public int previous() {
    if (at == 0) {
      return DONE;
    }
    return found[--at];
  }

  @Override
  public int next(int n) {
    int result = current();
    for (int i = 0; i < Math.abs(n) && result != DONE; i++) {
      result = n > 0 ? next() : previous();
    }
    return result;
  }

  /** The first boundary after {@code offset}; at the end, DONE and the current boundary the last. */
  @Override
  public int following(int offset) {
    check(offset);
    walkPast(offset);
    int i = firstAbove(offset);
    if (i == count) {
      at = count - 1;
      return DONE;
    }
    at = i;
    return found[at];
  }

  /** The last boundary before {@code offset}; at the start, DONE and the current boundary the first. */
  @Override
  public int preceding(int offset) {
    check(offset);
    walkPast(offset - 1);
    int i = firstAbove(offset - 1) - 1; // the boundary below the first at or above offset
    if (i < 0) {
      at = 0;
      return DONE;
    }
    at = i;
    return found[at];
  }

  @Override
  public boolean isBoundary(int offset) {
    check(offset);
    walkPast(offset - 1);
    int i = Arrays.binarySearch(found, 0, count, offset);
    if (i >= 0) {
      at = i;
      return true;
    }
    following(offset);
    return false;
  }

  private void check(int offset) {
    if (offset < text.getBeginIndex() || offset > text.getEndIndex()) {
      throw new IllegalArgumentException("offset out of bounds: " + offset);
    }
  }

  /** The index of the first boundary found above {@code offset}, or {@link #count}. */
  private int firstAbove(int offset) {
    int i = Arrays.binarySearch(found, 0, count, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** Walks until a boundary above {@code offset} is found or the text ends. */
  private void walkPast(int offset) {
    while (found[count - 1] <= offset && walkOne()) {
      // each step records one more boundary
    }
  }

  /** Records the next boundary of the walk; false when the text has none left. */
  private boolean walkOne() {
    if (walked) {
      return false;
    }
    int next = sentences.next();
    if (next == DONE) {
      walked = true;
      return false;
    }
    if (count == found.length) {
      found = Arrays.copyOf(found, count * 2);
    }
    found[count++] = next;
    return true;
  }
}
