package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link Results.Report} as the Markdown tables of report.md. */
final class Markdown {
  private final StringBuilder out = new StringBuilder();

  private Markdown() {}

  static String of(Results.Report r) {
    Markdown m = new Markdown();
    m.report(r);
    return m.out.toString();
  }

  private void report(Results.Report r) {
    line("# Benchmark report");
    line("");
    line("Generated %s by `%s`. Machine: %s, %d cores, %.1f GB; %s; %s. Each throughput step ran"
        + " %.0f s. Latency in milliseconds: nearest-rank percentiles over the whole query set, one"
        + " query at a time, after warm-up passes over it (at least %d passes and %.0f s, and until"
        + " the last three passes took within 5%% of each other).", r.generated(), r.command(),
        r.machine().cpu(), r.machine().cores(), r.machine().memoryGb(), r.machine().java(),
        r.machine().os(), r.secondsPerStep(), r.warmupPasses(), r.warmupSeconds());
    alternated(r);
    line("");
    targets(r);
    indexing(r.sizes());
    for (Results.Size s : r.sizes()) {
      latency(s);
      throughput(s);
      cpu(s);
      peer(s);
      cluster(s);
      updates(s.updates());
    }
    startup(r);
    heap(r.heap());
    rebuild(r.rebuildUnderLoad());
  }

  /** Says which engines' latency comes from alternating passes, and how many. */
  private void alternated(Results.Report r) {
    for (Results.Size s : r.sizes()) {
      List<String> names = new ArrayList<>();
      int passes = 0;
      for (Results.Engine e : s.engines()) {
        if (!e.alternatedP50s().isEmpty()) {
          names.add("`" + e.name() + "`");
          passes = e.alternatedP50s().size();
        }
      }
      if (!names.isEmpty()) {
        line("The plain latency of %s is over %d measured passes each, run in turn (A B, B A, …)"
            + " so that both see the same machine%s.", String.join(" and ", names), passes,
            r.throughputTurns() == null ? ""
                : String.format(Locale.ROOT, "; their throughput steps too, %seach in %d turns",
                    others(r.throughputInTurn(), names), r.throughputTurns()));
        return;
      }
    }
  }

  /** "with `http`'s, " where engines besides {@code names} took their turns too. */
  private static String others(List<String> inTurn, List<String> names) {
    List<String> others = inTurn == null ? List.of() : inTurn.stream()
        .filter(e -> !names.contains("`" + e + "`")).map(e -> "`" + e + "`'s").toList();
    return others.isEmpty() ? "" : "with " + String.join(" and ", others) + ", ";
  }

  private void targets(Results.Report r) {
    Results.Size big = r.sizes().get(r.sizes().size() - 1);
    line("## Targets (on the %s corpus unless said)", big.name());
    line("");
    line("| target | measured | met |");
    line("|---|---|---|");
    for (Results.Size s : r.sizes()) {
      if (s.indexing() == null) {
        continue;
      }
      double f = s.indexing().fractionOfCeiling();
      row("indexing ≥ 35% of the analysis ceiling (" + s.name() + ")", pct(f)
          + " (plain Lucene, one smartcn field: " + pct(s.indexing().floorFractionOfCeiling()) + ")",
          f >= 0.35);
      if (s.peer() != null) {
        double ratio = s.indexing().paragraphsPerSecond() / s.peer().documentsPerSecond();
        row("indexing ≥ 2× OpenSearch's bulk load of the same fields (" + s.name() + ")",
            String.format(Locale.ROOT, "%.2f× (%,.0f vs %,.0f paragraphs/s)", ratio,
                s.indexing().paragraphsPerSecond(), s.peer().documentsPerSecond()), ratio >= 2);
      }
    }
    engine(big, "library").ifPresent(lib -> {
      row("in-process p50 < 1 ms, no highlighting", ms(lib.plain().latency().p50()),
          lib.plain().latency().p50() < 1);
      row("in-process p99 < 10 ms, no highlighting", ms(lib.plain().latency().p99()),
          lib.plain().latency().p99() < 10);
      double hl = lib.highlighted().latency().p50() - lib.plain().latency().p50();
      row("highlighting the top 10 adds < 2 ms (p50)", ms(hl), hl < 2);
      engine(big, "http").ifPresent(http -> {
        double add = http.plain().latency().p50() - lib.plain().latency().p50();
        row("HTTP adds < 0.5 ms (p50)", ms(add), add < 0.5);
        atClients(http, 4).ifPresent(h -> atClients(lib, 4).ifPresent(l ->
            row("HTTP ≥ 85% of the library's throughput, 4 clients (highlighted)",
                String.format(Locale.ROOT, "%s (%,.0f vs %,.0f /s%s)", pct(h.perSecond() / l.perSecond()),
                    h.perSecond(), l.perSecond(), ceiling(big.cpu())),
                h.perSecond() >= 0.85 * l.perSecond())));
      });
      engine(big, "lucene-floor").ifPresent(floor -> {
        double times = lib.plain().latency().p50() / floor.plain().latency().p50();
        row("library p50 ≤ 2× plain Lucene's (no highlighting)", String.format(Locale.ROOT,
            "%.2f× (%.3f vs %.3f ms%s)", times, lib.plain().latency().p50(),
            floor.plain().latency().p50(), passByPass(lib, floor)), times <= 2);
        atClients(lib, 4).ifPresent(l -> atClients(floor, 4).ifPresent(f ->
            row("library ≥ 60% of plain Lucene's throughput, 4 clients (ours highlighted)",
                String.format(Locale.ROOT, "%s (%,.0f vs %,.0f /s)", pct(l.perSecond() / f.perSecond()),
                    l.perSecond(), f.perSecond()), l.perSecond() >= 0.6 * f.perSecond())));
      });
    });
    if (big.peer() != null) {
      engine(big, "http").ifPresent(http -> engine(big, "opensearch").ifPresent(os -> {
        for (int i = 0; i < http.throughput().size(); i++) {
          Load.Result ours = http.throughput().get(i);
          Load.Result theirs = os.throughput().get(i);
          double ratio = ours.perSecond() / theirs.perSecond();
          row("HTTP ≥ 4× OpenSearch's throughput, " + ours.clients() + " clients",
              String.format(Locale.ROOT, "%.2f× (%,.0f vs %,.0f /s)", ratio, ours.perSecond(),
                  theirs.perSecond()), ratio >= 4);
          row("HTTP p99 ≤ ⅓ of OpenSearch's, " + ours.clients() + " clients",
              String.format(Locale.ROOT, "%.2f vs %.2f ms (%.2f)", ours.latency().p99(),
                  theirs.latency().p99(), ours.latency().p99() / theirs.latency().p99()),
              ours.latency().p99() * 3 <= theirs.latency().p99());
        }
      }));
      double same = big.peer().overlap().sameSetFraction();
      row("same top 10 as OpenSearch for ≥ 95% of queries", pct(same), same >= 0.95);
    }
    if (r.heap() != null) {
      row("serves " + r.heap().corpus() + " with -Xmx512m or less",
          r.heap().smallest() == null ? "none of the heaps tried" : "-Xmx" + r.heap().smallest(),
          r.heap().smallest() != null);
    }
    for (Results.Size s : r.sizes()) {
      updateTargets(s.updates());
    }
    r.startup().stream().filter(s -> s.corpus().equals("seeds")).findFirst().ifPresent(s ->
        row("start-up < 2 s on the seed corpus", ms(s.millis()), s.millis() < 2000));
    line("");
  }

  /** An engine's throughput step with this many clients, if it ran one. */
  private static Optional<Load.Result> atClients(Results.Engine e, int clients) {
    return e.throughput().stream().filter(t -> t.clients() == clients).findFirst();
  }

  /** The issue sets the update targets on the 1m corpus: other sizes say so beside the figure. */
  static final String UPDATE_TARGET_CORPUS = "1m";

  private void updateTargets(Results.Updates u) {
    if (u == null) {
      return;
    }
    String where = u.corpus().equals(UPDATE_TARGET_CORPUS) ? u.corpus()
        : u.corpus() + "; the target is for " + UPDATE_TARGET_CORPUS;
    for (String name : List.of("nothing changed", "one file changed")) {
      u.steps().stream().filter(st -> st.name().equals(name)).findFirst().ifPresent(st ->
          row("update, " + name + ", ≤ 3 s (" + where + ")", seconds(st.seconds()), st.seconds() <= 3));
    }
    Results.WatchDelay w = u.watch();
    row("`--watch`: rename to the first search finding it, p50 ≤ 1 s (" + u.corpus() + ")",
        seconds(w.latency().p50() / 1000) + " (p99 " + seconds(w.latency().p99() / 1000) + "; "
            + w.found() + " of " + w.edits() + " edits found)",
        w.latency().p50() <= 1000);
    Results.Churn c = u.churn();
    double ratio = c.during().latency().p99() / c.quiet().latency().p99();
    row(String.format(Locale.ROOT, "search p99 with %.0f files/s changing ≤ 1.5× quiet (%s)",
        c.filesPerSecond(), u.corpus()), String.format(Locale.ROOT, "%.2f vs %.2f ms: %.2f×",
        c.during().latency().p99(), c.quiet().latency().p99(), ratio), ratio <= 1.5);
  }

  private void updates(Results.Updates u) {
    if (u == null) {
      return;
    }
    line("## Updates, %s corpus", u.corpus());
    line("");
    line("On a copy of the corpus (%,d article files, %,d paragraphs), changed there from seed %d:"
        + " a changed file keeps its title and gets as many paragraphs as it had, drawn from the"
        + " whole corpus, written under a hidden name and renamed into place. Each update is"
        + " `ArticleIndex.update` in the benchmark's JVM after the files of its row changed; the"
        + " rebuild is `ArticleIndex.rebuild` of the same copy before any change.", u.files(),
        u.paragraphs(), u.seed());
    line("");
    line("| step | files changed | wall s | added | changed | removed | unchanged | paragraphs"
        + " added | paragraphs removed | skipped |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    line("| full rebuild (reference) | all %,d | %.3f | %,d | | | | %,d | | |", u.files(),
        u.rebuildSeconds(), u.files(), u.paragraphs());
    for (Results.UpdateStep st : u.steps()) {
      line("| update, %s | %,d | %.3f | %,d | %,d | %,d | %,d | %,d | %,d | %d |", st.name(),
          st.filesChanged(), st.seconds(), st.added(), st.changed(), st.removed(), st.unchanged(),
          st.paragraphsAdded(), st.paragraphsRemoved(), st.skipped());
    }
    line("");
    Results.ClusterUpdates cu = u.cluster();
    if (cu != null) {
      line("The same on the cluster (%d nodes): the copy as it was after the rows above, rebuilt"
          + " into a new alias `%s` with `ClusterIndexer.rebuild` (a new index, the alias moved to"
          + " it), then each update `ClusterUpdater.update` on that index in place (refresh paused,"
          + " one refresh at the end), from the benchmark's JVM.", cu.nodes(), cu.alias());
      line("");
      line("| step | files changed | wall s | added | changed | removed | unchanged | paragraphs"
          + " added | paragraphs removed | skipped |");
      line("|---|---|---|---|---|---|---|---|---|---|");
      line("| full cluster rebuild (reference) | all %,d | %.3f | %,d | | | | %,d | | |",
          u.files(), cu.rebuildSeconds(), u.files(), u.paragraphs());
      for (Results.UpdateStep st : cu.steps()) {
        line("| cluster update, %s | %,d | %.3f | %,d | %,d | %,d | %,d | %,d | %,d | %d |",
            st.name(), st.filesChanged(), st.seconds(), st.added(), st.changed(), st.removed(),
            st.unchanged(), st.paragraphsAdded(), st.paragraphsRemoved(), st.skipped());
      }
      line("");
      Results.WatchDelay cw = cu.watch();
      Latency cl = cw.latency();
      line("With `--opensearch --watch` (a server over that alias, the same kind of edits as"
          + " below): rename to the first search finding it, in seconds; found %,d of %,d:",
          cw.found(), cw.edits());
      line("");
      line("| edits | p50 | p95 | p99 | max | mean |");
      line("|---|---|---|---|---|---|");
      line("| %,d | %.3f | %.3f | %.3f | %.3f | %.3f |", cw.edits(), cl.p50() / 1000,
          cl.p95() / 1000, cl.p99() / 1000, cl.max() / 1000, cl.mean() / 1000);
      line("");
    }
    Results.WatchDelay w = u.watch();
    Latency l = w.latency();
    line("**`--watch`.** A server (`bin/search-server --watch`) on the copy; %,d edits, one after"
        + " another, each giving a file a word of its own: from just before the rename into the"
        + " folder to the first `/api/search` (polled every few ms) that finds the word. Found: %,d"
        + " of %,d (one not found within %.0f s counts as that long). In seconds:", w.edits(),
        w.found(), w.edits(), w.timeoutSeconds());
    line("");
    line("| edits | p50 | p95 | p99 | max | mean |");
    line("|---|---|---|---|---|---|");
    line("| %,d | %.3f | %.3f | %.3f | %.3f | %.3f |", w.edits(), l.p50() / 1000, l.p95() / 1000,
        l.p99() / 1000, l.max() / 1000, l.mean() / 1000);
    line("");
    Results.Churn c = u.churn();
    line("**Searching while files change.** The same server, warmed up as for the latency tables;"
        + " one client over HTTP, one search at a time (highlighted), through the query set for"
        + " %.0f s quiet, then for as long while %.0f files a second were rewritten in its folder"
        + " (%,d in all). In milliseconds:", c.quiet().seconds(), c.filesPerSecond(), c.filesChanged());
    line("");
    line("| phase | requests | errors | p50 | p95 | p99 | max |");
    line("|---|---|---|---|---|---|---|");
    for (var e : List.of(java.util.Map.entry("quiet", c.quiet()),
        java.util.Map.entry(String.format(Locale.ROOT, "%.0f files/s changing", c.filesPerSecond()),
            c.during()))) {
      Load.Result x = e.getValue();
      line("| %s | %,d | %d | %.2f | %.2f | %.2f | %.1f |", e.getKey(), x.requests(), x.errors(),
          x.latency().p50(), x.latency().p95(), x.latency().p99(), x.latency().max());
    }
    line("");
    Results.Growth g = u.growth();
    line("**Index size after many updates.** %,d small updates, each one paragraph of one file"
        + " replaced by another of the corpus, then `ArticleIndex.update` (%.1f s in all, %.0f ms"
        + " each on average); then merged: %s. The reference is a rebuild of the same folder.",
        g.updates(), g.updateSeconds(), g.updates() == 0 ? 0 : 1000 * g.updateSeconds() / g.updates(),
        g.merge());
    line("");
    line("| index | MB | of the rebuild |");
    line("|---|---|---|");
    line("| after the first rebuild of the copy | %.2f | |", u.rebuildMb());
    line("| after %,d updates (%d segments, %,d deleted paragraphs) | %.2f | %s |", g.updates(),
        g.segmentsAfterUpdates(), g.deletedAfterUpdates(), g.afterUpdatesMb(),
        times(g.afterUpdatesMb() / g.rebuiltMb()));
    line("| then force-merged | %.2f | %s |", g.afterMergeMb(), times(g.afterMergeMb() / g.rebuiltMb()));
    line("| rebuilt from the same folder | %.2f | 1.00× |", g.rebuiltMb());
    line("");
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f s", s);
  }

  private static String times(double f) {
    return String.format(Locale.ROOT, "%.2f×", f);
  }

  private void indexing(List<Results.Size> sizes) {
    if (sizes.stream().allMatch(s -> s.indexing() == null)) {
      return; // not measured: the index was built before
    }
    line("## Indexing (full rebuild, all cores)");
    line("");
    line("| corpus | files | paragraphs | text MB | rebuild s | paragraphs/s | MB/s | smartcn ceiling"
        + " paragraphs/s | of ceiling | plain Lucene, one smartcn field, paragraphs/s | of ceiling"
        + " | index MB | index MB per text MB |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Results.Size s : sizes) {
      Results.Indexing i = s.indexing();
      if (i == null) {
        continue;
      }
      line("| %s | %,d | %,d | %.1f | %.1f | %,.0f | %.2f | %,.0f | %s | %,.0f | %s | %.1f | %.2f |",
          s.name(), i.files(), i.paragraphs(), i.textMegabytes(), i.seconds(),
          i.paragraphsPerSecond(), i.megabytesPerSecond(), i.ceiling().paragraphsPerSecond(),
          pct(i.fractionOfCeiling()), i.floor().paragraphsPerSecond(),
          pct(i.floorFractionOfCeiling()), i.indexMegabytes(), i.indexMegabytesPerTextMegabyte());
    }
    line("");
  }

  /**
   * "; N alternating passes, each x–y×, median z×" when the two were measured in alternating
   * passes (one engine's pass p50 over the other's in the same round), else "". The median is
   * the paired comparison that a burst of the machine's noise in a few rounds does not move.
   */
  private static String passByPass(Results.Engine a, Results.Engine b) {
    List<Double> x = a.alternatedP50s();
    List<Double> y = b.alternatedP50s();
    if (x.isEmpty() || x.size() != y.size()) {
      return "";
    }
    double[] ratios = new double[x.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = x.get(i) / y.get(i);
    }
    Arrays.sort(ratios);
    int mid = ratios.length / 2;
    double median = ratios.length % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
    return String.format(Locale.ROOT, "; %d alternating passes, each %.2f–%.2f×, median %.2f×",
        ratios.length, ratios[0], ratios[ratios.length - 1], median);
  }

  /** "; at most N% here: …" from the CPU per request, or "" without it. */
  private static String ceiling(Results.CpuPerRequest c) {
    if (c == null) {
      return "";
    }
    return String.format(Locale.ROOT, "; at most %s on this machine, where a 404 costs %.0f µs"
        + " of CPU and a search in the library %.0f", pct(c.ceiling()),
        c.empty().together(), c.library().together());
  }

  private void cpu(Results.Size s) {
    Results.CpuPerRequest c = s.cpu();
    if (c == null) {
      return;
    }
    line("## CPU per request, %s corpus, %d clients", s.name(), c.clients());
    line("");
    line("The load client runs on the same cores as the server, so its time counts against the"
        + " searches too. Each step ran as long as a throughput step, after one as long to warm up;"
        + " the server's CPU is read from /proc, the library's and the client's from this process.");
    line("");
    line("| step | requests/s | server µs | load client µs | together µs |");
    line("|---|---|---|---|---|");
    line("| library in-process, highlighted | %,.0f | – | – | %.0f |", c.library().perSecond(),
        c.library().together());
    for (var step : List.of(Map.entry("HTTP search, highlighted", c.search()),
        Map.entry("HTTP request answered 404", c.empty()))) {
      CpuCost.Step v = step.getValue();
      line("| %s | %,.0f | %.0f | %.0f | %.0f |", step.getKey(), v.perSecond(), v.serverMicros(),
          v.localMicros(), v.together());
    }
    line("");
    line("With both cores busy, HTTP keeps at most %.0f ÷ (%.0f + %.0f) = %s of the library's"
        + " throughput: what a 404 costs is the least any answer over HTTP costs.",
        c.library().together(), c.library().together(), c.empty().together(), pct(c.ceiling()));
    line("");
  }

  private void latency(Results.Size s) {
    line("## Latency, %s corpus (%,d queries)", s.name(), s.queries());
    line("");
    line("| engine | p50 | p95 | p99 | max | highlighted p50 | p95 | p99 | max | p50 ÷ floor |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    double floor = engine(s, "lucene-floor").map(e -> e.plain().latency().p50()).orElse(Double.NaN);
    for (Results.Engine e : s.engines()) {
      Latency p = e.plain().latency();
      Latency h = e.highlighted() == null ? null : e.highlighted().latency();
      line("| %s | %.3f | %.3f | %.3f | %.2f | %s | %s | %s | %s | %s |", e.name(), p.p50(), p.p95(),
          p.p99(), p.max(), h == null ? "–" : f3(h.p50()), h == null ? "–" : f3(h.p95()),
          h == null ? "–" : f3(h.p99()), h == null ? "–" : f2(h.max()),
          Double.isNaN(floor) ? "–" : String.format(Locale.ROOT, "%.1f×", p.p50() / floor));
    }
    line("");
  }

  private void throughput(Results.Size s) {
    line("## Throughput, %s corpus (closed loop, highlighting on where the engine has it)", s.name());
    line("");
    line("| engine | clients | requests/s | p50 | p99 | errors |");
    line("|---|---|---|---|---|---|");
    for (Results.Engine e : s.engines()) {
      for (Load.Result t : e.throughput()) {
        line("| %s | %d | %,.0f | %.2f | %.2f | %d |", e.name(), t.clients(), t.perSecond(),
            t.latency().p50(), t.latency().p99(), t.errors());
      }
    }
    line("");
  }

  private void peer(Results.Size s) {
    Results.Peer p = s.peer();
    if (p == null) {
      return;
    }
    line("## OpenSearch %s beside ours, %s corpus", p.version(), s.name());
    line("");
    line("Loaded %,d paragraphs in %.1f s (%,.0f paragraphs/s, %.2f MB/s of JSON, 2 bulk requests"
        + " in flight%s), then refreshed in %.1f s and merged to one segment, as ours is, in %.1f s. %s",
        p.documents(), p.loadSeconds(), p.documentsPerSecond(), p.megabytesPerSecond(),
        oursRebuilt(s), p.refreshSeconds(), p.mergeSeconds(), overlap(p));
    line("");
    differences(p, "OpenSearch");
  }

  private static String oursRebuilt(Results.Size s) {
    return s.indexing() == null ? "" : String.format(Locale.ROOT,
        "; ours rebuilt at %,.0f paragraphs/s, its merge included", s.indexing().paragraphsPerSecond());
  }

  private static String overlap(Results.Peer p) {
    TopTenOverlap.Summary o = p.overlap();
    return String.format(Locale.ROOT, "Both engines"
        + " ran the same Lucene queries (ours translated to Query DSL); first pages compared for %,d"
        + " queries: the same paragraphs for %,d (%s), in the same order for %,d, the same total for"
        + " %,d; mean overlap %.3f; scores of paragraphs both found equal within %.1e for %,d queries"
        + " (largest relative difference %.2g).", o.queries(), o.sameSet(), pct(o.sameSetFraction()),
        o.sameOrder(), o.sameTotal(), o.meanOverlap(), TopTenOverlap.SCORE_TOLERANCE, o.sameScores(),
        o.maxScoreDifference());
  }

  private void cluster(Results.Size s) {
    Results.Cluster c = s.cluster();
    if (c == null) {
      return;
    }
    Results.Peer p = c.load();
    line("## OpenSearch %s cluster beside ours, %s corpus", c.version(), s.name());
    line("");
    line("%d nodes on this machine, each with -Xmx%s, this project's analysis plugin and"
        + " `IndexSchema.openSearchMapping()`; %d primary shards and %d replica of each; searches"
        + " with `%s`, the load clients spread over the nodes. Launch to green with every node: %s."
        + " Loaded %,d paragraphs without replicas in %.1f s (%,.0f paragraphs/s, %.2f MB/s of JSON,"
        + " 2 bulk requests in flight%s), then refreshed in %.1f s and merged to one segment per"
        + " shard in %.1f s; the replicas, copied from the merged primaries, were green %.1f s"
        + " later. On disk: %.1f MB of primaries, %.1f MB with the replicas%s. %s",
        c.nodes(), c.heapPerNode(), c.shards(), c.replicas(), c.searchType(),
        c.startupSeconds() < 0 ? "not measured" : String.format(Locale.ROOT, "%.0f s", c.startupSeconds()),
        p.documents(), p.loadSeconds(), p.documentsPerSecond(), p.megabytesPerSecond(),
        oursRebuilt(s), p.refreshSeconds(), p.mergeSeconds(), c.replicaSeconds(),
        c.primaryStoreMb(), c.totalStoreMb(), s.indexing() == null ? ""
            : String.format(Locale.ROOT, " (ours: %.1f MB)", s.indexing().indexMegabytes()),
        overlap(p));
    line("");
    line("| node | heap max MB | heap used MB | resident MB |");
    line("|---|---|---|---|");
    double resident = 0;
    for (Results.ClusterNode n : c.nodeStats()) {
      line("| %s | %.0f | %.0f | %.0f |", n.name(), n.heapMaxMb(), n.heapUsedMb(), n.residentMb());
      resident += n.residentMb();
    }
    line("| all | | | %.0f |", resident);
    line("");
    differences(p, "cluster");
  }

  private void differences(Results.Peer p, String engine) {
    if (!p.differences().isEmpty()) {
      line("| query | our total | %s total | overlap | why not translated |", engine);
      line("|---|---|---|---|---|");
      for (TopTenOverlap.QueryAgreement d : p.differences()) {
        line("| `%s` | %,d | %,d | %.1f | %s |", d.query().replace("|", "\\|"), d.ourTotal(),
            d.peerTotal(), d.overlap(), d.untranslatable() == null ? "" : d.untranslatable());
      }
      line("");
    }
  }

  private void startup(Results.Report r) {
    if (r.startup().isEmpty()) {
      return;
    }
    line("## Start-up (launch to the first answered search, index already built)");
    line("");
    line("| corpus | paragraphs | start-up ms | resident MB |");
    line("|---|---|---|---|");
    for (Results.Startup s : r.startup()) {
      line("| %s | %,d | %.0f | %.0f |", s.corpus(), s.paragraphs(), s.millis(), s.residentMb());
    }
    line("");
  }

  private void heap(Results.Heap h) {
    if (h == null) {
      return;
    }
    line("## Heap (%s corpus: 4 clients with highlighting, as long as a throughput step)", h.corpus());
    line("");
    line("| -Xmx | served | requests | errors | resident MB |");
    line("|---|---|---|---|---|");
    for (Results.HeapTry t : h.tries()) {
      line("| %s | %s | %,d | %d | %.0f |", t.heap(), t.served() ? "yes" : "no", t.requests(),
          t.errors(), t.residentMb());
    }
    line("");
  }

  private void rebuild(Results.RebuildUnderLoad r) {
    if (r == null) {
      return;
    }
    line("## Rebuild under load (%s corpus)", r.corpus());
    line("");
    line("A second process ran `--rebuild-only` on the served index while 4 clients sent %.0f"
        + " searches/s at a fixed rate (latency counted from when each request was due). The"
        + " rebuild took %.0f s; the server %s the new index afterwards.", r.rate(),
        r.rebuildSeconds(), r.newIndexServed() ? "served" : "did NOT serve");
    line("");
    line("| phase | requests | errors | p50 | p99 | max |");
    line("|---|---|---|---|---|---|");
    for (var e : List.of(java.util.Map.entry("before", r.before()), java.util.Map.entry("during", r.during()))) {
      Load.Result x = e.getValue();
      line("| %s | %,d | %d | %.2f | %.2f | %.1f |", e.getKey(), x.requests(), x.errors(),
          x.latency().p50(), x.latency().p99(), x.latency().max());
    }
    line("");
  }

  private static Optional<Results.Engine> engine(Results.Size s, String name) {
    return s.engines().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  private void row(String target, String measured, boolean met) {
    line("| %s | %s | %s |", target, measured, met ? "yes" : "**no**");
  }

  private static String pct(double f) {
    // 1,195 of 1,200 is 99.6%, not "100%"
    return String.format(Locale.ROOT, f < 1 && f >= 0.995 ? "%.1f%%" : "%.0f%%", 100 * f);
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.2f ms", v);
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private void line(String format, Object... args) {
    out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }
}
