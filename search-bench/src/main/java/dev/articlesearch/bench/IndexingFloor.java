package dev.articlesearch.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * The least a searchable paragraph index costs with Lucene: each paragraph as one stored smartcn
 * text field, nothing else (no CJK bigrams, no vocabulary, no title, no doc values, no merge), on
 * every core, written to disk and committed. Between the analysis ceiling and our rebuild, it
 * shows how much of the gap is Lucene's own indexing rather than what our index adds.
 */
final class IndexingFloor {
  /** One pass over the corpus into a scratch index. */
  record Result(int threads, long paragraphs, double seconds, double paragraphsPerSecond,
      double megabytesPerSecond, double indexMegabytes) {}

  private IndexingFloor() {}

  static Result measure(CorpusText corpus, int threads, Path scratch) throws Exception {
    List<String> paragraphs = corpus.paragraphs();
    AtomicInteger next = new AtomicInteger();
    IndexWriterConfig config = new IndexWriterConfig(new SmartChineseAnalyzer())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(128); // as our rebuild
    long start = System.nanoTime();
    try (FSDirectory dir = FSDirectory.open(scratch); IndexWriter writer = new IndexWriter(dir, config)) {
      Workers.run(threads, "The indexing floor", () -> {
        for (int from = next.getAndAdd(256); from < paragraphs.size(); from = next.getAndAdd(256)) {
          for (String p : paragraphs.subList(from, Math.min(from + 256, paragraphs.size()))) {
            Document d = new Document();
            d.add(new TextField("text", p, Field.Store.YES));
            writer.addDocument(d);
          }
        }
      });
      writer.commit();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double indexMb = RunCommand.directoryBytes(scratch) / 1e6;
    CorpusEdits.deleteTree(scratch);
    return new Result(threads, paragraphs.size(), seconds, paragraphs.size() / seconds,
        corpus.megabytes() / seconds, indexMb);
  }
}
