package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Suggestion;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.util.ArrayList;
import java.util.List;

/** The cluster's answers from the vocabulary field: did-you-mean's corrections and suggestions. */
final class ClusterVocabulary {
  private ClusterVocabulary() {}

  /**
   * From OpenSearch's term suggester, which runs the same DirectSpellChecker with the same
   * settings on each shard.
   */
  static String correction(ClusterEngine engine, String word) {
    ObjectNode known = ClusterClient.JSON.createObjectNode();
    known.putObject("query").putObject("term").put(IndexSchema.WORDS, word);
    known.put("size", 0);
    known.put("track_total_hits", 1);
    if (engine.search(known).path("hits").path("total").path("value").asLong() > 0) {
      return null;
    }
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode term = body.putObject("suggest").putObject("word").put("text", word)
        .putObject("term");
    // Lucene's DirectSpellChecker defaults, as Spelling uses it: the term as it is (no analysis),
    // three suggestions, only for a word not in the vocabulary.
    term.put("field", IndexSchema.WORDS);
    term.put("analyzer", "keyword");
    term.put("size", 3);
    term.put("suggest_mode", "missing");
    term.put("sort", "score");
    term.put("string_distance", "internal");
    term.put("max_edits", 2);
    term.put("prefix_length", 1);
    term.put("min_word_length", 4);
    term.put("accuracy", 0.5);
    term.put("max_inspections", 5);
    term.put("min_doc_freq", 0);
    term.put("max_term_freq", 0.01);
    for (JsonNode entry : engine.search(body).path("suggest").path("word")) {
      for (JsonNode option : entry.path("options")) {
        String text = option.path("text").asText();
        if (text.indexOf(' ') < 0) { // a word, not one of the two-word phrases
          return text;
        }
      }
    }
    return null;
  }

  /**
   * A terms aggregation over the vocabulary field: every shard's counts of every candidate, so
   * the sums are the vocabulary's own counts.
   */
  static List<Suggestion> completions(ClusterEngine engine, String key, int n) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode terms = body.putObject("aggs").putObject("words").putObject("terms");
    terms.put("field", IndexSchema.WORDS);
    terms.put("include", escapeRegExp(key) + ".*");
    terms.put("size", n);
    terms.put("shard_size", Math.max(n, 10_000));
    ArrayNode order = terms.putArray("order");
    order.addObject().put("_count", "desc");
    order.addObject().put("_key", "asc");
    List<Suggestion> out = new ArrayList<>();
    for (JsonNode b : engine.search(body).path("aggregations").path("words").path("buckets")) {
      out.add(new Suggestion(b.path("key").asText(), b.path("doc_count").asLong()));
    }
    return out;
  }

  /** Lucene's regular expression syntax: every character but letters and digits escaped. */
  static String escapeRegExp(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (!Character.isLetterOrDigit(c)) {
        out.append('\\');
      }
      out.appendCodePoint(c);
    });
    return out.toString();
  }
}
