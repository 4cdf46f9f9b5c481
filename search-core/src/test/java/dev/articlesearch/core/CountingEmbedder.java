package dev.articlesearch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small real embedder for the core's tests, no model needed: each text's character bigrams
 * (lower-cased) hashed into 64 dimensions, unit length; Han text into space {@code zh}, the rest
 * into {@code en}, as the search-semantic module splits them. Texts sharing bigrams are near. It
 * counts the texts it embeds, so tests can say which paragraphs an update embedded.
 */
final class CountingEmbedder implements Embedder {
  static final List<Space> SPACES = List.of(new Space("zh", 64), new Space("en", 64));

  private final String id;
  final AtomicLong embedded = new AtomicLong();
  final List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());

  CountingEmbedder() {
    this("bigram-hash-64");
  }

  CountingEmbedder(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<Space> spaces() {
    return SPACES;
  }

  @Override
  public List<Vector> embedParagraph(String text) {
    embedded.incrementAndGet();
    texts.add(text);
    return List.of(vector(text));
  }

  @Override
  public List<Vector> embedQuery(String text) {
    return List.of(vector(text));
  }

  private static Vector vector(String text) {
    String t = text.toLowerCase(java.util.Locale.ROOT);
    float[] v = new float[64];
    boolean han = t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    for (int i = 0; i + 1 < t.length(); i++) {
      v[Math.floorMod(t.substring(i, i + 2).hashCode(), 64)] += 1;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1;
      norm = 1;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return new Vector(han ? "zh" : "en", v);
  }

  @Override
  public void close() {}
}
