package dev.articlesearch.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The benchmark command line: {@code bench/build-corpora} and {@code bench/run} call it. */
@Command(
    name = "search-bench",
    mixinStandardHelpOptions = true,
    description = "Builds benchmark corpora and query sets, and measures the library, the server,"
        + " plain Lucene and OpenSearch on them.",
    subcommands = {CorpusCommand.class, RunCommand.class, PeerCheckCommand.class,
        SemanticCommand.class, RenderCommand.class, IndexingBreakdownCommand.class})
public final class BenchMain implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
