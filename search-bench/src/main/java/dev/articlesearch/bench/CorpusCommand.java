package dev.articlesearch.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code search-bench corpus}: builds the benchmark corpora and their query sets from the sources
 * bench/build-corpora fetched. The largest corpus ({@value #FULL} paragraphs) is always built in
 * memory, because the smaller ones are samples of it: {@code --sizes 10k} alone gives the same
 * 10k corpus as a run with every size.
 */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Builds benchmark corpora (corpus-<size>/) and query sets (queries-<size>.tsv)"
        + " from the sources bench/build-corpora fetched.")
final class CorpusCommand implements Callable<Integer> {
  /** The full corpus: all documentation, then poetry up to this many paragraphs. */
  static final long FULL = 1_000_000;

  /** Queries per corpus: enough for stable percentiles (the issue asks for at least 1,000). */
  static final int QUERIES = 1_200;

  @Spec CommandSpec spec;

  @Option(names = "--sources", required = true, paramLabel = "DIR",
      description = "The fetched packages and their versions.tsv.")
  Path sources;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where corpus-<size>/ and queries-<size>.tsv go.")
  Path out;

  @Option(names = "--sizes", split = ",", defaultValue = "10k,100k,1m", paramLabel = "SIZE",
      converter = CorpusSize.Converter.class,
      description = "Corpus sizes in paragraphs, at most 1m (default: ${DEFAULT-VALUE}).")
  List<CorpusSize> sizes;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the poetry order, the samples and the queries"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    for (CorpusSize size : sizes) {
      if (size.paragraphs() > FULL) {
        throw new ParameterException(spec.commandLine(),
            "Size '" + size.label() + "' is larger than the full corpus of 1m paragraphs");
      }
    }
    PrintWriter log = spec.commandLine().getOut();
    Map<String, SourceArchive> archives = fetchedSources();
    long started = System.nanoTime();
    Corpus full = new CorpusBuilder(sources, DocSource.ALL, seed, log::println).build(FULL);
    for (CorpusSize size : sizes) {
      Corpus corpus =
          size.paragraphs() == FULL ? full : CorpusSampler.sample(full, size.paragraphs(), seed);
      CorpusManifest manifest = CorpusWriter.write(
          corpus, size.label(), seed, archives, out.resolve("corpus-" + size.label()));
      Path queries = out.resolve("queries-" + size.label() + ".tsv");
      QuerySet querySet = QueryDrawer.draw(corpus.paragraphTexts(), QUERIES, seed);
      querySet.write(queries);
      log.printf(Locale.ROOT, "corpus-%s: %,d files, %,d paragraphs, %.1f MB; %,d queries in %s%n",
          size.label(), manifest.files(), manifest.paragraphs(), manifest.mb(),
          querySet.queries().size(), queries.getFileName());
    }
    log.printf(Locale.ROOT, "Built in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  /**
   * The packages' versions, once every source folder is known to be there: a wrong {@code
   * --sources} fails at once, with the folder it lacks, rather than midway through the build.
   */
  private Map<String, SourceArchive> fetchedSources() {
    try {
      Map<String, SourceArchive> archives = SourceArchive.read(sources);
      for (DocSource doc : DocSource.ALL) {
        requireFetched(archives, doc.packageName(), doc.folder(sources));
      }
      requireFetched(archives, PoetryVolume.PACKAGE, PoetryVolume.folder(sources));
      return archives;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void requireFetched(
      Map<String, SourceArchive> archives, String packageName, Path folder) {
    if (!archives.containsKey(packageName) || !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("Package " + packageName + " is not fetched into "
          + sources + " (no " + folder + ", or no line in " + SourceArchive.FILE
          + "): run bench/build-corpora");
    }
  }
}
