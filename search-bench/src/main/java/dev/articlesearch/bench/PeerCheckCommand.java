package dev.articlesearch.bench;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.SearchRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Loads one of our indexes into OpenSearch and checks that the two engines agree: analysis of a
 * sample of paragraphs, and the first page of each query. The benchmark's OpenSearch figures mean
 * something only when they do.
 */
@Command(
    name = "peer-check",
    mixinStandardHelpOptions = true,
    description = {
        "Loads an index's paragraphs into OpenSearch (bench/opensearch start) and compares the two:"
            + " analysis of sampled paragraphs, and the top hits of each query (order, set, totals,"
            + " BM25 scores).",
        "Exits 1 when fewer queries than --min-agreement have the same top hits, 2 for a bad"
            + " option, 3 when OpenSearch cannot be reached or refuses a request."})
final class PeerCheckCommand implements Callable<Integer> {
  /** Queries run with highlighting too. */
  private static final int HIGHLIGHT_QUERIES = 20;

  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "DIR",
      description = "Our index (built with search-server rebuild or ArticleIndex.rebuild).")
  Path index;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:9200", paramLabel = "URL",
      description = "The OpenSearch node (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--name", defaultValue = "articles", paramLabel = "NAME",
      description = "The OpenSearch index to (re)create (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--reuse", description = "Use the OpenSearch index as loaded before: no load.")
  boolean reuse;

  @Option(names = "--force-merge", description = "Merge the OpenSearch index to one segment after the load.")
  boolean forceMerge;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Bulk requests in flight (default: the number of cores).")
  int concurrency = Runtime.getRuntime().availableProcessors();

  @Option(names = "--queries", paramLabel = "FILE",
      description = "One query per line (simple syntax); without it, --draw queries are drawn from the paragraphs.")
  Path queries;

  @Option(names = "--draw", defaultValue = "200", paramLabel = "N",
      description = "Queries to draw when no --queries file is given (default: ${DEFAULT-VALUE}).")
  int draw;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed for drawing queries and paragraphs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--analysis-sample", defaultValue = "2000", paramLabel = "N",
      description = "Paragraphs whose analysis is compared (default: ${DEFAULT-VALUE}).")
  int analysisSample;

  @Option(names = "--size", defaultValue = "10", paramLabel = "N",
      description = "Hits compared per query (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--min-agreement", defaultValue = "0.95", paramLabel = "FRACTION",
      description = "Least fraction of queries with the same set of top hits (default: ${DEFAULT-VALUE}).")
  double minAgreement;

  @Option(names = "--examples", defaultValue = "10", paramLabel = "N",
      description = "Disagreements shown (default: ${DEFAULT-VALUE}).")
  int examples;

  @Override
  public Integer call() throws IOException {
    validate();
    try {
      return check(spec.commandLine().getOut());
    } catch (OpenSearchPeer.PeerException e) {
      spec.commandLine().getErr().println("peer-check: " + e.getMessage());
      return 3;
    }
  }

  private int check(PrintWriter out) throws IOException {
    try (ArticleIndex ours = ArticleIndex.open(index);
        OpenSearchPeer peer = new OpenSearchPeer(url)) {
      List<String> paragraphs = paragraphs(ours);
      out.printf(Locale.ROOT, "Our index %s: %d articles, %d paragraphs%n", index,
          ours.articles().size(), paragraphs.size());
      if (!reuse) {
        peer.deleteIndex(name);
        peer.createIndex(name);
        OpenSearchPeer.BulkReport load = peer.bulkLoad(ours, name, concurrency, forceMerge);
        out.printf(Locale.ROOT,
            "Bulk load into %s/%s: %d paragraphs, %.1f MB in %.1f s (%.0f docs/s, %.2f MB/s, %d in flight);"
                + " refresh %.1f s; force merge %s%n",
            url, name, load.documents(), load.bytes() / 1e6, load.load().toMillis() / 1e3,
            load.documentsPerSecond(), load.megabytesPerSecond(), concurrency,
            load.refresh().toMillis() / 1e3,
            forceMerge ? String.format(Locale.ROOT, "%.1f s", load.forceMerge().toMillis() / 1e3) : "not asked for");
      }
      reportAnalysis(out, peer, sample(paragraphs));
      List<String> qs = queries != null ? readQueries() : MixedQueries.draw(paragraphs, draw, seed);
      int status = reportOverlap(out, TopTenOverlap.compare(ours, peer, name, qs, size));
      reportHighlighting(out, ours, peer, qs);
      out.flush();
      return status;
    }
  }

  private void validate() {
    if (!Files.isDirectory(index)) {
      throw new ParameterException(spec.commandLine(), "--index: no folder " + index);
    }
    if (queries != null && !Files.isRegularFile(queries)) {
      throw new ParameterException(spec.commandLine(), "--queries: no file " + queries);
    }
    if (concurrency < 1 || draw < 1 || analysisSample < 0 || size < 1 || examples < 0) {
      throw new ParameterException(spec.commandLine(),
          "--concurrency, --draw and --size must be at least 1; --analysis-sample and --examples at least 0");
    }
    if (minAgreement < 0 || minAgreement > 1) {
      throw new ParameterException(spec.commandLine(), "--min-agreement must be from 0 to 1, not " + minAgreement);
    }
  }

  private static List<String> paragraphs(ArticleIndex ours) {
    List<String> out = new ArrayList<>();
    for (ArticleSummary a : ours.articles()) {
      ours.article(a.id()).ifPresent(article -> article.paragraphs().stream().map(Paragraph::text).forEach(out::add));
    }
    return out;
  }

  private List<String> sample(List<String> paragraphs) {
    List<String> shuffled = new ArrayList<>(paragraphs);
    Collections.shuffle(shuffled, new Random(seed));
    return shuffled.subList(0, Math.min(analysisSample, shuffled.size()));
  }

  private List<String> readQueries() throws IOException {
    return Files.readAllLines(queries, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(q -> !q.isEmpty()).toList();
  }

  private void reportAnalysis(PrintWriter out, OpenSearchPeer peer, List<String> sample) {
    if (sample.isEmpty()) {
      return;
    }
    for (AnalysisAgreement.FieldAgreement f : AnalysisAgreement.check(peer, name, sample, examples)) {
      out.printf(Locale.ROOT,
          "Analysis of %s, %d paragraphs: identical %d (%.1f%%), same terms and offsets at other"
              + " positions %d (%.1f%%), other terms %d (%.1f%%); terms holding whitespace: %d%n",
          f.field(), f.paragraphs(), f.identical(), percent(f.identical(), f.paragraphs()),
          f.positionsDiffer(), percent(f.positionsDiffer(), f.paragraphs()),
          f.termsDiffer(), percent(f.termsDiffer(), f.paragraphs()), f.termsWithWhitespace());
      for (AnalysisAgreement.Example e : f.examples()) {
        out.printf("  at …%s…%n    ours %s%n    peer %s%n", e.excerpt(), e.ours(), e.peer());
      }
    }
  }

  private int reportOverlap(PrintWriter out, List<TopTenOverlap.QueryAgreement> agreements) {
    TopTenOverlap.Summary s = TopTenOverlap.summarize(agreements);
    out.printf(Locale.ROOT,
        "Top %d of %d queries: same order %d (%.1f%%), same set %d (%.1f%%), same total %d (%.1f%%),"
            + " mean overlap %.3f, untranslatable %d%n"
            + "  BM25 scores of the paragraphs both found: equal (within %.0e) in %d queries (%.1f%%),"
            + " differing by up to %.1e there; largest difference %.1e%n",
        size, s.queries(), s.sameOrder(), percent(s.sameOrder(), s.queries()), s.sameSet(),
        percent(s.sameSet(), s.queries()), s.sameTotal(), percent(s.sameTotal(), s.queries()),
        s.meanOverlap(), s.untranslatable(), TopTenOverlap.SCORE_TOLERANCE, s.sameScores(),
        percent(s.sameScores(), s.queries()), s.roundingDifference(), s.maxScoreDifference());
    int shown = 0;
    for (TopTenOverlap.QueryAgreement a : agreements) {
      boolean differs = !a.sameOrder() || a.ourTotal() != a.peerTotal() || a.maxScoreDifference() > TopTenOverlap.SCORE_TOLERANCE;
      if (differs && shown++ < examples) {
        out.printf(Locale.ROOT, "  %s: totals %d / %d, overlap %.2f%s%n", a.query(), a.ourTotal(),
            a.peerTotal(), a.overlap(), a.untranslatable() == null ? "" : ", untranslatable: " + a.untranslatable());
        for (int i = 0; i < Math.max(a.ours().size(), a.peer().size()); i++) {
          out.printf(Locale.ROOT, "    %2d  %-28s %-10s %-28s %s%n", i + 1,
              i < a.ours().size() ? a.ours().get(i) : "", i < a.ours().size() ? a.ourScores().get(i) : "",
              i < a.peer().size() ? a.peer().get(i) : "", i < a.peer().size() ? a.peerScores().get(i) : "");
        }
      }
    }
    return s.sameSetFraction() >= minAgreement ? 0 : 1;
  }

  /**
   * Asks both for snippets on the first queries: shows that the peer highlights what it finds
   * (its marks wrap single tokens, ours whole matches, so the snippets are not compared).
   */
  private void reportHighlighting(PrintWriter out, ArticleIndex ours, OpenSearchPeer peer, List<String> qs) {
    int hits = 0;
    int marked = 0;
    String example = null;
    for (String q : qs.subList(0, Math.min(HIGHLIGHT_QUERIES, qs.size()))) {
      SearchRequest request = SearchRequest.of(q).withLimit(size);
      OpenSearchPeer.PeerResult theirs;
      try {
        theirs = peer.search(name, ours.queryTiers(request), size, true);
      } catch (IllegalArgumentException e) {
        continue; // untranslatable: reported above
      }
      hits += theirs.snippets().size();
      marked += (int) theirs.snippets().stream().filter(snippet -> snippet.contains("<mark>")).count();
      List<Hit> ourHits = ours.search(request).hits();
      if (example == null && !ourHits.isEmpty() && !theirs.snippets().isEmpty()) {
        example = String.format("  %s%n    ours %s%n    peer %s%n", q, ourHits.get(0).snippet(), theirs.snippets().get(0));
      }
    }
    out.printf(Locale.ROOT, "Highlighting, first %d queries: %d of %d peer hits have a marked snippet%n",
        Math.min(HIGHLIGHT_QUERIES, qs.size()), marked, hits);
    if (example != null) {
      out.print(example);
    }
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 100 : 100.0 * part / whole;
  }
}
