package dev.articlesearch.core;

import dev.articlesearch.core.internal.util.LimitMessages;
import java.time.Duration;

/**
 * A call ran past the time budget ({@link Limits#timeout()}) and was stopped: no partial answer is
 * returned, since a page cut short would look complete. Trying again later, or with a narrower
 * query, may succeed.
 */
public class SearchTimeoutException extends SearchException {
  private static final long serialVersionUID = 1L;
  private final Duration timeout;

  public SearchTimeoutException(Duration timeout) {
    super("The search ran past the time limit (timeout) of " + millis(timeout) + " ms");
    this.timeout = timeout;
  }

  /** 2,000, or 0.000001 for a budget below a millisecond (tests use those). */
  private static String millis(Duration d) {
    return d.toNanos() % 1_000_000 == 0
        ? LimitMessages.thousands(d.toMillis())
        : new java.math.BigDecimal(d.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString();
  }

  /** The budget it ran past. */
  public Duration timeout() {
    return timeout;
  }
}
