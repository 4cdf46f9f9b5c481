package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's REST API over the JDK's HTTP client: JSON in and out, kept-alive connections, and
 * the next node when one cannot be reached. A request that a node never received, or whose
 * connection broke before an answer, goes to the next node: every request sent here is safe to
 * repeat (reads, and writes of documents by id, alias moves and index creation that check what
 * they find).
 */
final class ClusterHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer of any status, its body parsed (null when empty or not JSON). */
  record Answer(int status, JsonNode body, URI node) {}

  private final List<URI> nodes;
  private final HttpClient client;
  private final Duration timeout;
  private final AtomicInteger next = new AtomicInteger();

  ClusterHttp(List<URI> nodes, Duration timeout) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("No OpenSearch URL given");
    }
    this.nodes = List.copyOf(nodes);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * {@code http://a:9200,http://b:9200} as URLs.
   *
   * @throws IllegalArgumentException naming {@code setting}, for an empty list or a URL that is not
   *     http(s)://host[:port]
   */
  static List<URI> parseUrls(String setting, String commaSeparated) {
    List<URI> urls = new ArrayList<>();
    if (commaSeparated != null) {
      for (String part : commaSeparated.split(",")) {
        String u = part.strip();
        if (u.isEmpty()) {
          continue;
        }
        URI uri;
        try {
          uri = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        } catch (IllegalArgumentException e) {
          throw badUrl(setting, u);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
            || uri.getQuery() != null || uri.getUserInfo() != null) {
          throw badUrl(setting, u);
        }
        urls.add(uri);
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(setting + " needs at least one OpenSearch URL, such as"
          + " http://127.0.0.1:9200 (several: comma-separated)");
    }
    return urls;
  }

  private static IllegalArgumentException badUrl(String setting, String url) {
    return new IllegalArgumentException(setting + ": '" + url
        + "' is not an OpenSearch URL such as http://127.0.0.1:9200 (scheme, host, port; no path)");
  }

  /** Where the cluster is, for messages: its first URL, and how many others. */
  String describe() {
    return nodes.get(0) + (nodes.size() > 1 ? " (+" + (nodes.size() - 1) + " more)" : "");
  }

  List<URI> nodes() {
    return nodes;
  }

  /** The answer to a request; a 2xx, else a {@link ClusterException} with the cluster's reason. */
  JsonNode call(String method, String path, Object body) {
    Answer a = exchange(method, path, body);
    if (a.status() / 100 != 2) {
      throw failure(method, path, a);
    }
    return a.body();
  }

  /**
   * The answer to a request, whatever its status. {@code body} is JSON-serialised unless it is a
   * string (then sent as it is: bulk's newline-delimited JSON).
   *
   * @throws ClusterException if no node could be reached, or the answer did not come in time
   */
  Answer exchange(String method, String path, Object body) {
    return exchange(method, path, body, timeout);
  }

  /**
   * {@link #exchange(String, String, Object)} with its own time limit for the answer.
   *
   * @throws TimedOut if the answer did not come within {@code timeout}
   */
  Answer exchange(String method, String path, Object body, Duration timeout) {
    byte[] bytes;
    try {
      bytes = body == null ? null
          : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
          : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write a request body: " + e, e);
    }
    IOException last = null;
    int start = Math.floorMod(next.getAndIncrement(), nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      URI node = nodes.get((start + i) % nodes.size());
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path))
          .timeout(timeout)
          .header("Accept", "application/json");
      if (bytes == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type",
            body instanceof String ? "application/x-ndjson" : "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
      }
      try {
        HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), parse(r.body()), node);
      } catch (HttpConnectTimeoutException | ConnectException | ClosedChannelException e) {
        last = e; // never reached this node: the next one
      } catch (HttpTimeoutException e) {
        throw new TimedOut("OpenSearch at " + node + " did not answer " + method + " "
            + path + " within " + timeout.toMillis() + " ms", e);
      } catch (IOException e) {
        last = e; // the connection broke (a node killed mid-request): the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("Interrupted while waiting for OpenSearch at " + node, e);
      }
    }
    throw new ClusterUnavailableException("Cannot reach OpenSearch at " + String.join(", ",
        nodes.stream().map(URI::toString).toList()) + " (" + why(last) + ")", last);
  }

  /** No answer within the time limit: the request may still be running in the cluster. */
  static final class TimedOut extends ClusterException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Closes the kept-alive connections. */
  void close() {
    client.close();
  }

  /** What went wrong on the wire, in words: a JDK connect failure often has no message. */
  private static String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within 2 s";
    }
    if (e instanceof ConnectException) {
      return e.getMessage() == null ? "connection refused" : e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null; // not JSON (a proxy's HTML page): the status says what happened
    }
  }

  /** {@code OpenSearch at URL refused PUT /x: 400 resource_already_exists_exception: …}. */
  static ClusterException failure(String method, String path, Answer a) {
    JsonNode error = a.body() == null ? null : a.body().path("error");
    String reason;
    if (error != null && error.isObject()) {
      JsonNode root = error.path("root_cause").path(0);
      JsonNode e = root.isObject() ? root : error;
      reason = e.path("type").asText("error") + ": " + e.path("reason").asText("");
    } else if (error != null && error.isTextual()) {
      reason = error.asText();
    } else {
      reason = "no reason given";
    }
    return new ClusterException("OpenSearch at " + a.node() + " refused " + method + " " + path
        + ": " + a.status() + " " + reason, a.status());
  }
}
