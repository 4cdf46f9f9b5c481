package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judged query set must not score below the committed baseline. Writes the report to
 * {@code search-core/target/eval/report.md} and the figures as a proposed baseline beside it.
 */
class EvaluationTest {
  static final Path JUDGMENTS = Path.of("..", "eval", "judgments.tsv");
  static final Path BASELINE = Path.of("..", "eval", "baseline.tsv");
  static final Path OUT = Path.of("target", "eval");

  @Test
  void metricsOfAPerfectAndOfAnEmptyRanking() {
    Map<String, Integer> grades = Map.of("a#1", 2, "a#2", 1);
    assertEquals(new Evaluation.Scores(1, 1, 1), Evaluation.score(List.of("a#1", "a#2"), grades));
    assertEquals(new Evaluation.Scores(0, 0, 0), Evaluation.score(List.of("b#1"), grades));
    Evaluation.Scores swapped = Evaluation.score(List.of("x#9", "a#2", "a#1"), grades);
    assertEquals(0.5, swapped.mrr());
    assertEquals(1.0, swapped.recall());
    // DCG = 1/log2(3) + 3/log2(4); ideal = 3/log2(2) + 1/log2(3)
    double dcg = 1 / (Math.log(3) / Math.log(2)) + 3 / 2.0;
    double idcg = 3 + 1 / (Math.log(3) / Math.log(2));
    assertEquals(dcg / idcg, swapped.ndcg(), 1e-12);
  }

  @Test
  void judgedSetScoresAtLeastTheBaseline(@TempDir Path dir) throws IOException {
    List<Evaluation.Judged> judged = Evaluation.read(JUDGMENTS);
    assertTrue(judged.size() >= 60, "the judged set has " + judged.size() + " queries");
    Path corpus = TestIndexes.corpusOf(dir.resolve("corpus"), TestIndexes.SEEDS, TestIndexes.CHINESE);
    List<Evaluation.QueryResult> results;
    try (ArticleIndex index = TestIndexes.build(corpus, dir.resolve("index"))) {
      List<Evaluation.QueryResult> all = new ArrayList<>();
      judged.forEach(j -> all.add(Evaluation.run(index, j)));
      judged.forEach(j -> all.add(Evaluation.run(index, j, true)));
      results = all;
    }
    Map<String, Evaluation.Scores> scores = Evaluation.byGroup(results);
    Files.createDirectories(OUT);
    String report = Evaluation.report(results);
    Files.writeString(OUT.resolve("report.md"), report);
    Files.writeString(OUT.resolve("baseline.tsv"), Evaluation.baseline(scores));
    System.out.println(report);

    List<String> drops = Evaluation.belowBaseline(BASELINE, scores);
    assertEquals(List.of(), drops, "figures below eval/baseline.tsv; see " + OUT.resolve("report.md"));
  }
}
