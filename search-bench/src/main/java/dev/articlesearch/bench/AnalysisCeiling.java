package dev.articlesearch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;

/**
 * The most an indexer built on smartcn can do: smartcn's tokenisation of every paragraph, on
 * every core, with nothing written. Indexing speed is reported as a fraction of this.
 */
final class AnalysisCeiling {
  /** What one pass over the corpus measured. */
  record Result(int threads, long paragraphs, long tokens, double seconds, double paragraphsPerSecond,
      double megabytesPerSecond) {}

  private AnalysisCeiling() {}

  static Result measure(CorpusText corpus, int threads) throws InterruptedException {
    Analyzer analyzer = new SmartChineseAnalyzer();
    List<String> paragraphs = corpus.paragraphs();
    AtomicInteger next = new AtomicInteger();
    long[] tokens = new long[threads];
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int me = t;
      workers.add(Thread.ofPlatform().start(() -> {
        // Chunks of 256 paragraphs keep the threads busy to the end without contending.
        for (int from = next.getAndAdd(256); from < paragraphs.size(); from = next.getAndAdd(256)) {
          for (String p : paragraphs.subList(from, Math.min(from + 256, paragraphs.size()))) {
            tokens[me] += count(analyzer, p);
          }
        }
      }));
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long all = 0;
    for (long n : tokens) {
      all += n;
    }
    return new Result(threads, paragraphs.size(), all, seconds, paragraphs.size() / seconds,
        corpus.megabytes() / seconds);
  }

  private static long count(Analyzer analyzer, String text) {
    long n = 0;
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      ts.reset();
      while (ts.incrementToken()) {
        n++;
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }
}
