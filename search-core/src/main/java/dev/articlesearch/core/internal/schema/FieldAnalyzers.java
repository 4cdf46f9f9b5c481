package dev.articlesearch.core.internal.schema;

import dev.articlesearch.core.internal.analysis.Analyzers;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;

/**
 * Each field with its analyzer, as {@link Fields#ALL} names them: one for the index writer and
 * the highlighter, one for queries.
 */
public final class FieldAnalyzers {
  private static final Analyzer WORDS = Analyzers.create(Analyzers.TEXT);
  private static final Analyzer INDEX = perField(false);
  private static final Analyzer QUERY = perField(true);

  private FieldAnalyzers() {}

  /** For the index writer: CJK fields get unigrams and bigrams. */
  public static Analyzer index() {
    return INDEX;
  }

  /** For queries: CJK fields get bigrams only, so {@code 智谱} is the single term {@code 智谱}. */
  public static Analyzer query() {
    return QUERY;
  }

  /**
   * Each text field of {@link Fields#ALL} with its index (or search) analyzer; any other field
   * (none is analysed) with the word analyzer.
   */
  private static Analyzer perField(boolean search) {
    Map<String, Analyzer> byName = new HashMap<>();
    Map<String, Analyzer> byField = new HashMap<>();
    for (Fields.Spec f : Fields.ALL) {
      String name = search && f.searchAnalyzer() != null ? f.searchAnalyzer() : f.analyzer();
      if (name != null && !name.equals(Analyzers.TEXT)) {
        byField.put(f.name(), byName.computeIfAbsent(name, Analyzers::create));
      }
    }
    return new PerFieldAnalyzerWrapper(WORDS, byField);
  }
}
