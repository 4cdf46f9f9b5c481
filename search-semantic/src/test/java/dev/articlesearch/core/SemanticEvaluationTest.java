package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.articlesearch.semantic.LocalEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judged set ({@code eval/judgments.tsv}) in every search mode, with the real models, side by
 * side: CI holds {@code hybrid} to {@code eval/baseline-hybrid.tsv} as it holds {@code keyword} to
 * {@code eval/baseline.tsv} (search-core's EvaluationTest). The report goes to {@code
 * search-semantic/target/eval/report.md}, the figures as a proposed baseline beside it. In search-core's test
 * package to use its evaluation, which is package-private there.
 */
class SemanticEvaluationTest {
  static final Path JUDGMENTS = Path.of("..", "eval", "judgments.tsv");
  static final Path BASELINE = Path.of("..", "eval", "baseline-hybrid.tsv");
  static final Path SEEDS = Path.of("..", "seeds");
  static final Path CHINESE = Path.of("..", "search-core", "src", "test", "resources", "chinese-corpus");
  static final Path OUT = Path.of("target", "eval");
  static final double MAX_DROP_BELOW_KEYWORD = 0.02;

  @Test
  void judgedSetInEveryModeAndHybridAtLeastItsBaseline(@TempDir Path dir) throws IOException {
    List<Evaluation.Judged> judged = Evaluation.read(JUDGMENTS);
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), SEEDS, CHINESE);
    Map<SearchMode, List<Evaluation.QueryResult>> byMode = new EnumMap<>(SearchMode.class);
    try (LocalEmbedder embedder = new LocalEmbedder(dir.resolve("natives"))) {
      ArticleIndex.rebuild(corpus, dir.resolve("index"), p -> {}, embedder);
      // Quality, not speed, is measured here: a busy CI machine must not time a search out.
      try (ArticleIndex index = ArticleIndex.open(dir.resolve("index"), Duration.ofHours(1),
          Limits.DEFAULTS.withTimeout(Duration.ofMinutes(1)), embedder)) {
        for (SearchMode mode : SearchMode.values()) {
          List<Evaluation.QueryResult> results = new ArrayList<>();
          judged.forEach(j -> results.add(Evaluation.run(index, j, mode)));
          byMode.put(mode, results);
        }
      }
    }
    Files.createDirectories(OUT);
    String report = Evaluation.sideBySide(byMode);
    Files.writeString(OUT.resolve("report.md"), report);
    Map<String, Evaluation.Scores> hybrid = Evaluation.byGroup(byMode.get(SearchMode.HYBRID));
    Files.writeString(OUT.resolve("baseline-hybrid.tsv"), Evaluation.baseline(hybrid));
    System.out.println(report);

    List<String> drops = Evaluation.belowBaseline(BASELINE, hybrid);
    // Issue 19's bar: search by meaning may add, but no group's nDCG@10 may fall more than 0.02
    // below what keyword search is held to.
    Evaluation.readBaseline(EvaluationTest.BASELINE).forEach((group, keyword) -> {
      Evaluation.Scores now = hybrid.get(group);
      if (now != null && now.ndcg() < keyword.ndcg() - MAX_DROP_BELOW_KEYWORD - 1e-9) {
        drops.add(String.format(Locale.ROOT, "%s nDCG@10 %.3f is more than %.2f below keyword's %.3f",
            group, now.ndcg(), MAX_DROP_BELOW_KEYWORD, keyword.ndcg()));
      }
    });
    assertEquals(List.of(), drops, "hybrid figures below " + BASELINE + " or keyword's; see " + OUT.resolve("report.md"));
  }
}
