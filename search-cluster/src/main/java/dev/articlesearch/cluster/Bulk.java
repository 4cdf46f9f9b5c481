package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.util.Map;

/**
 * Newline-delimited bulk actions on one index, sent in batches, every one routed by its article
 * id. A batch is sent only between articles ({@link #endArticle()}), so an article's paragraphs
 * and the deletion of its surplus ones travel in one request. Any refused action fails the whole
 * load; a full write queue (429) is waited out and the batch sent again, which doubles nothing:
 * every action names its document by id.
 */
final class Bulk {
  /** A batch is sent once it holds this many bytes of documents, or as many actions. */
  static final int BYTES = 4 << 20;
  static final int ACTIONS = 2_000;

  private final ClusterClient http;
  private final String index;
  private final Runnable beat;
  private final int maxActions;
  private final StringBuilder body = new StringBuilder();
  private int actions;
  private long indexed;
  private long deleted;
  private long lastBeat = System.nanoTime();

  /** @param beat run after a batch at most every {@link ClusterVersions#HEARTBEAT}: a sign of life */
  Bulk(ClusterClient http, String index, Runnable beat) {
    this(http, index, beat, ACTIONS);
  }

  Bulk(ClusterClient http, String index, Runnable beat, int maxActions) {
    this.http = http;
    this.index = index;
    this.beat = beat;
    this.maxActions = maxActions;
  }

  /** Paragraphs indexed so far. */
  long indexed() {
    return indexed;
  }

  /** Paragraphs deleted so far (those that existed or not). */
  long deleted() {
    return deleted;
  }

  /** Actions of any kind sent so far, or waiting to be. */
  long actions() {
    return indexed + deleted;
  }

  /** The document id of a paragraph: {@code article/number}. */
  static String id(String articleId, int paragraph) {
    return articleId + "/" + paragraph;
  }

  /** Every paragraph of {@code article}, with what it was read from. */
  void index(Article article, CorpusReader.Source source) {
    for (Map<String, Object> doc : IndexSchema.openSearchDocuments(article)) {
      doc.put(Fields.SOURCE_HASH, source.hash());
      doc.put(Fields.SOURCE_SIZE, source.size());
      doc.put(Fields.SOURCE_MODIFIED, source.modified());
      append("index", article.id(), (Integer) doc.get(Fields.PARAGRAPH), doc);
      indexed++;
    }
  }

  /** Deletes one paragraph (one that is not there is no error). */
  void delete(String articleId, int paragraph) {
    append("delete", articleId, paragraph, null);
    deleted++;
  }

  /** Sends the batch if it is full: called between articles only. */
  void endArticle() {
    if (actions >= maxActions || body.length() >= BYTES) {
      flush();
    }
  }

  private void append(String action, String articleId, int paragraph, Object source) {
    ObjectNode line = ClusterClient.JSON.createObjectNode();
    line.putObject(action).put("_id", id(articleId, paragraph)).put("routing", articleId);
    try {
      body.append(ClusterClient.JSON.writeValueAsString(line)).append('\n');
      if (source != null) {
        body.append(ClusterClient.JSON.writeValueAsString(source)).append('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    actions++;
  }

  void flush() {
    if (actions == 0) {
      return;
    }
    String path = "/" + index + "/_bulk";
    for (int attempt = 1; ; attempt++) {
      ClusterClient.Answer a = http.exchange("POST", path, body.toString());
      if (a.status() == 429 && attempt < 8) {
        ClusterVersions.sleep(100L << attempt); // the nodes' write queues are full: give them time
        continue;
      }
      if (a.status() != 200) {
        throw ClusterClient.failure("POST", path, a);
      }
      if (a.body().path("errors").asBoolean()) {
        JsonNode rejected = null;
        for (JsonNode item : a.body().path("items")) {
          JsonNode result = item.elements().next();
          if (result.has("error")) {
            rejected = result;
            break;
          }
        }
        if (rejected != null && rejected.path("status").asInt() == 429 && attempt < 8) {
          ClusterVersions.sleep(100L << attempt); // every action is sent again by id: nothing doubles
          continue;
        }
        JsonNode error = rejected == null ? null : rejected.path("error");
        throw new ClusterException("OpenSearch at " + a.node() + " refused paragraph "
            + (rejected == null ? "?" : rejected.path("_id").asText()) + ": "
            + (error == null ? "no reason given"
                : error.path("type").asText() + ": " + error.path("reason").asText()), 0);
      }
      break;
    }
    body.setLength(0);
    actions = 0;
    if (System.nanoTime() - lastBeat > ClusterVersions.HEARTBEAT.toNanos()) {
      beat.run();
      lastBeat = System.nanoTime();
    }
  }
}
