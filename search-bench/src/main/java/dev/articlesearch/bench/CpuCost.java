package dev.articlesearch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time per request at a number of closed-loop clients: the library's searches in this
 * process, and over HTTP the server's and this process's (the load client's) for the same
 * searches and for a request the server answers with a 404 (Jetty, Javalin and loopback TCP and
 * nothing else). The load client shares the machine's cores with the server, so every
 * microsecond either spends is one the searches cannot have: with the cores busy, HTTP keeps at
 * most library ÷ (library + a 404's cost) of the library's throughput.
 */
final class CpuCost {
  /** The kernel's clock ticks per second in /proc/PID/stat (USER_HZ: 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private CpuCost() {}

  /**
   * CPU µs per request of one closed-loop step: in the server's process (-1 when it runs in
   * this one), and in this one (the load client's, or the library's when it is searched here).
   */
  record Step(long requests, double perSecond, double serverMicros, double localMicros) {
    /** Both processes' CPU per request: what the step costs the machine's cores. */
    double together() {
      return Math.max(0, serverMicros) + localMicros;
    }
  }

  /**
   * A step of {@code seconds} at {@code clients} clients after one as long to warm up; {@code
   * serverPid} is the process whose CPU is counted as the server's, or -1 if it runs in this one.
   */
  static Step measure(Load.Clients clients, List<String> queries, int count, double seconds,
      long serverPid) throws Exception {
    Load.closedLoop(clients, queries, count, seconds);
    long here = processNanos();
    long server = serverPid < 0 ? 0 : ticks(serverPid);
    Load.Result r = Load.closedLoop(clients, queries, count, seconds);
    if (r.errors() > 0) {
      throw new IllegalStateException(r.errors() + " of " + r.requests() + " requests failed");
    }
    double localMicros = (processNanos() - here) / 1e3 / r.requests();
    double serverMicros = serverPid < 0 ? -1
        : (ticks(serverPid) - server) / TICKS_PER_SECOND * 1e6 / r.requests();
    return new Step(r.requests(), r.perSecond(), serverMicros, localMicros);
  }

  /** This process's CPU time in ns (all threads). */
  static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A process's user and system CPU time in clock ticks, from /proc (Linux). */
  static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // after "pid (comm) ": state is field 3, utime field 14 and stime field 15
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
