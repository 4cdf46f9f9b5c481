package dev.articlesearch.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.articlesearch.core.internal.corpus.Corpus;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a rebuild's time goes, field by field: the rebuild's documents indexed with its own writer
 * settings on every core, merged to one segment and committed, then again without one group of
 * fields at a time. What leaving a group out saves is what that group costs. Each variant runs once
 * per round, in a different order each round, and the medians are reported: on this machine two
 * runs of the same rebuild differ by up to 20%.
 */
@Command(name = "indexing-breakdown", mixinStandardHelpOptions = true,
    description = "Measures what each group of the index's fields costs a rebuild.")
final class IndexingBreakdownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, description = "The corpus folder.")
  Path corpus;

  @Option(names = "--work", required = true, description = "A scratch folder for the indexes.")
  Path work;

  @Option(names = "--rounds", defaultValue = "3", description = "Runs of each variant (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--out", defaultValue = "bench/results", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--report-name", defaultValue = "indexing-breakdown", description = "The report's file name, without .md (default: ${DEFAULT-VALUE}).")
  String reportName;

  /** One way of indexing the corpus: the rebuild's documents, keeping the fields {@code keep} accepts. */
  record Variant(String name, Predicate<IndexableField> keep) {
    static Variant without(String name, String... fields) {
      Set<String> left = Set.of(fields);
      return new Variant(name, f -> !left.contains(f.name()));
    }
  }

  static final Variant ALL = new Variant("every field (the rebuild)", f -> true);

  static final Variant TEXT_ALONE = new Variant("the paragraph's text field alone (stored, smartcn words)",
      f -> f.name().equals(Fields.TEXT));

  static final List<Variant> VARIANTS = List.of(ALL,
      Variant.without("without the vocabulary (words and two-word phrases)", Fields.WORDS),
      Variant.without("without the CJK unigram and bigram fields", Fields.TEXT_CJK, Fields.TITLE_CJK),
      Variant.without("without the title fields", Fields.TITLE, Fields.TITLE_CJK),
      new Variant("without doc values and points (and the stored paragraph number, in the same field)",
          f -> f.fieldType().docValuesType() == DocValuesType.NONE
              && f.fieldType().pointDimensionCount() == 0),
      TEXT_ALONE);

  /**
   * One run of a variant.
   *
   * @param addSeconds adding every document (analysis, inversion, the segments flushed meanwhile)
   * @param mergeSeconds the last flush, the merge to one segment and the commit
   * @param addCpu CPU seconds of the whole process while adding; {@code mergeCpu} during the rest
   */
  record Run(Variant variant, double addSeconds, double mergeSeconds, double addCpu,
      double mergeCpu, int segmentsBeforeMerge, long indexBytes) {
    double seconds() {
      return addSeconds + mergeSeconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--rounds must be at least 1, not " + rounds);
    }
    List<CorpusReader.FileResult> articles = read(corpus);
    long paragraphs = paragraphs(articles);
    int threads = Runtime.getRuntime().availableProcessors();
    RunCommand.log("%d articles, %,d paragraphs in memory; %d indexing threads, %d rounds",
        articles.size(), paragraphs, threads, rounds);
    // The JIT compiles the indexing chain first, so no variant pays for it.
    index(ALL, articles.subList(0, Math.max(1, articles.size() / 10)), threads, work.resolve("warm-up"));
    List<Run> runs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < VARIANTS.size(); i++) {
        Variant v = VARIANTS.get((i + round) % VARIANTS.size());
        Run r = index(v, articles, threads, work.resolve("variant"));
        RunCommand.log("round %d, %s: %.1f s (adding %.1f, merging %.1f), %.1f CPU s, %.1f MB",
            round + 1, v.name(), r.seconds(), r.addSeconds(), r.mergeSeconds(),
            r.addCpu() + r.mergeCpu(), r.indexBytes() / 1e6);
        runs.add(r);
      }
    }
    String md = markdown(corpus, paragraphs, threads, rounds, runs);
    Files.createDirectories(out);
    Files.writeString(out.resolve(reportName + ".md"), md);
    System.out.print(md);
    return 0;
  }

  static List<CorpusReader.FileResult> read(Path corpus) {
    List<CorpusReader.FileResult> articles = new ArrayList<>();
    for (Path f : Corpus.files(corpus)) {
      CorpusReader.FileResult r = CorpusReader.read(f);
      if (r.skipped() == null) {
        articles.add(r);
      }
    }
    if (articles.isEmpty()) {
      throw new IllegalArgumentException("No article could be read from " + corpus);
    }
    return articles;
  }

  /** Indexes the articles as {@code IndexBuilder} does, on {@code threads} threads, into a fresh {@code dir}. */
  static Run index(Variant variant, List<CorpusReader.FileResult> articles, int threads, Path dir)
      throws Exception {
    CorpusEdits.deleteTree(dir);
    Files.createDirectories(dir);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    double cpu0 = processCpu();
    try (Directory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, IndexBuilder.writerConfig())) {
      Workers.run(threads, "Indexing " + variant.name(), () -> {
        for (int i = next.getAndIncrement(); i < articles.size(); i = next.getAndIncrement()) {
          CorpusReader.FileResult a = articles.get(i);
          writer.addDocuments(keep(IndexBuilder.documents(a.article(), a.source()), variant.keep()));
        }
      });
      long addedAt = System.nanoTime();
      double cpuAdded = processCpu();
      int added = writer.getDocStats().numDocs;
      long expected = paragraphs(articles);
      if (added != expected) {
        throw new IOException("Indexing " + variant.name() + " added " + added + " documents, not "
            + expected);
      }
      writer.flush();
      // Counted from the files: a reader on the writer would pool the readers the merge then uses.
      int segments = (int) Arrays.stream(directory.listAll()).filter(f -> f.endsWith(".si")).count();
      writer.forceMerge(1);
      writer.commit();
      long committed = System.nanoTime();
      return new Run(variant, (addedAt - start) / 1e9, (committed - addedAt) / 1e9,
          cpuAdded - cpu0, processCpu() - cpuAdded, segments, RunCommand.directoryBytes(dir));
    } finally {
      CorpusEdits.deleteTree(dir);
    }
  }

  private static long paragraphs(List<CorpusReader.FileResult> articles) {
    return articles.stream().mapToLong(a -> a.article().paragraphs().size()).sum();
  }

  private static List<Document> keep(List<Document> docs, Predicate<IndexableField> keep) {
    List<Document> kept = new ArrayList<>(docs.size());
    for (Document d : docs) {
      Document k = new Document();
      for (IndexableField f : d.getFields()) {
        if (keep.test(f)) {
          k.add(f);
        }
      }
      kept.add(k);
    }
    return kept;
  }

  private static double processCpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static String markdown(Path corpus, long paragraphs, int threads, int rounds, List<Run> runs) {
    StringBuilder md = new StringBuilder("# Indexing, field by field\n\n");
    md.append(String.format(Locale.ROOT, "Corpus `%s`: %,d paragraphs, indexed from memory on %d"
        + " threads with the rebuild's writer settings and documents, merged to one segment and"
        + " committed; %s. Each variant ran %d times, in a different order each round; each"
        + " column is the median of its own (so adding and merging need not sum to the seconds)."
        + " Merging is the last flush, the merge to one segment and the commit. A group's cost is"
        + " the rebuild's time less the time without it; the CJK and title groups share"
        + " `title_cjk`. CPU is the whole process's (the JIT and the garbage collector"
        + " included).%n%n", corpus.getFileName(),
        paragraphs, threads, Instant.now(), rounds));
    md.append("| variant | seconds | adding | merging | CPU s | cores busy adding | cores busy merging"
        + " | segments before the merge | index MB | saves, s | saves, share |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    double all = median(runs, ALL, Run::seconds);
    for (Variant v : VARIANTS) {
      double s = median(runs, v, Run::seconds);
      double add = median(runs, v, Run::addSeconds);
      double merge = median(runs, v, Run::mergeSeconds);
      double cpu = median(runs, v, r -> r.addCpu() + r.mergeCpu());
      md.append(String.format(Locale.ROOT,
          "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f | %.1f | %s | %s |%n", v.name(), s, add,
          merge, cpu, median(runs, v, r -> r.addCpu() / r.addSeconds()),
          median(runs, v, r -> r.mergeCpu() / r.mergeSeconds()),
          median(runs, v, r -> r.segmentsBeforeMerge()), median(runs, v, r -> r.indexBytes() / 1e6),
          v == ALL ? "" : String.format(Locale.ROOT, "%.1f", all - s),
          v == ALL ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * (all - s) / all)));
    }
    md.append("\nRuns in the order measured (seconds: adding + merging):\n\n");
    for (Run r : runs) {
      md.append(String.format(Locale.ROOT, "- %s: %.1f + %.1f%n", r.variant().name(), r.addSeconds(),
          r.mergeSeconds()));
    }
    return md.toString();
  }

  private static double median(List<Run> runs, Variant v, ToDoubleFunction<Run> f) {
    return median(runs.stream().filter(r -> r.variant() == v).mapToDouble(f).toArray());
  }
}
