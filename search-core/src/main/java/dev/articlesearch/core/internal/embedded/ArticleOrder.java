package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.FieldComparatorSource;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.util.BytesRef;

/**
 * The tie-break of equal scores: article id, then paragraph number, both ascending, as Lucene's
 * string sort on {@link Fields#ARTICLE_ID} followed by its int sort on {@link Fields#PARAGRAPH}
 * order them (an article id missing sorts first, a paragraph number missing as 0).
 *
 * <p>One comparator instead of Lucene's two, because of what Lucene's string comparator does for
 * every hit that enters the top n: it looks up the article id's bytes (a block of the terms
 * dictionary decompressed) so that hits of different segments can be compared later. Within a
 * segment ordinals compare as the ids do, so this one keeps a hit's ordinal and segment and reads
 * the bytes only where hits of different segments meet (two slots compared, or a bottom hit of an
 * earlier segment looked up in the current one) and for the hits returned. On the 1m
 * benchmark queries the two comparators cost a ranked tier 16 µs of its 107 (one thread, tier 1 of
 * the queries around the median).
 */
final class ArticleOrder extends FieldComparatorSource {
  /** A hit's place in the order, as {@code FieldDoc.fields} holds it. */
  record Key(BytesRef articleId, int paragraph) {
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::articleId, IDS).thenComparingInt(Key::paragraph);
  }

  /** Article ids as Lucene's string sort orders them: by bytes, a missing one first. */
  private static final Comparator<BytesRef> IDS =
      Comparator.nullsFirst(Comparator.<BytesRef>naturalOrder());

  @Override
  public FieldComparator<Key> newComparator(String field, int numHits, Pruning pruning,
      boolean reversed) {
    if (reversed) {
      throw new IllegalArgumentException("The article order is ascending only");
    }
    return new Slots(numHits);
  }

  /** The hits of the top n, slot by slot. */
  private static final class Slots extends FieldComparator<Key> {
    private final int[] ords;
    private final int[] paragraphs;
    /** Which segment's ordinals {@link #ords} holds, and that segment's ids to read them in. */
    private final int[] segments;
    private final SortedDocValues[] ids;
    /** The article id's bytes, once read; null until then (and for an id that is missing). */
    private final BytesRef[] bytes;
    private int segment = -1;
    /** The slot of the worst hit of a full top n; -1 until the top n is full. */
    private int bottomSlot = -1;

    Slots(int numHits) {
      ords = new int[numHits];
      paragraphs = new int[numHits];
      segments = new int[numHits];
      ids = new SortedDocValues[numHits];
      bytes = new BytesRef[numHits];
    }

    private BytesRef bytes(int slot) throws IOException {
      if (bytes[slot] == null && ords[slot] >= 0) {
        bytes[slot] = BytesRef.deepCopyOf(ids[slot].lookupOrd(ords[slot]));
      }
      return bytes[slot];
    }

    @Override
    public int compare(int slot1, int slot2) {
      int c;
      if (segments[slot1] == segments[slot2]) {
        c = Integer.compare(ords[slot1], ords[slot2]);
      } else {
        try {
          c = IDS.compare(bytes(slot1), bytes(slot2));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return c != 0 ? c : Integer.compare(paragraphs[slot1], paragraphs[slot2]);
    }

    @Override
    public void setTopValue(Key value) {
      throw new UnsupportedOperationException("The article order does not search after a hit");
    }

    @Override
    public Key value(int slot) {
      try {
        return new Key(bytes(slot), paragraphs[slot]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int compareValues(Key first, Key second) {
      return Key.ORDER.compare(first, second);
    }

    @Override
    public LeafFieldComparator getLeafComparator(LeafReaderContext context) throws IOException {
      segment++;
      Leaf leaf = new Leaf(DocValues.getSorted(context.reader(), Fields.ARTICLE_ID),
          DocValues.getSortedNumeric(context.reader(), Fields.PARAGRAPH));
      if (bottomSlot >= 0) {
        leaf.setBottom(bottomSlot); // the collector sets it again only when the top n changes
      }
      return leaf;
    }

    /** One segment's hits against the slots. */
    private final class Leaf implements LeafFieldComparator {
      private final SortedDocValues articleIds;
      /** The paragraph numbers, one per paragraph as the index writes them; else the list's. */
      private final NumericDocValues paragraphNumbers;
      private final SortedNumericDocValues paragraphLists;
      /**
       * The bottom's ordinal in this segment; where its id is not in this segment, the ordinal
       * of the largest id below it (Lucene's {@code lookupTerm} insertion point), and
       * {@link #bottomHere} false.
       */
      private int bottomOrd;
      private boolean bottomHere;
      private int bottomParagraph;

      Leaf(SortedDocValues articleIds, SortedNumericDocValues paragraphs) {
        this.articleIds = articleIds;
        this.paragraphNumbers = DocValues.unwrapSingleton(paragraphs);
        this.paragraphLists = paragraphs;
      }

      private int ord(int doc) throws IOException {
        return articleIds.advanceExact(doc) ? articleIds.ordValue() : -1;
      }

      /** As Lucene's int sort of the field reads it: the smallest value, 0 where there is none. */
      private int paragraph(int doc) throws IOException {
        if (paragraphNumbers != null) {
          return paragraphNumbers.advanceExact(doc) ? (int) paragraphNumbers.longValue() : 0;
        }
        return paragraphLists.advanceExact(doc) ? (int) paragraphLists.nextValue() : 0;
      }

      @Override
      public void setBottom(int slot) throws IOException {
        bottomSlot = slot;
        bottomParagraph = paragraphs[slot];
        if (segments[slot] == segment || ords[slot] < 0) {
          bottomOrd = ords[slot];
          bottomHere = true;
          return;
        }
        int found = articleIds.lookupTerm(bytes(slot));
        bottomHere = found >= 0;
        bottomOrd = bottomHere ? found : -found - 2;
        if (bottomHere) { // the slot now reads in this segment's ordinals
          ords[slot] = found;
          segments[slot] = segment;
          ids[slot] = articleIds;
        }
      }

      @Override
      public int compareBottom(int doc) throws IOException {
        int ord = ord(doc);
        if (!bottomHere) {
          // The bottom's id is not in this segment: it lies just above bottomOrd's.
          return bottomOrd >= ord ? 1 : -1;
        }
        int c = Integer.compare(bottomOrd, ord);
        return c != 0 ? c : Integer.compare(bottomParagraph, paragraph(doc));
      }

      @Override
      public int compareTop(int doc) {
        throw new UnsupportedOperationException("The article order does not search after a hit");
      }

      @Override
      public void copy(int slot, int doc) throws IOException {
        ords[slot] = ord(doc);
        paragraphs[slot] = paragraph(doc);
        segments[slot] = segment;
        ids[slot] = articleIds;
        bytes[slot] = null;
      }

      @Override
      public void setScorer(Scorable scorer) {}
    }
  }
}
