package dev.articlesearch.bench;

import com.ibm.icu.text.Transliterator;

/**
 * Converts traditional Chinese to simplified with ICU's {@code Traditional-Simplified}
 * transliterator: most of the poetry is in traditional characters, the documentation and most
 * users' queries in simplified ones, and a benchmark should measure the common case.
 *
 * <p>Not thread-safe (ICU does not promise that its transliterators are): one instance per thread.
 */
final class TraditionalToSimplified {
  private final Transliterator icu = Transliterator.getInstance("Traditional-Simplified");

  String convert(String text) {
    return icu.transliterate(text);
  }
}
