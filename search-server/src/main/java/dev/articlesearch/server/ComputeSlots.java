package dev.articlesearch.server;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets only a few searches (or highlight, related or suggest calls) compute at a time on the
 * embedded index, {@link #forCores} of them; the other requests wait their turn, parked, in the
 * order they came.
 *
 * <p>A search on this machine's index is CPU work from start to end. With a thread per
 * connection, sixteen connections on two cores meant sixteen searches sharing the cores, and the
 * JIT's compiler threads getting an eighteenth of them: a fresh server compiled its search path
 * for minutes (on the seeds at 16 connections, 1,735 searches/s after 25 s, still rising after
 * 50 s). Taking turns, the compiler gets its share (3,086 searches/s after 25 s, then level), and
 * waiting in order keeps the slowest answers short: p99 8-10 ms against 12-20 ms. The
 * price, once warm, is a few per cent of throughput on the seeds (3,196-3,554 against
 * 3,383-3,908 searches/s), where a search is short and the hand-over of a slot counts.
 *
 * <p>Requests now run on virtual threads ({@link SearchServer}), so no more searches than cores
 * run at once anyway; the slots still keep the waiting order and count the waiters. Measured with
 * virtual threads on the seeds ({@code wrk -t2 -c16}, two servers side by side, rounds
 * alternated): 2,683-3,745 searches/s with four slots against 2,856-3,091 with no limit.
 *
 * <p>A virtual thread is never preempted, so while searches hold every carrier thread a request
 * that takes no slot ({@code /api/health}, {@code /metrics}, the page) waits for one of them to
 * end. With a spare carrier ({@link #addSpareCarrier}) the slots are one fewer than the carriers,
 * and one carrier is always free for the rest: on the 1m corpus at 16 connections on two cores,
 * {@code /api/health} answered in 0.23-0.39 ms at the median against 7.8-8.3 ms, for 7-19% fewer
 * searches/s (two servers side by side, rounds alternated).
 */
final class ComputeSlots {
  /** The JDK's setting for the number of carrier threads (one per core if unset). */
  static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

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

  /**
   * One and a half calls per core the JVM may use, plus one: Elasticsearch's size for its search
   * thread pool; with more carrier threads than cores (a spare carrier), one call fewer than
   * carriers. Measured here on two cores: two slots gave the same warm-up and p99 but 15-20%
   * fewer searches/s at 16 connections on the 1m corpus (a core idles while a woken waiter is
   * scheduled); four kept the throughput of no limit there (2,145-2,248 against 2,003-2,298).
   */
  static ComputeSlots forCores() {
    int cores = Runtime.getRuntime().availableProcessors();
    int carriers = Integer.getInteger(CARRIERS, cores);
    return of(carriers > cores ? carriers - 1 : cores * 3 / 2 + 1);
  }

  /**
   * Asks for one carrier thread more than cores, which {@link #forCores} then leaves free of
   * library calls, unless {@value #CARRIERS} is set already (more than cores: the same, one fewer
   * slot than carriers). Works only before the JVM's first virtual thread, which reads it.
   */
  static void addSpareCarrier() {
    if (System.getProperty(CARRIERS) == null) {
      System.setProperty(CARRIERS, String.valueOf(Runtime.getRuntime().availableProcessors() + 1));
    }
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
