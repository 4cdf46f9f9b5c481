package dev.articlesearch.core.internal.highlight;

import dev.articlesearch.core.internal.schema.StoredParagraph;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * Matches found in paragraphs another engine returned, each in an index of its own ({@link
 * ParagraphIndex}): the same highlighter and the same analysis as the embedded index, so the same
 * spans, snippets and alias matches. For one call: a paragraph's index is made once and reused by
 * its highlight and its alias matches. Not thread-safe.
 */
public final class ParagraphMatcher {
  private static final int[] DOC = {0};

  private final Map<StoredParagraph, IndexSearcher> indexes = new IdentityHashMap<>();

  /** As {@link MatchHighlighter}: every match in the whole text, or every match and the best passage. */
  public MatchHighlighter.Matches[] matches(Query query, List<StoredParagraph> paragraphs,
      boolean whole) throws IOException {
    MatchHighlighter.Matches[] out = new MatchHighlighter.Matches[paragraphs.size()];
    for (int i = 0; i < out.length; i++) {
      StoredParagraph p = paragraphs.get(i);
      MatchHighlighter h = new MatchHighlighter(index(p));
      String[] text = {p.text()};
      out[i] = (whole ? h.allMatches(query, DOC, text) : h.matchesWithPassage(query, DOC, text))[0];
    }
    return out;
  }

  /** Whether the paragraph matches {@code query}. */
  public boolean matches(Query query, StoredParagraph paragraph) throws IOException {
    return index(paragraph).explain(query, 0).isMatch();
  }

  private IndexSearcher index(StoredParagraph p) {
    return indexes.computeIfAbsent(p, ParagraphIndex::of);
  }
}
