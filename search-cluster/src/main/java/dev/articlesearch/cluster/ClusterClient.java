package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.Cancellable;
import org.opensearch.client.Request;
import org.opensearch.client.RequestOptions;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.ResponseListener;
import org.opensearch.client.RestClient;

/**
 * The cluster's REST API through OpenSearch's low-level REST client ({@link RestClient}, Apache
 * HttpClient 5 underneath): JSON in and out (Jackson), kept-alive connections to every node listed.
 *
 * <p>What the client does: it sends each request to the next node in turn (round robin), and when
 * a node cannot be reached or its connection breaks before an answer, it marks the node dead
 * (skipped for a minute, longer after repeated failures, unless every node is dead) and sends the
 * same request to the next one; with none left, it fails with the last node's error. Every request
 * sent here is safe to repeat (reads, and writes of documents by id, alias moves and index creation
 * that check what they find). It opens a connection within {@link #CONNECT_TIMEOUT} and keeps up to
 * {@link #CONNECTIONS_PER_NODE} per node.
 *
 * <p>What this class still does itself:
 * <ul>
 *   <li>The time limit of the whole request, over every node tried: the client has only per-attempt
 *       timeouts (3.x has no overall retry timeout), so this waits for the answer up to the limit
 *       and then cancels the request wherever it is ({@link TimedOut}). The client's own response
 *       timeout is set {@link #ATTEMPT_SLACK} past the limit, so it never fires first and moves a
 *       slow (not dead) request on to another node.
 *   <li>Statuses: every answer is returned with its status ({@link Answer}); callers decide. The
 *       client would itself resend a 502, 503 or 504 to every other node, marking each dead; its
 *       {@code ignore} parameter turns that off, so a red cluster is asked as often as before
 *       ({@link ClusterEngine} asks a 5xx once more).
 *   <li>Messages: which cluster ({@link #describe()}) and which node answered, in one line.
 * </ul>
 *
 * <p>{@code RestClient} is deprecated as of 3.8.0, the replacement named being the separate
 * opensearch-java client; it still ships at the cluster's version and works, and this class is
 * the one place that would change.
 */
final class ClusterClient {
  static final ObjectMapper JSON = new ObjectMapper();

  static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);
  static final int CONNECTIONS_PER_NODE = 64;
  static final Duration ATTEMPT_SLACK = Duration.ofSeconds(1);

  private static final ContentType JSON_TYPE = ContentType.create("application/json");
  private static final ContentType NDJSON_TYPE = ContentType.create("application/x-ndjson");
  /** Statuses the client would resend to the other nodes itself: answers here, like any other. */
  private static final String NO_CLIENT_RETRY = "502,503,504";

  /** An answer of any status, its body parsed (null when empty or not JSON). */
  record Answer(int status, JsonNode body, URI node) {}

  private final List<URI> nodes;
  private final Map<HttpHost, URI> byHost = new HashMap<>();
  // RestClient is deprecated since OpenSearch 3.8 in favour of the opensearch-java client
  // (OpenSearch PR #22116), with no removal date yet; see the class comment.
  @SuppressWarnings("deprecation")
  private final RestClient client;
  private final Duration timeout;

  @SuppressWarnings("deprecation") // RestClient, as above
  ClusterClient(List<URI> nodes, Duration timeout) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("No OpenSearch URL given");
    }
    this.nodes = List.copyOf(nodes);
    this.timeout = timeout;
    HttpHost[] hosts = new HttpHost[nodes.size()];
    for (int i = 0; i < hosts.length; i++) {
      URI u = this.nodes.get(i);
      hosts[i] = new HttpHost(u.getScheme(), u.getHost(), u.getPort());
      byHost.put(hosts[i], u);
    }
    this.client = RestClient.builder(hosts)
        .setDefaultHeaders(new Header[] {new BasicHeader("Accept", "application/json")})
        .setHttpClientConfigCallback(http -> http.setConnectionManager(
            PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(CONNECTIONS_PER_NODE)
                .setMaxConnTotal(CONNECTIONS_PER_NODE * hosts.length)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                    .setConnectTimeout(CONNECT_TIMEOUT).build())
                .build()))
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
    Request request = request(method, path, body, timeout);
    CompletableFuture<Response> answer = new CompletableFuture<>();
    Cancellable inFlight = client.performRequestAsync(request, new ResponseListener() {
      @Override
      public void onSuccess(Response response) {
        answer.complete(response);
      }

      @Override
      public void onFailure(Exception e) {
        answer.completeExceptionally(e);
      }
    });
    Response response;
    try {
      response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      inFlight.cancel(); // the connection is closed; the cluster may still finish the request
      throw new TimedOut("OpenSearch at " + describe() + " did not answer " + method + " "
          + path + " within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      inFlight.cancel();
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted while waiting for OpenSearch at " + describe(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ResponseException refused) {
        response = refused.getResponse(); // a 4xx or 500: an answer like any other
      } else if (e.getCause() instanceof IOException last) {
        // every node tried: none reached, or each connection broke before an answer
        throw new ClusterUnavailableException("Cannot reach OpenSearch at " + String.join(", ",
            nodes.stream().map(URI::toString).toList()) + " (" + why(last) + ")", last);
      } else if (e.getCause() instanceof RuntimeException r) {
        throw r;
      } else {
        throw new ClusterException("OpenSearch at " + describe() + ": " + e.getCause(), e);
      }
    }
    return new Answer(response.getStatusLine().getStatusCode(), parse(response.getEntity()),
        byHost.getOrDefault(response.getHost(), URI.create(response.getHost().toURI())));
  }

  private static Request request(String method, String path, Object body, Duration timeout) {
    int query = path.indexOf('?');
    Request request = new Request(method, query < 0 ? path : path.substring(0, query));
    if (query >= 0) {
      for (String param : path.substring(query + 1).split("&")) {
        int eq = param.indexOf('=');
        request.addParameter(eq < 0 ? param : param.substring(0, eq),
            eq < 0 ? "" : param.substring(eq + 1));
      }
    }
    request.addParameter("ignore", NO_CLIENT_RETRY); // read by the client, never sent
    if (body != null) {
      try {
        request.setEntity(body instanceof String s
            ? new ByteArrayEntity(s.getBytes(StandardCharsets.UTF_8), NDJSON_TYPE)
            : new ByteArrayEntity(JSON.writeValueAsBytes(body), JSON_TYPE));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot write a request body: " + e, e);
      }
    }
    request.setOptions(RequestOptions.DEFAULT.toBuilder().setRequestConfig(RequestConfig.custom()
        .setResponseTimeout(Timeout.of(timeout.plus(ATTEMPT_SLACK))).build()));
    return request;
  }

  /** No answer within the time limit: the request may still be running in the cluster. */
  static final class TimedOut extends ClusterException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Closes the kept-alive connections and the client's I/O threads. */
  void close() {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What went wrong on the wire, in words, as the cluster's users have always read it. */
  private static String why(IOException e) {
    if (e instanceof ConnectTimeoutException) {
      return "no connection within 2 s";
    }
    if (e instanceof ConnectException) {
      return e.getMessage() == null || e.getMessage().endsWith("Connection refused")
          ? "connection refused" : e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static JsonNode parse(HttpEntity entity) {
    if (entity == null) {
      return null;
    }
    try {
      byte[] body = EntityUtils.toByteArray(entity);
      return body.length == 0 ? null : JSON.readTree(body);
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
