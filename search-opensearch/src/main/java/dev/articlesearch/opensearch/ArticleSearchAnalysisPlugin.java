package dev.articlesearch.opensearch;

import dev.articlesearch.core.internal.schema.IndexSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.index.analysis.AnalyzerScope;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * An OpenSearch analysis plugin that registers search-core's analyzers under their own names
 * ({@link IndexSchema#analyzerNames()}: {@code articlesearch_text}, {@code articlesearch_cjk},
 * {@code articlesearch_cjk_query}, {@code articlesearch_vocabulary}). They are search-core's own
 * classes, loaded from its jar inside the plugin, so an OpenSearch index whose mapping names them
 * ({@link IndexSchema#openSearchMapping()}) holds the very terms, positions and offsets the
 * embedded index holds. They take no settings: every index that names one gets its own instance,
 * closed with the index.
 */
public final class ArticleSearchAnalysisPlugin extends Plugin implements AnalysisPlugin {
  @Override
  public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
    Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers =
        new LinkedHashMap<>();
    for (String name : IndexSchema.analyzerNames()) {
      analyzers.put(name, (indexSettings, environment, analyzerName, settings) ->
          new Provider(analyzerName, IndexSchema.newAnalyzer(name)));
    }
    return analyzers;
  }

  /** One index's instance of one analyzer. */
  private record Provider(String name, Analyzer analyzer) implements AnalyzerProvider<Analyzer> {
    @Override
    public AnalyzerScope scope() {
      return AnalyzerScope.INDEX;
    }

    @Override
    public Analyzer get() {
      return analyzer;
    }
  }
}
