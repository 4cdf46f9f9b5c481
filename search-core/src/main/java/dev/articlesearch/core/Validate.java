package dev.articlesearch.core;

/** Argument checks whose messages name the parameter and the bad value. */
final class Validate {
  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "' must be at least " + min + ", was " + value);
    }
    return value;
  }

  static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Parameter '" + name + "' must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException("Parameter '" + name + "' must not be null");
    }
    return value;
  }

  static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Parameter '" + name + "' must not be blank");
    }
    return value;
  }

  private Validate() {}
}
