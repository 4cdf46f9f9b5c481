package dev.articlesearch.core.internal.embedded;

import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.search.TimeBudget;
import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.spell.HighFrequencyDictionary;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.fst.WFSTCompletionLookup;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The completion automaton of one index version: the vocabulary's terms weighted by how many
 * paragraphs hold them, built once per version and shared by every call on it.
 */
public final class Completions {
  private record Built(IndexReader reader, Lookup lookup) {}

  private volatile Built built;

  /** The automaton of {@code reader}'s version, built now if it is not yet. */
  public Lookup of(IndexReader reader, TimeBudget budget) throws IOException {
    Built b = built;
    if (b != null && b.reader() == reader) {
      return b.lookup();
    }
    synchronized (this) {
      b = built;
      if (b == null || b.reader() != reader) {
        WFSTCompletionLookup lookup = new WFSTCompletionLookup(new ByteBuffersDirectory(), "suggest");
        // Shared by every later call: a budget running out must not leave it unbuilt.
        budget.unbounded(() -> {
          lookup.build(new HighFrequencyDictionary(reader, Fields.WORDS, 0f).getEntryIterator());
          return null;
        });
        b = new Built(reader, lookup);
        built = b;
      }
      return b.lookup();
    }
  }
}
