package dev.articlesearch.core.internal.highlight;

import dev.articlesearch.core.Markup;
import dev.articlesearch.core.Span;
import dev.articlesearch.core.internal.analysis.Cjk;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.FieldOffsetStrategy;
import org.apache.lucene.search.uhighlight.OffsetsEnum;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.search.uhighlight.UHComponents;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;

/**
 * Finds the matches of a query in stored paragraph text, from the offsets in the postings (no
 * re-analysis), using Lucene's UnifiedHighlighter. Matches from the CJK bigram field are folded
 * onto the text field, which holds the same text; a matched phrase comes back as one span.
 */
public final class MatchHighlighter {
  /** Longest snippet, in UTF-16 units, before the best passage is trimmed around its matches. */
  public static final int SNIPPET_LENGTH = 240;

  /** How far a snippet edge moves to fall between words; past that it cuts inside a long token. */
  private static final int MAX_EDGE_SHIFT = 40;

  /**
   * Passages kept per text: far more than a paragraph has, so no match is dropped with a passage.
   * Even the whole-text break iterator makes several: the UnifiedHighlighter also breaks at every
   * U+0000 (its separator between the values of a multi-valued field), so with one passage a
   * paragraph holding a NUL character lost the matches outside its best piece.
   */
  private static final int MAX_PASSAGES = 10_000;

  /** Every match in a paragraph, and the best passage for a snippet. */
  public record Matches(List<Span> spans, int bestStart, int bestEnd) {
    /** No match: a snippet of the text's start, without marks. */
    public static final Matches NONE = new Matches(List.of(), 0, 0);
  }

  private static final PassageScorer SCORER = new LeanPassageScorer();

  private final IndexSearcher searcher;

  public MatchHighlighter(IndexSearcher searcher) {
    this.searcher = searcher;
  }

  /**
   * For each doc (any order), its matches and best passage by sentence; {@code texts[i]} is the
   * stored text of {@code docs[i]}, which the caller has already read.
   */
  public Matches[] matchesWithPassage(Query query, int[] docs, String[] texts) throws IOException {
    return run(query, docs, texts, SentenceBreaks::new, MAX_PASSAGES);
  }

  /** For each doc, every match in the whole text (given as for {@link #matchesWithPassage}). */
  public Matches[] allMatches(Query query, int[] docs, String[] texts) throws IOException {
    return run(query, docs, texts, WholeBreakIterator::new, MAX_PASSAGES);
  }

  private Matches[] run(Query query, int[] docs, String[] texts, Supplier<BreakIterator> breaks,
      int maxPassages) throws IOException {
    if (docs.length == 0) {
      return new Matches[0];
    }
    PostingsReuse reuse = searcher.getIndexReader() instanceof DirectoryReader r
        ? PostingsReuse.of(r) : null;
    IndexSearcher view = searcher;
    if (reuse != null) {
      view = new IndexSearcher(reuse);
      view.setQueryCache(null); // a view for one call: caching against it would only cost
    }
    UnifiedHighlighter.Builder builder =
        UnifiedHighlighter.builder(view, FieldAnalyzers.index())
            .withBreakIterator(breaks)
            .withMaxLength(Integer.MAX_VALUE - 1)
            .withMaxNoHighlightPassages(1)
            .withMaskedFieldsFunc(f -> f.equals(Fields.TEXT) ? Set.of(Fields.TEXT_CJK) : Set.of())
            .withScorer(SCORER)
            .withFormatter(new SpanFormatter());
    Map<Integer, String> textOf = new HashMap<>();
    for (int i = 0; i < docs.length; i++) {
      textOf.put(docs[i], texts[i]);
    }
    Object[] formatted =
        new Highlighter(builder, textOf, reuse).highlight(query, docs, maxPassages);
    Matches[] out = new Matches[docs.length];
    for (int i = 0; i < docs.length; i++) {
      out[i] = formatted[i] instanceof Matches m ? m : Matches.NONE;
    }
    return out;
  }

  /** The snippet: the best passage, trimmed to {@value #SNIPPET_LENGTH} around its first match. */
  public static String snippet(String text, Matches m, Markup markup) {
    int start = m.bestStart();
    int end = m.bestEnd() > start ? m.bestEnd() : Math.min(text.length(), SNIPPET_LENGTH);
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    boolean cutBefore = false;
    boolean cutAfter = false;
    if (end - start > SNIPPET_LENGTH) {
      int first = m.spans().stream().mapToInt(Span::start).filter(s -> s >= m.bestStart())
          .findFirst().orElse(start);
      int from = Math.max(start, first - SNIPPET_LENGTH / 3);
      if (from > start) {
        from = boundaryAfter(text, from, first);
        cutBefore = true;
      }
      int to = Math.min(end, from + SNIPPET_LENGTH);
      if (to < end) {
        to = boundaryBefore(text, to, from);
        cutAfter = true;
      }
      start = from;
      end = to;
    }
    return (cutBefore ? "…" : "") + markup.apply(text, m.spans(), start, end) + (cutAfter ? "…" : "");
  }

  private static int boundaryAfter(String text, int at, int limit) {
    for (int i = at; i < Math.min(limit, at + MAX_EDGE_SHIFT); i++) {
      if (isBoundary(text, i)) {
        while (i < limit && Character.isWhitespace(text.charAt(i))) {
          i++; // the snippet starts at the word, not at the space before it
        }
        return i;
      }
    }
    return Character.isLowSurrogate(text.charAt(at)) ? at + 1 : at;
  }

  private static int boundaryBefore(String text, int at, int limit) {
    for (int i = at; i > Math.max(limit, at - MAX_EDGE_SHIFT); i--) {
      if (isBoundary(text, i)) {
        return i;
      }
    }
    // No word boundary (one long token): cut anywhere but inside a surrogate pair.
    return Character.isHighSurrogate(text.charAt(at - 1)) ? at - 1 : at;
  }

  /** A cut at {@code i} splits no word and no surrogate pair. */
  private static boolean isBoundary(String text, int i) {
    if (i <= 0 || i >= text.length()) {
      return true;
    }
    char before = text.charAt(i - 1);
    char after = text.charAt(i);
    if (Character.isHighSurrogate(before)) {
      return false;
    }
    return Character.isWhitespace(before) || Character.isWhitespace(after)
        || Cjk.isCjk(text.codePointBefore(i)) || Cjk.isCjk(text.codePointAt(i));
  }

  /**
   * The UnifiedHighlighter, given the texts instead of reading the stored fields a second time,
   * and finding each paragraph's matches with one {@link PageMatches} for the whole call.
   *
   * <p>Its own postings strategy rewrites the query and builds a new weight (looking up every
   * term again) for each paragraph and each highlighted field: for the text field and the CJK
   * field it masks, twice per paragraph. Here the weights are built once, and a paragraph's {@link
   * org.apache.lucene.search.Matches} are found once and read for both fields.
   */
  private static final class Highlighter extends UnifiedHighlighter {
    private final Map<Integer, String> texts;
    private PageMatches page;
    private LeafReader lastReader;
    private int lastDoc = -1;
    private org.apache.lucene.search.Matches lastMatches;
    /** The view the builder's searcher reads, or null when it reads the index itself. */
    private final PostingsReuse reuse;

    Highlighter(Builder builder, Map<Integer, String> texts, PostingsReuse reuse) {
      super(builder);
      this.texts = texts;
      this.reuse = reuse;
    }

    @Override
    protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docs,
        int cacheCharsThreshold) throws IOException {
      List<CharSequence[]> values = new ArrayList<>();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        values.add(new CharSequence[] {texts.get(doc)});
      }
      return values;
    }

    Object[] highlight(Query query, int[] docs, int maxPassages) throws IOException {
      IndexSearcher searcher = getIndexSearcher();
      page = PageMatches.of(searcher, searcher.rewrite(query), docs);
      return highlightFieldsAsObjects(new String[] {Fields.TEXT}, query, docs, new int[] {maxPassages})
          .get(Fields.TEXT);
    }

    @Override
    protected FieldOffsetStrategy getOffsetStrategy(OffsetSource source, UHComponents components) {
      return source == OffsetSource.POSTINGS
          && components.highlightFlags().contains(HighlightFlag.WEIGHT_MATCHES)
          ? new SharedWeightStrategy(components)
          : super.getOffsetStrategy(source, components);
    }

    /** The matches of {@code doc} in {@code reader}, a leaf of the searcher's reader. */
    private org.apache.lucene.search.Matches matches(LeafReader reader, int doc) throws IOException {
      if (reader != lastReader || doc != lastDoc) {
        if (reuse != null) {
          // The highlighter has read the last paragraph's offsets in full before it asks for the
          // next paragraph's: their postings may be handed out again.
          reuse.release();
        }
        lastMatches = page.matches(context(reader), doc);
        lastReader = reader;
        lastDoc = doc;
      }
      return lastMatches;
    }

    private LeafReaderContext context(LeafReader reader) {
      for (LeafReaderContext leaf : getIndexSearcher().getIndexReader().leaves()) {
        if (leaf.reader() == reader) {
          return leaf;
        }
      }
      throw new IllegalStateException("not a leaf of the searcher's reader: " + reader);
    }

    /** The postings strategy's offsets, from the shared matches. */
    private final class SharedWeightStrategy extends FieldOffsetStrategy {
      SharedWeightStrategy(UHComponents components) {
        super(components);
      }

      @Override
      public OffsetSource getOffsetSource() {
        return OffsetSource.POSTINGS;
      }

      @Override
      public OffsetsEnum getOffsetsEnum(LeafReader reader, int docId, String content)
          throws IOException {
        org.apache.lucene.search.Matches matches = matches(reader, docId);
        if (matches == null) {
          return OffsetsEnum.EMPTY;
        }
        List<OffsetsEnum> enums = new ArrayList<>();
        for (String field : matches) {
          if (components.fieldMatcher().test(field)) {
            MatchesIterator it = matches.getMatches(field);
            if (it != null) {
              enums.add(new OffsetsEnum.OfMatchesIteratorWithSubs(it));
            }
          }
        }
        return switch (enums.size()) {
          case 0 -> OffsetsEnum.EMPTY;
          case 1 -> enums.get(0);
          default -> new OffsetsEnum.MultiOffsetsEnum(enums);
        };
      }
    }
  }

  /** Turns passages into {@link Matches}: every match merged into spans, plus the best passage. */
  private static final class SpanFormatter extends PassageFormatter {
    @Override
    public Object format(Passage[] passages, String content) {
      List<int[]> raw = new ArrayList<>();
      Passage best = null;
      for (Passage p : passages) {
        for (int i = 0; i < p.getNumMatches(); i++) {
          raw.add(new int[] {p.getMatchStarts()[i], p.getMatchEnds()[i]});
        }
        if (best == null || p.getScore() > best.getScore()) {
          best = p;
        }
      }
      raw.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
      List<Span> spans = new ArrayList<>();
      int[] current = null;
      for (int[] r : raw) {
        if (current != null && r[0] <= current[1]) {
          current[1] = Math.max(current[1], r[1]);
        } else {
          if (current != null) {
            spans.add(new Span(current[0], current[1]));
          }
          current = Arrays.copyOf(r, 2);
        }
      }
      if (current != null) {
        spans.add(new Span(current[0], current[1]));
      }
      return best == null
          ? Matches.NONE
          : new Matches(spans, best.getStartOffset(), best.getEndOffset());
    }
  }
}
