package dev.articlesearch.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.index.analysis.AnalyzerScope;

/** What the plugin hands OpenSearch, without a node (AnalysisEquivalenceIT runs it in one). */
class ArticleSearchAnalysisPluginTest {
  @Test
  void registersEveryAnalyzerOfTheIndexUnderItsName() throws IOException {
    try (ArticleSearchAnalysisPlugin plugin = new ArticleSearchAnalysisPlugin()) {
      var analyzers = plugin.getAnalyzers();
      assertEquals(IndexSchema.analyzerNames(), List.copyOf(analyzers.keySet()));
      for (String name : IndexSchema.analyzerNames()) {
        AnalyzerProvider<? extends Analyzer> a =
            analyzers.get(name).get(null, null, name, Settings.EMPTY);
        AnalyzerProvider<? extends Analyzer> b =
            analyzers.get(name).get(null, null, name, Settings.EMPTY);
        assertEquals(name, a.name());
        assertEquals(AnalyzerScope.INDEX, a.scope());
        assertEquals(a.get().getClass(), IndexSchema.newAnalyzer(name).getClass());
        assertNotSame(a.get(), b.get()); // one per index: an index closes its own
      }
    }
  }
}
