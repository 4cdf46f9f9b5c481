package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTest {
  private static final List<String> QUERIES = List.of("人工智能", "large model", "智谱");

  /** Records, in order, which probe ran a whole pass; fails {@code failing} every time. */
  private static final class Recorder {
    final List<String> passes = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();

    Load.Probe probe(String name, String failing) {
      return q -> {
        current.append(name);
        if (current.length() == QUERIES.size()) {
          passes.add(current.toString().substring(0, 1));
          current.setLength(0);
        }
        return !q.equals(failing);
      };
    }
  }

  @Test
  void alternatingWarmsEachProbeThenRunsWholePassesInTurnsThatSwapEveryRound() throws Exception {
    Recorder recorder = new Recorder();
    List<Load.Passes> results = Load.alternating(
        List.of(recorder.probe("A", null), recorder.probe("B", "智谱")), QUERIES, 0, 1, 3);

    // one warm-up pass each (no least time), one unmeasured round, then A B, B A, A B
    assertEquals(List.of("A", "B", "A", "B", "A", "B", "B", "A", "A", "B"), recorder.passes);
    for (Load.Passes p : results) {
      assertEquals(3 * QUERIES.size(), p.all().requests());
      assertEquals(3 * QUERIES.size(), p.all().latency().count());
      assertEquals(3, p.each().size());
      assertEquals(QUERIES.size(), p.each().get(0).count());
    }
    assertEquals(0, results.get(0).all().errors());
    assertEquals(3, results.get(1).all().errors(), "the failing query once in each measured pass");
  }

  @Test
  void alternatingWantsAtLeastOneMeasuredPass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Load.alternating(List.of(q -> true), QUERIES, 0, 1, 0));
    assertEquals("passes must be at least 1, not 0", e.getMessage());
  }

  /** Notes that {@code engine} answered, once for each run of its answers without the other's. */
  private static void ran(List<String> order, String engine) {
    synchronized (order) {
      if (order.isEmpty() || !order.get(order.size() - 1).equals(engine)) {
        order.add(engine);
      }
    }
  }

  @Test
  void closedLoopInTurnGivesEachEngineItsStepsInTurnsThatSwapEveryRound() throws Exception {
    List<String> order = new ArrayList<>();
    Load.Clients a = c -> q -> {
      ran(order, "A");
      return true;
    };
    Load.Clients b = c -> q -> {
      ran(order, "B");
      return !q.equals("智谱");
    };
    List<Load.Result> results = Load.closedLoopInTurn(List.of(a, b), QUERIES, 2, 0.4, 4);

    // A B, B A, A B, B A: each turn runs on into the next round's first step
    assertEquals(List.of("A", "B", "A", "B", "A"), order);
    for (Load.Result r : results) {
      assertEquals(2, r.clients());
      assertEquals(r.requests(), r.latency().count());
      assertTrue(r.seconds() >= 0.4, r.seconds() + " s: four steps of 0.1 s");
    }
    assertEquals(0, results.get(0).errors());
    assertTrue(results.get(1).errors() > 0);
    assertThrows(IllegalArgumentException.class,
        () -> Load.closedLoopInTurn(List.of(a), QUERIES, 1, 1, 0));
  }

  @Test
  void sequentialMeasuresEveryQueryOnceAfterItsWarmUp() throws Exception {
    Recorder recorder = new Recorder();
    Load.Result r = Load.sequential(recorder.probe("A", "large model"), QUERIES, 0, 1);
    assertEquals(List.of("A", "A"), recorder.passes);
    assertEquals(QUERIES.size(), r.requests());
    assertEquals(1, r.errors());
  }
}
