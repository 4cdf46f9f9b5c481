package dev.articlesearch.bench;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Plain Lucene on the same index with the same Lucene queries ({@link ArticleIndex#queryTiers}),
 * prepared beforehand: {@code IndexSearcher.search(query, 10)} per tier and nothing else (no query
 * parsing, no tie-break sort, no exact total, no stored fields, no highlighting, no JSON). The
 * library's time over this is its overhead.
 */
final class LuceneFloor implements AutoCloseable {
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Map<String, List<Query>> tiers = new HashMap<>();

  LuceneFloor(Path indexDir, ArticleIndex index, List<String> queries) throws IOException {
    reader = DirectoryReader.open(FSDirectory.open(indexDir));
    searcher = new IndexSearcher(reader);
    for (String q : queries) {
      tiers.put(q, index.queryTiers(SearchRequest.of(q)));
    }
  }

  /** The top 10 as the tiers give them; true when the query found anything. */
  boolean search(String query) throws IOException {
    int found = 0;
    for (Query tier : tiers.get(query)) {
      TopDocs top = searcher.search(tier, 10 - found);
      found += top.scoreDocs.length;
      if (found >= 10) {
        break;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
