package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for the tests: the Prometheus
 * Java client under Micrometer's registry writes the format but has no parser. It fails on what
 * Prometheus would reject or misread: a line that is not a comment or a sample, a bad metric or
 * label name, a label value with an unknown escape, a value that is not a Go float, a sample
 * before its family's {@code # TYPE}, a suffix its type does not have, a series twice, a
 * histogram whose buckets are not cumulative or whose {@code +Inf} bucket is not its count.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(Inf|NaN|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)");

  /** One sample: its metric name, labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** The types by family name, the help texts, and every sample in order. */
  final Map<String, String> types = new LinkedHashMap<>();
  final Map<String, String> help = new HashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    assertTrue(text.endsWith("\n"), "the exposition ends with a line feed");
    Map<String, Double> seen = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ", 4);
        assertTrue(parts.length == 4 && NAME.matcher(parts[2]).matches(), line);
        if (parts[1].equals("TYPE")) {
          assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]), line);
          assertEquals(null, p.types.put(parts[2], parts[3]), "one TYPE per family: " + line);
          assertFalse(p.samples.stream().anyMatch(s -> family(p, s.name()) != null
              && family(p, s.name()).equals(parts[2])), "TYPE before the family's samples: " + line);
        } else {
          p.help.put(parts[2], parts[3]);
        }
        continue;
      }
      assertFalse(line.startsWith("#") && !line.startsWith("# "), line);
      if (line.startsWith("# ")) {
        continue; // a comment
      }
      Sample s = sample(line);
      String family = family(p, s.name());
      assertNotNull(family, "a sample of no declared family (or a suffix its type lacks): " + line);
      String key = s.name() + new TreeMap<>(s.labels());
      assertEquals(null, seen.put(key, s.value()), "the same series twice: " + line);
      p.samples.add(s);
    }
    p.checkHistograms();
    return p;
  }

  /** The family a sample belongs to, by its name and the suffixes its family's type allows. */
  private static String family(PrometheusText p, String name) {
    if (p.types.containsKey(name)) {
      String type = p.types.get(name);
      return type.equals("histogram") || type.equals("summary") ? null : name;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = p.types.get(base);
        if ("histogram".equals(type) || "summary".equals(type) && !suffix.equals("_bucket")) {
          return base;
        }
      }
    }
    return null;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    assertTrue(space > 0, "no value: " + line);
    String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
    assertTrue(NAME.matcher(name).matches(), "metric name: " + line);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = name.length();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        assertTrue(eq > i, "label: " + line);
        String label = line.substring(i, eq);
        assertTrue(LABEL.matcher(label).matches(), "label name '" + label + "': " + line);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char e = line.charAt(++j);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> fail("escape \\" + e + " in a label value: " + line);
            }
          } else {
            value.append(c);
          }
        }
        assertEquals(null, labels.put(label, value.toString()), "label twice: " + line);
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).strip().split(" ");
    assertTrue(line.charAt(i) == ' ' && rest.length >= 1 && rest.length <= 2, "value: " + line);
    assertTrue(FLOAT.matcher(rest[0]).matches(), "value '" + rest[0] + "': " + line);
    double value = switch (rest[0]) {
      case "NaN", "+NaN", "-NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(rest[0]);
    };
    return new Sample(name, labels, value);
  }

  /** Each histogram series: cumulative buckets, the last one +Inf and equal to the count. */
  private void checkHistograms() {
    types.forEach((family, type) -> {
      if (!type.equals("histogram")) {
        return;
      }
      Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(family + "_bucket")) {
          Map<String, String> series = new TreeMap<>(s.labels());
          series.remove("le");
          buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
        }
      }
      buckets.forEach((series, list) -> {
        double before = 0;
        double bound = Double.NEGATIVE_INFINITY;
        for (Sample b : list) {
          double le = Double.parseDouble(b.labels().get("le").replace("+Inf", "Infinity"));
          assertTrue(le > bound && b.value() >= before, family + series + " buckets in order");
          bound = le;
          before = b.value();
        }
        assertEquals(Double.POSITIVE_INFINITY, bound, family + series + " ends with +Inf");
        assertEquals(before, value(family + "_count", series), family + series + " +Inf = count");
      });
    });
  }

  /** The value of the one series with exactly these labels, or null if there is none. */
  Double value(String name, Map<String, String> labels) {
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().equals(labels)) {
        return s.value();
      }
    }
    return null;
  }

  /** The samples of {@code name}, whatever their labels. */
  List<Sample> all(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }
}
