package dev.articlesearch.core.internal.util;

/** Argument checks whose messages name the parameter and the bad value. */
public final class Validate {
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "' must be at least " + min + ", was " + value);
    }
    return value;
  }

  public static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "' must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException("Parameter '" + name + "' must not be null");
    }
    return value;
  }

  public static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Parameter '" + name + "' must not be blank");
    }
    return value;
  }

  private Validate() {}
}
