package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopTenOverlapTest {
  private static TopTenOverlap.QueryAgreement agreement(List<String> ours, List<String> peer,
      List<Float> ourScores, List<Float> peerScores, long peerTotal) {
    return new TopTenOverlap.QueryAgreement("q", 5, peerTotal, ours, peer, ourScores, peerScores, null);
  }

  @Test
  void sameHitsInOtherOrderAgreeAsASetOnly() {
    var a = agreement(List.of("a#1", "b#2"), List.of("b#2", "a#1"), List.of(2f, 1f), List.of(2f, 1f), 5);
    assertFalse(a.sameOrder());
    assertTrue(a.sameSet());
    assertEquals(1.0, a.overlap());
    assertEquals(0.5, a.maxScoreDifference(), 1e-6); // a#1: 2 vs 1
  }

  @Test
  void overlapIsOverTheLongerPage() {
    var a = agreement(List.of("a#1", "b#2", "c#3", "d#4"), List.of("a#1", "b#2"), List.of(4f, 3f, 2f, 1f),
        List.of(4f, 3.75f), 4);
    assertEquals(0.5, a.overlap());
    assertEquals(0.2, a.maxScoreDifference(), 1e-6); // b#2: 3 vs 3.75
  }

  @Test
  void scoresApartByMoreThanRoundingAreCountedApart() {
    var close = agreement(List.of("a#1"), List.of("a#1"), List.of(2f), List.of(2.000002f), 5);
    var far = agreement(List.of("a#1"), List.of("a#1"), List.of(2f), List.of(1f), 5);
    TopTenOverlap.Summary s = TopTenOverlap.summarize(List.of(close, far));
    assertEquals(1, s.sameScores());
    assertEquals(1e-6, s.roundingDifference(), 1e-7);
    assertEquals(0.5, s.maxScoreDifference(), 1e-9);
  }

  @Test
  void untranslatableNeverAgrees() {
    var a = new TopTenOverlap.QueryAgreement("q", 1, 0, List.of("a#1"), List.of(), List.of(1f), List.of(), "no");
    assertFalse(a.sameSet());
    assertEquals(0, a.overlap());
  }

  @Test
  void summaryCountsEachKindOfAgreement() {
    var same = agreement(List.of("a#1"), List.of("a#1"), List.of(2f), List.of(2.000002f), 5);
    var otherTotal = agreement(List.of("a#1"), List.of("a#1"), List.of(1f), List.of(1f), 4);
    var empty = agreement(List.of(), List.of(), List.of(), List.of(), 5);
    var other = agreement(List.of("a#1"), List.of("b#1"), List.of(1f), List.of(1f), 5);
    TopTenOverlap.Summary s = TopTenOverlap.summarize(List.of(same, otherTotal, empty, other));
    assertEquals(4, s.queries());
    assertEquals(3, s.sameOrder());
    assertEquals(3, s.sameSet());
    assertEquals(3, s.sameTotal());
    assertEquals(0.75, s.meanOverlap(), 1e-9);
    assertEquals(0.75, s.sameSetFraction(), 1e-9);
    assertEquals(4, s.sameScores());
    assertEquals(1e-6, s.roundingDifference(), 1e-7);
    assertEquals(1e-6, s.maxScoreDifference(), 1e-7);
  }
}
