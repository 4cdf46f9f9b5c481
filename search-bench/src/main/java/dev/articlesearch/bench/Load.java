package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * Drives one kind of request (a {@link Probe}) over a query set, as a load tool would: either
 * closed-loop (each client sends its next query when the last one answered: the most a system
 * serves) or at a fixed rate (each request has its scheduled start time, and its latency is
 * counted from that time, so queueing behind a slow request shows instead of being hidden).
 */
final class Load {
  /** One request; returns false for a failed answer (wrong status), throws for a lost one. */
  @FunctionalInterface
  interface Probe {
    boolean call(String query) throws Exception;
  }

  /** Makes one probe per client: each client has its own connection. */
  @FunctionalInterface
  interface Clients {
    Probe open(int client) throws Exception;
  }

  /** What a run measured. */
  record Result(int clients, long requests, long errors, double seconds, double perSecond,
      Latency latency) {}

  private Load() {}

  /** Every query once, one after another, after the {@linkplain #warmUp warm-up passes}. */
  static Result sequential(Probe probe, List<String> queries, double warmup, int minPasses)
      throws Exception {
    warmUp(probe, queries, warmup, minPasses);
    long[] times = new long[queries.size()];
    long start = System.nanoTime();
    long errors = pass(probe, queries, times, 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(1, queries.size(), errors, seconds, queries.size() / seconds,
        Latency.of(times, times.length));
  }

  /**
   * One probe's share of {@link #alternating}: all its measured passes together, and each pass's
   * own latency.
   */
  record Passes(Result all, List<Latency> each) {}

  /**
   * Several probes measured in alternating passes over the query set, so that they share whatever
   * the machine does meanwhile: measured one after the other, a minute apart, the library's p50
   * over plain Lucene's ranged from 1.65 to 3.01× in four starts of the same code on this
   * machine. Each probe is first warmed up as in {@link #sequential}, then all run one unmeasured
   * round, then {@code passes} measured rounds; the order turns every round (A B, B A, A B…) so
   * that neither always runs first.
   */
  static List<Passes> alternating(List<Probe> probes, List<String> queries, double warmup,
      int minPasses, int passes) throws Exception {
    if (passes < 1) {
      throw new IllegalArgumentException("passes must be at least 1, not " + passes);
    }
    for (Probe probe : probes) {
      warmUp(probe, queries, warmup, minPasses);
    }
    for (Probe probe : probes) {
      pass(probe, queries, new long[queries.size()], 0);
    }
    int n = queries.size();
    long[][] times = new long[probes.size()][passes * n];
    long[] errors = new long[probes.size()];
    long[] nanos = new long[probes.size()];
    for (int round = 0; round < passes; round++) {
      for (int k = 0; k < probes.size(); k++) {
        int p = turn(round, k, probes.size());
        long start = System.nanoTime();
        errors[p] += pass(probes.get(p), queries, times[p], round * n);
        nanos[p] += System.nanoTime() - start;
      }
    }
    List<Passes> results = new ArrayList<>();
    for (int p = 0; p < probes.size(); p++) {
      List<Latency> each = new ArrayList<>();
      for (int round = 0; round < passes; round++) {
        each.add(Latency.of(Arrays.copyOfRange(times[p], round * n, (round + 1) * n), n));
      }
      double seconds = nanos[p] / 1e9;
      results.add(new Passes(new Result(1, (long) passes * n, errors[p], seconds,
          passes * n / seconds, Latency.of(times[p], passes * n)), each));
    }
    return results;
  }

  /**
   * Warm-up passes over the whole set: at least {@code minPasses} of them, for at least {@code
   * warmup} seconds, and until the last three took within 5% of each other, so the JIT has
   * compiled the hot paths; never more than ten times {@code warmup}. A pass count, not only a
   * time, because a freshly started server on the 1m corpus sits at a stable plateau 50% slower
   * than its final speed for passes 4 to 9 (about 40 s) while C2 still compiles: "stable" alone
   * stopped there.
   */
  private static void warmUp(Probe probe, List<String> queries, double warmup, int minPasses) {
    long warmStart = System.nanoTime();
    long[] recent = new long[3];
    for (int passes = 1; ; passes++) {
      long passStart = System.nanoTime();
      for (String q : queries) {
        call(probe, q);
      }
      recent[passes % 3] = System.nanoTime() - passStart;
      double elapsed = (System.nanoTime() - warmStart) / 1e9;
      long fastest = Math.min(recent[0], Math.min(recent[1], recent[2]));
      long slowest = Math.max(recent[0], Math.max(recent[1], recent[2]));
      boolean stable = passes >= 3 && slowest <= 1.05 * fastest;
      if (elapsed >= 10 * warmup || (elapsed >= warmup && passes >= minPasses && stable)) {
        return;
      }
    }
  }

  /** Every query once, each one's time into {@code times} from {@code at}; returns the failures. */
  private static long pass(Probe probe, List<String> queries, long[] times, int at) {
    long errors = 0;
    for (int i = 0; i < queries.size(); i++) {
      long t0 = System.nanoTime();
      if (!call(probe, queries.get(i))) {
        errors++;
      }
      times[at + i] = System.nanoTime() - t0;
    }
    return errors;
  }

  /** {@code clients} threads, each sending its next query as soon as the last one answered. */
  static Result closedLoop(Clients factory, List<String> queries, int clients, double seconds)
      throws Exception {
    return run(factory, queries, clients, 0, elapsed -> elapsed >= seconds * 1e9);
  }

  /**
   * {@code rate} requests per second in all, spread over {@code clients} threads, each request
   * timed from when it was due.
   */
  static Result fixedRate(Clients factory, List<String> queries, int clients, double seconds,
      double rate) throws Exception {
    return run(factory, queries, clients, rate, elapsed -> elapsed >= seconds * 1e9);
  }

  /** As {@link #fixedRate}, for as long as {@code running} holds and then {@code tail} seconds more. */
  static Result fixedRateWhile(Clients factory, List<String> queries, int clients, double rate,
      BooleanSupplier running, double tail) throws Exception {
    long[] stoppedAt = {-1};
    return run(factory, queries, clients, rate, elapsed -> {
      synchronized (stoppedAt) {
        if (stoppedAt[0] < 0 && !running.getAsBoolean()) {
          stoppedAt[0] = elapsed;
        }
        return stoppedAt[0] >= 0 && elapsed - stoppedAt[0] >= tail * 1e9;
      }
    });
  }

  /**
   * Closed-loop steps of several engines in turn, as {@link #alternating} does for latency:
   * {@code rounds} rounds, in each one step of {@code seconds / rounds} per engine, the order
   * turning every round; each engine's requests and latencies pooled over its steps. Measured one
   * after the other, the library's throughput at 4 clients on the 1m corpus read 1,932 and 2,873
   * searches/s two minutes apart.
   */
  static List<Result> closedLoopInTurn(List<Clients> factories, List<String> queries,
      int clients, double seconds, int rounds) throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
    }
    int engines = factories.size();
    List<List<Steps>> steps = new ArrayList<>();
    for (int e = 0; e < engines; e++) {
      steps.add(new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < engines; k++) {
        int e = turn(round, k, engines);
        steps.get(e).add(steps(factories.get(e), queries, clients, 0,
            elapsed -> elapsed >= seconds / rounds * 1e9));
      }
    }
    List<Result> results = new ArrayList<>();
    for (List<Steps> mine : steps) {
      results.add(Steps.pooled(mine).result(clients));
    }
    return results;
  }

  /** Which of {@code n} engines goes {@code k}th in {@code round}: A B, B A, A B… */
  private static int turn(int round, int k, int n) {
    return round % 2 == 0 ? k : n - 1 - k;
  }

  /** One step's (or several steps') request times (the first {@code count}), failures and length. */
  private record Steps(long[] times, int count, long errors, double seconds) {
    /** Several steps as one: their requests, failures and seconds added up. */
    static Steps pooled(List<Steps> steps) {
      int total = 0;
      for (Steps s : steps) {
        total += s.count();
      }
      long[] all = new long[total];
      int at = 0;
      long errors = 0;
      double seconds = 0;
      for (Steps s : steps) {
        System.arraycopy(s.times(), 0, all, at, s.count());
        at += s.count();
        errors += s.errors();
        seconds += s.seconds();
      }
      return new Steps(all, total, errors, seconds);
    }

    Result result(int clients) {
      return new Result(clients, count, errors, seconds, count / seconds, Latency.of(times, count));
    }
  }

  /** Runs until {@code done} says so, given the nanoseconds since the start. */
  private static Result run(Clients factory, List<String> queries, int clients, double rate,
      LongPredicate done) throws Exception {
    return steps(factory, queries, clients, rate, done).result(clients);
  }

  private static Steps steps(Clients factory, List<String> queries, int clients, double rate,
      LongPredicate done) throws Exception {
    List<Probe> probes = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      probes.add(factory.open(c));
    }
    long intervalPerClient = rate > 0 ? (long) (clients * 1e9 / rate) : 0;
    Steps[] each = new Steps[clients]; // each client's own, pooled at the end
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime() + 20_000_000; // all clients start together
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        long errors = 0;
        int q = client * 7919 % queries.size(); // clients walk the set from different places
        LockSupport.parkNanos(start - System.nanoTime());
        long due = start + (intervalPerClient > 0 ? client * intervalPerClient / clients : 0);
        while (true) {
          long now = System.nanoTime();
          if (done.test(now - start)) {
            break;
          }
          if (intervalPerClient > 0) {
            if (due > now) {
              LockSupport.parkNanos(due - now);
            }
          } else {
            due = now;
          }
          boolean ok = call(probes.get(client), queries.get(q));
          long took = System.nanoTime() - due;
          if (!ok) {
            errors++;
          }
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = took;
          q = (q + 1) % queries.size();
          due += intervalPerClient;
        }
        each[client] = new Steps(mine, n, errors, 0);
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Probe p : probes) {
      if (p instanceof AutoCloseable c) {
        c.close();
      }
    }
    // The clients ran side by side: the step lasted as long as it took, not the sum of theirs.
    Steps all = Steps.pooled(List.of(each));
    return new Steps(all.times(), all.count(), all.errors(), (System.nanoTime() - start) / 1e9);
  }

  private static boolean call(Probe probe, String query) {
    try {
      return probe.call(query);
    } catch (Exception e) {
      return false;
    }
  }
}
