package dev.articlesearch.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the judged query set ({@code eval/judgments.tsv}) and scores the rankings: nDCG@10 with
 * graded gains, MRR@10 and recall@10, per query group and overall.
 */
final class Evaluation {
  static final int K = 10;
  static final String OVERALL = "overall";

  /** One judged query: paragraph ids ({@code article#paragraph}) and their grades, 1 or 2. */
  record Judged(String group, String query, Map<String, Integer> grades) {}

  record Scores(double ndcg, double mrr, double recall) {
    static Scores mean(List<Scores> all) {
      return new Scores(
          all.stream().mapToDouble(Scores::ndcg).average().orElse(0),
          all.stream().mapToDouble(Scores::mrr).average().orElse(0),
          all.stream().mapToDouble(Scores::recall).average().orElse(0));
    }
  }

  record QueryResult(Judged judged, List<String> ranked, Scores scores) {}

  static List<Judged> read(Path tsv) throws IOException {
    List<Judged> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(tsv);
    for (int n = 1; n < lines.size(); n++) { // line 1 is the header
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      if (cols.length != 3) {
        throw new IllegalArgumentException(tsv + " line " + (n + 1) + ": expected 3 tab-separated columns");
      }
      Map<String, Integer> grades = new LinkedHashMap<>();
      for (String j : cols[2].trim().split("\\s+")) {
        int eq = j.lastIndexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(tsv + " line " + (n + 1) + ": bad judgment '" + j + "'");
        }
        grades.put(j.substring(0, eq), Integer.parseInt(j.substring(eq + 1)));
      }
      out.add(new Judged(cols[0].trim(), cols[1], grades));
    }
    return out;
  }

  /** Group name suffix for the same queries run with {@code fuzzy=true}. */
  static final String FUZZY = " (fuzzy)";

  static QueryResult run(ArticleIndex index, Judged judged) {
    return run(index, judged, false);
  }

  /** Runs the query; with {@code fuzzy}, as its group plus {@value #FUZZY}. */
  static QueryResult run(ArticleIndex index, Judged judged, boolean fuzzy) {
    List<String> ranked = index.search(SearchRequest.of(judged.query()).withLimit(K).withFuzzy(fuzzy))
        .hits().stream()
        .map(h -> h.articleId() + "#" + h.paragraph())
        .toList();
    Judged as = fuzzy ? new Judged(judged.group() + FUZZY, judged.query(), judged.grades()) : judged;
    return new QueryResult(as, ranked, score(ranked, judged.grades()));
  }

  /** Runs the query in {@code mode}, under its own group (the semantic module's evaluation). */
  static QueryResult run(ArticleSearch index, Judged judged, SearchMode mode) {
    List<String> ranked = index.search(SearchRequest.of(judged.query()).withLimit(K).withMode(mode))
        .hits().stream()
        .map(h -> h.articleId() + "#" + h.paragraph())
        .toList();
    return new QueryResult(judged, ranked, score(ranked, judged.grades()));
  }

  /** Every mode's figures per group, side by side, then each query's nDCG@10 and top 3 per mode. */
  static String sideBySide(Map<SearchMode, List<QueryResult>> byMode) {
    StringBuilder md = new StringBuilder("# Search quality on the judged set, by mode\n\n");
    List<SearchMode> modes = List.copyOf(byMode.keySet());
    md.append("nDCG@10 / MRR@10 / recall@10 per group.\n\n| group | queries |");
    modes.forEach(m -> md.append(' ').append(m.name().toLowerCase(Locale.ROOT)).append(" |"));
    md.append("\n|---|---|").append("---|".repeat(modes.size())).append('\n');
    Map<SearchMode, Map<String, Scores>> groups = new LinkedHashMap<>();
    byMode.forEach((m, r) -> groups.put(m, byGroup(r)));
    Map<String, Long> counts = new LinkedHashMap<>();
    byMode.get(modes.get(0)).forEach(r -> counts.merge(r.judged().group(), 1L, Long::sum));
    counts.put(OVERALL, (long) byMode.get(modes.get(0)).size());
    for (String g : groups.get(modes.get(0)).keySet()) {
      md.append("| ").append(g).append(" | ").append(counts.get(g)).append(" |");
      for (SearchMode m : modes) {
        Scores sc = groups.get(m).get(g);
        md.append(String.format(Locale.ROOT, " %.3f / %.3f / %.3f |", sc.ndcg(), sc.mrr(), sc.recall()));
      }
      md.append('\n');
    }
    md.append("\n## Per query (nDCG@10, top 3)\n\n| group | query |");
    modes.forEach(m -> md.append(' ').append(m.name().toLowerCase(Locale.ROOT)).append(" |"));
    md.append("\n|---|---|").append("---|".repeat(modes.size())).append('\n');
    for (int i = 0; i < byMode.get(modes.get(0)).size(); i++) {
      QueryResult first = byMode.get(modes.get(0)).get(i);
      md.append("| ").append(first.judged().group()).append(" | `")
          .append(first.judged().query().replace("|", "\\|")).append("` |");
      for (SearchMode m : modes) {
        QueryResult r = byMode.get(m).get(i);
        md.append(String.format(Locale.ROOT, " %.3f %s |", r.scores().ndcg(),
            String.join(" ", r.ranked().subList(0, Math.min(3, r.ranked().size())))));
      }
      md.append('\n');
    }
    return md.toString();
  }

  static Scores score(List<String> ranked, Map<String, Integer> grades) {
    double dcg = 0;
    double mrr = 0;
    int found = 0;
    for (int i = 0; i < Math.min(K, ranked.size()); i++) {
      int g = grades.getOrDefault(ranked.get(i), 0);
      dcg += (Math.pow(2, g) - 1) / log2(i + 2);
      if (g > 0) {
        found++;
        if (mrr == 0) {
          mrr = 1.0 / (i + 1);
        }
      }
    }
    List<Integer> ideal = grades.values().stream().sorted((a, b) -> b - a).toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(K, ideal.size()); i++) {
      idcg += (Math.pow(2, ideal.get(i)) - 1) / log2(i + 2);
    }
    long relevant = grades.values().stream().filter(g -> g > 0).count();
    return new Scores(idcg == 0 ? 0 : dcg / idcg, mrr, relevant == 0 ? 0 : (double) found / relevant);
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  /** Mean scores per group, in the order groups first appear, then {@value #OVERALL}. */
  static Map<String, Scores> byGroup(List<QueryResult> results) {
    Map<String, List<Scores>> groups = new LinkedHashMap<>();
    List<Scores> plain = new ArrayList<>();
    List<Scores> fuzzy = new ArrayList<>();
    for (QueryResult r : results) {
      (r.judged().group().endsWith(FUZZY) ? fuzzy : plain).add(r.scores());
      groups.computeIfAbsent(r.judged().group(), g -> new ArrayList<>()).add(r.scores());
    }
    Map<String, Scores> out = new LinkedHashMap<>();
    groups.forEach((g, s) -> out.put(g, Scores.mean(s)));
    out.put(OVERALL, Scores.mean(plain));
    if (!fuzzy.isEmpty()) {
      out.put(OVERALL + FUZZY, Scores.mean(fuzzy));
    }
    return out;
  }

  static String report(List<QueryResult> results) {
    StringBuilder md = new StringBuilder("# Search quality on the judged set\n\n");
    md.append(String.format(Locale.ROOT, "%d queries; nDCG@%d (grades 0/1/2), MRR@%d, recall@%d;"
        + " rows marked%s ran the same queries with fuzzy=true.%n%n", queries(results, false), K, K, K, FUZZY));
    md.append("| group | queries | nDCG@10 | MRR | recall@10 |\n|---|---|---|---|---|\n");
    Map<String, Long> counts = new LinkedHashMap<>();
    results.forEach(r -> counts.merge(r.judged().group(), 1L, Long::sum));
    byGroup(results).forEach((g, s) -> md.append(String.format(Locale.ROOT,
        "| %s | %d | %.3f | %.3f | %.3f |%n", g,
        g.startsWith(OVERALL) ? queries(results, g.endsWith(FUZZY)) : counts.get(g),
        s.ndcg(), s.mrr(), s.recall())));
    md.append("\n## Per query\n\n| group | query | nDCG@10 | MRR | recall@10 | top 3 |\n|---|---|---|---|---|---|\n");
    for (QueryResult r : results) {
      md.append(String.format(Locale.ROOT, "| %s | `%s` | %.3f | %.3f | %.3f | %s |%n",
          r.judged().group(), r.judged().query().replace("|", "\\|"), r.scores().ndcg(),
          r.scores().mrr(), r.scores().recall(),
          String.join(" ", r.ranked().subList(0, Math.min(3, r.ranked().size())))));
    }
    return md.toString();
  }

  private static long queries(List<QueryResult> results, boolean fuzzy) {
    return results.stream().filter(r -> r.judged().group().endsWith(FUZZY) == fuzzy).count();
  }

  /**
   * Every figure of {@code now} below its group's floor in the baseline {@code tsv} (nDCG@10, MRR,
   * recall@10), and every group of the baseline no longer judged, one line each.
   */
  static List<String> belowBaseline(Path tsv, Map<String, Scores> now) throws IOException {
    List<String> drops = new ArrayList<>();
    readBaseline(tsv).forEach((group, floor) -> {
      Scores s = now.get(group);
      if (s == null) {
        drops.add(group + ": no longer in the judged set");
        return;
      }
      below(drops, group, "nDCG@10", s.ndcg(), floor.ndcg());
      below(drops, group, "MRR", s.mrr(), floor.mrr());
      below(drops, group, "recall@10", s.recall(), floor.recall());
    });
    return drops;
  }

  private static void below(List<String> drops, String group, String metric, double now,
      double floor) {
    if (now < floor - 1e-9) {
      drops.add(String.format(Locale.ROOT, "%s %s %.3f < %.3f", group, metric, now, floor));
    }
  }

  /** The baseline: per group, figures the set must not fall below. */
  static Map<String, Scores> readBaseline(Path tsv) throws IOException {
    Map<String, Scores> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("group\t")) {
        continue;
      }
      String[] c = line.split("\t");
      out.put(c[0], new Scores(Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3])));
    }
    return out;
  }

  /** The figures as a baseline file, each rounded down to 3 decimals so it holds on any JVM. */
  static String baseline(Map<String, Scores> scores) {
    StringBuilder out = new StringBuilder(
        "# Search quality floor: CI fails when a figure falls below it. Only ever raise it.\n"
            + "group\tndcg@10\tmrr\trecall@10\n");
    scores.forEach((g, s) -> out.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f\t%.3f%n",
        g, floor3(s.ndcg()), floor3(s.mrr()), floor3(s.recall()))));
    return out.toString();
  }

  private static double floor3(double x) {
    return Math.floor(x * 1000) / 1000;
  }

  private Evaluation() {}
}
