package dev.articlesearch.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/**
 * A corpus size as the command line gives it: {@code 10k}, {@code 100k}, {@code 1m}, or a plain
 * number of paragraphs.
 *
 * @param label as given, lower-cased: the output is {@code corpus-<label>/} and {@code
 *     queries-<label>.tsv}
 * @param paragraphs the paragraphs the corpus should have
 */
record CorpusSize(String label, long paragraphs) {
  static CorpusSize parse(String text) {
    String label = text.strip().toLowerCase(Locale.ROOT);
    if (!label.matches("[1-9][0-9]*[km]?")) {
      throw new IllegalArgumentException(
          "Size '" + text + "' must be a number of paragraphs, optionally with k or m: 10k, 1m");
    }
    long multiplier = label.endsWith("k") ? 1_000 : label.endsWith("m") ? 1_000_000 : 1;
    String digits = multiplier == 1 ? label : label.substring(0, label.length() - 1);
    return new CorpusSize(label, Long.parseLong(digits) * multiplier);
  }

  /** For picocli's {@code --sizes}: a bad size becomes a usage error naming the value. */
  static final class Converter implements ITypeConverter<CorpusSize> {
    @Override
    public CorpusSize convert(String value) {
      return parse(value);
    }
  }
}
