package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.SearchTimeoutException;
import java.time.Duration;
import org.apache.lucene.index.QueryTimeout;

/**
 * The time budget of library calls, as one {@link QueryTimeout} for the shared searchers: a
 * searcher serves every thread at once, so each thread keeps its own deadline, set when a call
 * starts and cleared when it ends. Threads without one (the index's own refresh work) never time
 * out. Lucene asks it while collecting hits ({@code IndexSearcher.setTimeout}, which then quietly
 * returns partial results) and while enumerating terms ({@code ExitableDirectoryReader}, which
 * throws); it remembers that it said stop, so a partial result is never passed off as whole.
 */
public final class TimeBudget implements QueryTimeout {
  /** Per thread: {deadline in System.nanoTime, 1 once it fired}; null when no call is running. */
  private final ThreadLocal<long[]> deadline = new ThreadLocal<>();

  private final Duration timeout;

  public TimeBudget(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Starts this thread's budget, unless a call is already running on it (a call made inside
   * another shares its budget). Returns whether it started one, and so must {@link #end} it.
   */
  public boolean start() {
    if (deadline.get() != null) {
      return false;
    }
    deadline.set(new long[] {System.nanoTime() + timeout.toNanos(), 0});
    return true;
  }

  /** Ends this thread's budget; true if it ran out (Lucene may have returned partial results). */
  public boolean end() {
    long[] d = deadline.get();
    deadline.remove();
    return d != null && d[1] != 0;
  }

  /** Throws if this thread's budget ran out: for long loops of the library's own. */
  public void check() {
    if (shouldExit()) {
      throw new SearchTimeoutException(timeout);
    }
  }

  /**
   * Runs work that must finish whatever the budget (building a cache other calls share): the
   * time it takes is still counted, but nothing in it is stopped.
   */
  public <T, E extends Exception> T unbounded(ThrowingSupplier<T, E> work) throws E {
    long[] d = deadline.get();
    deadline.remove();
    try {
      return work.get();
    } finally {
      if (d != null) {
        deadline.set(d);
      }
    }
  }

  public interface ThrowingSupplier<T, E extends Exception> {
    T get() throws E;
  }

  /**
   * What is left of this thread's budget (zero once it ran out), or the whole timeout when no call
   * is running: for an engine that passes the budget on to a server it asks.
   */
  public Duration remaining() {
    long[] d = deadline.get();
    return d == null ? timeout : Duration.ofNanos(Math.max(0, d[0] - System.nanoTime()));
  }

  @Override
  public boolean shouldExit() {
    long[] d = deadline.get();
    if (d == null) {
      return false;
    }
    if (d[1] == 0 && System.nanoTime() - d[0] > 0) {
      d[1] = 1;
    }
    return d[1] != 0;
  }

  @Override
  public String toString() {
    return "timeout " + timeout.toMillis() + " ms";
  }
}
