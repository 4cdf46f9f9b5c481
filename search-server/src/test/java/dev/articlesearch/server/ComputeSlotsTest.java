package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The turns the server's library calls take: how many at once, in which order, and when not. */
class ComputeSlotsTest {
  @Test
  void noMoreCallsComputeAtOnceThanThereAreSlots() throws Exception {
    ComputeSlots slots = ComputeSlots.of(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String query = "搜索 " + i;
        answers.add(threads.submit(() -> slots.call(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          await(go);
          running.decrementAndGet();
          return query;
        })));
      }
      waitUntil(() -> slots.waiting() == 4);
      assertEquals(2, running.get(), "two compute, four wait");
      go.countDown();
      for (int i = 0; i < 6; i++) {
        assertEquals("搜索 " + i, answers.get(i).get(10, TimeUnit.SECONDS));
      }
      assertEquals(2, most.get());
      assertEquals(0, slots.waiting());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void callsWaitingForASlotGoInTheOrderTheyCame() throws Exception {
    ComputeSlots slots = ComputeSlots.of(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> calls = new ArrayList<>();
      calls.add(threads.submit(() -> slots.call(() -> {
        started.countDown();
        return await(go);
      })));
      await(started);
      for (int i = 0; i < 5; i++) {
        int n = i;
        calls.add(threads.submit(() -> slots.call(() -> order.add(n))));
        waitUntil(() -> slots.waiting() == n + 1);
      }
      go.countDown();
      for (Future<?> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
      assertEquals(List.of(0, 1, 2, 3, 4), order);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aCallThatFailsGivesItsSlotBack() {
    ComputeSlots slots = ComputeSlots.of(1);
    assertThrows(IllegalStateException.class, () -> slots.call(() -> {
      throw new IllegalStateException("索引坏了");
    }));
    assertEquals("下一个", slots.call(() -> "下一个"));
  }

  @Test
  void aWaitCutOffByTheStopAnswers503Unavailable() throws Exception {
    ComputeSlots slots = ComputeSlots.of(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> slots.call(() -> {
      started.countDown();
      return await(go);
    }));
    await(started);
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        slots.call(() -> "never");
        refused.complete(null);
      } catch (RuntimeException e) {
        refused.complete(e);
      }
    });
    waitUntil(() -> slots.waiting() == 1);
    waiter.interrupt();
    ApiException e = assertInstanceOf(ApiException.class, refused.get(10, TimeUnit.SECONDS));
    assertEquals(503, e.status);
    assertEquals("unavailable", e.code);
    assertEquals("The server is stopping", e.getMessage());
    go.countDown();
    assertTrue(busy.get(10, TimeUnit.SECONDS));
    assertEquals("还能用", slots.call(() -> "还能用"), "the refused wait took no slot");
  }

  @Test
  void aClusterEnginesCallsAreNeverHeldBack() throws Exception {
    CountDownLatch all = new CountDownLatch(8);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(threads.submit(() -> ComputeSlots.UNLIMITED.call(() -> {
          all.countDown();
          return await(all); // only returns once all eight run at once
        })));
      }
      for (Future<Boolean> call : calls) {
        assertTrue(call.get(10, TimeUnit.SECONDS));
      }
      assertEquals(0, ComputeSlots.UNLIMITED.waiting());
    } finally {
      threads.shutdownNow();
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting");
      Thread.sleep(5);
    }
  }
}
