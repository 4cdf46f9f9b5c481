package dev.articlesearch.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop clients that run one request after another until stopped, counting every answer
 * and keeping every failure: a fault test's "zero failed requests" is this count.
 */
final class SteadyLoad implements AutoCloseable {
  /** One request: returns normally when its answer was right, throws saying what was wrong. */
  interface Request {
    void run(int n) throws Exception;
  }

  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong done = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong slowest = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  /** Starts {@code clients} threads; client {@code c} runs {@code request(c).run(i)} for i = 0, 1, … */
  SteadyLoad(int clients, IntFunction<Request> request) {
    this(clients, Duration.ZERO, request);
  }

  /** As above, each client pausing {@code pause} after each request (not counted in its time). */
  SteadyLoad(int clients, Duration pause, IntFunction<Request> request) {
    for (int c = 0; c < clients; c++) {
      Request r = request.apply(c);
      Thread t = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          long started = System.nanoTime();
          try {
            r.run(i);
          } catch (Exception | AssertionError e) {
            failures.add(System.currentTimeMillis() + " " + e);
          }
          long took = (System.nanoTime() - started) / 1_000_000;
          slowest.accumulateAndGet(took, Math::max);
          done.incrementAndGet();
          if (pause.isPositive()) {
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }, "steady-load-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  long done() {
    return done.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** The slowest request so far, in milliseconds. */
  long slowestMillis() {
    return slowest.get();
  }

  /** Stops the clients and waits for their last requests. */
  @Override
  public void close() {
    stop.set(true);
    try {
      for (Thread t : threads) {
        t.join(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
