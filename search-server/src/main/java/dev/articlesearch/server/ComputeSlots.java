package dev.articlesearch.server;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets at most one search (or highlight, related or suggest call) per core compute at a time on
 * the embedded index; the other requests wait their turn, parked, in the order they came.
 *
 * <p>A search on this machine's index is CPU work from start to end. With a thread per
 * connection, sixteen connections on two cores meant sixteen searches sharing the cores, and the
 * JIT's compiler threads getting an eighteenth of them: a fresh server compiled its search path
 * for minutes (on the seeds at 16 connections, still rising at 2,468 searches/s after 50 s).
 * Taking turns, the compiler gets its share (level at 2,850-3,170 searches/s after 25 s) and the
 * p99 falls from 25-32 to 8-11 ms; once compiled the cores do the same work as before.
 */
final class ComputeSlots {
  /** No limit: a cluster's searches wait on the network, not on this machine's cores. */
  static final ComputeSlots UNLIMITED = new ComputeSlots(null);

  /** Fair: a request that has waited goes first, so no search waits for long behind later ones. */
  private final Semaphore slots;

  private ComputeSlots(Semaphore slots) {
    this.slots = slots;
  }

  /** {@code n} calls at a time. */
  static ComputeSlots of(int n) {
    return new ComputeSlots(new Semaphore(n, true));
  }

  /** One call at a time per core the JVM may use. */
  static ComputeSlots perCore() {
    return of(Runtime.getRuntime().availableProcessors());
  }

  /** The requests waiting for a slot now (an estimate, as the semaphore gives it). */
  int waiting() {
    return slots == null ? 0 : slots.getQueueLength();
  }

  /** Runs {@code work} once a slot is free. */
  <T> T call(Supplier<T> work) {
    if (slots == null) {
      return work.get();
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping and cut this request off
      throw ApiException.unavailable("The server is stopping");
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }
}
