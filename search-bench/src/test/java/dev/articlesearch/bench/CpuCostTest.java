package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuCostTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Spins until this thread has used {@code millis} of CPU. */
  private static long burn(long millis) {
    long until = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000;
    long x = 0;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      x += Long.numberOfTrailingZeros(x + 1);
    }
    return x;
  }

  @Test
  void aProcessesTicksFromProcCountTheCpuItUsed() throws Exception {
    long pid = ProcessHandle.current().pid();
    long ticks = CpuCost.ticks(pid);
    long nanos = CpuCost.processNanos();
    burn(400);
    long usedTicks = CpuCost.ticks(pid) - ticks;
    long usedNanos = CpuCost.processNanos() - nanos;
    // 400 ms of this thread is at least 40 ticks of 10 ms (one lost to rounding), and at least
    // as much of the process's CPU clock
    assertTrue(usedTicks >= 39, usedTicks + " ticks");
    assertTrue(usedNanos >= 400_000_000L, usedNanos + " ns");
  }

  @Test
  void aStepCountsEveryAnsweredRequest() throws Exception {
    CpuCost.Step step = CpuCost.measure(c -> q -> true, List.of("人工智能", "model"), 2, 0.2, -1);
    assertTrue(step.requests() > 0);
    assertEquals(-1, step.serverMicros());
    assertTrue(step.localMicros() > 0);
  }

  @Test
  void aStepWithFailedRequestsIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CpuCost.measure(c -> q -> !q.equals("智谱"), List.of("智谱"), 1, 0.1, -1));
    assertTrue(e.getMessage().matches("\\d+ of \\d+ requests failed"), e.getMessage());
  }
}
