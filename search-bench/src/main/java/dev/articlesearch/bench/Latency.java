package dev.articlesearch.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of request times, in milliseconds (nearest-rank: p99 of 1,000 samples is
 * the 990th smallest).
 */
record Latency(int count, double p50, double p95, double p99, double max, double mean) {
  static Latency of(long[] nanos, int count) {
    if (count == 0) {
      return new Latency(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new Latency(count, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)), ms(rank(sorted, 0.99)),
        ms(sorted[count - 1]), sum / count / 1e6);
  }

  private static long rank(long[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
