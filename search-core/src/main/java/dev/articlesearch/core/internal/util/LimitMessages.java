package dev.articlesearch.core.internal.util;

import java.text.NumberFormat;
import java.util.Locale;

/** How every refusal for a limit reads, whichever check makes it. */
public final class LimitMessages {
  private LimitMessages() {}

  /** {@code "the limit (name) is 1,000"}: how every refusal names the limit it hit. */
  public static String named(String name, long value) {
    return "the limit (" + name + ") is " + thousands(value);
  }

  /** 1,204: numbers in messages are grouped the same way whatever the JVM's locale. */
  public static String thousands(long n) {
    return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
  }
}
