package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.internal.related.RelatedQueries;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole index's statistics that the embedded engine's MoreLikeThis queries ({@link
 * RelatedQueries}) weigh terms by, fetched from the cluster: a paragraph's terms' document
 * frequencies in one request, the field counts once per index version and update (its commit
 * time).
 */
final class ClusterStatistics {
  /** Paragraphs in the index, and paragraphs with a term in each field MoreLikeThis reads. */
  private record FieldCounts(String version, int numDocs, Map<String, Integer> docCounts) {}

  private final ClusterEngine engine;
  private volatile FieldCounts fieldCounts;

  ClusterStatistics(ClusterEngine engine) {
    this.engine = engine;
  }

  /** The statistics of the terms of one text, by field. */
  RelatedQueries.TermStatistics of(Map<String, Set<String>> terms) {
    FieldCounts counts = fieldCounts();
    Map<String, Integer> docFreqs = docFreqs(terms);
    return new RelatedQueries.TermStatistics() {
      @Override
      public int numDocs() {
        return counts.numDocs();
      }

      @Override
      public int docCount(String field) {
        return counts.docCounts().getOrDefault(field, 0);
      }

      @Override
      public int docFreq(String field, String term) {
        return docFreqs.getOrDefault(field + "\u0000" + term, 0);
      }
    };
  }

  private FieldCounts fieldCounts() {
    ClusterEngine.Meta meta = engine.meta(false);
    String version = meta.index() + "@" + meta.committedAt();
    FieldCounts c = fieldCounts;
    if (c != null && c.version().equals(version)) {
      return c;
    }
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    ObjectNode aggs = body.putObject("aggs");
    for (String field : RelatedQueries.FIELDS) {
      // Any term at all: the documents that have the field, as Lucene's getDocCount counts them
      // (a paragraph with no CJK character has no CJK term).
      aggs.putObject(field).putObject("filter").putObject("wildcard")
          .putObject(IndexSchema.openSearchField(field)).put("value", "*");
    }
    JsonNode answer = engine.search(body);
    Map<String, Integer> docCounts = new HashMap<>();
    for (String field : RelatedQueries.FIELDS) {
      docCounts.put(field, answer.path("aggregations").path(field).path("doc_count").asInt());
    }
    c = new FieldCounts(version, answer.path("hits").path("total").path("value").asInt(), docCounts);
    fieldCounts = c;
    return c;
  }

  /** Each term's document frequency in its field, keyed {@code field NUL term}. */
  private Map<String, Integer> docFreqs(Map<String, Set<String>> terms) {
    ObjectNode body = ClusterClient.JSON.createObjectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    ObjectNode aggs = body.putObject("aggs");
    List<String> keys = new ArrayList<>();
    terms.forEach((field, set) -> set.forEach(term -> {
      String name = "t" + keys.size();
      keys.add(field + "\u0000" + term);
      aggs.putObject(name).putObject("filter").set("term",
          ClusterClient.JSON.createObjectNode().put(IndexSchema.openSearchField(field), term));
    }));
    Map<String, Integer> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    JsonNode answer = engine.search(body).path("aggregations");
    for (int i = 0; i < keys.size(); i++) {
      out.put(keys.get(i), answer.path("t" + i).path("doc_count").asInt());
    }
    return out;
  }
}
