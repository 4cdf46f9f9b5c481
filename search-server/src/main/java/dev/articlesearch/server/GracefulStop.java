package dev.articlesearch.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful stop, with one difference: a connection that is still being answered keeps its
 * idle timeout while the server stops; only idle connections get the short one.
 *
 * <p>Jetty lowers the idle timeout of every connection to one second when a stop begins, so that
 * idle keep-alive connections do not hold the stop. A client reading a large answer that makes no
 * progress for that second (a busy machine) was cut off mid-answer. The stop timeout still bounds
 * the whole stop.
 */
final class GracefulStop extends GracefulHandler {
  /** How long an idle connection may stay open once the stop has begun: Jetty's default. */
  static final long IDLE_WHILE_STOPPING_MS = 1_000;

  /** The connections with a request being handled, and how many (one, for HTTP/1.1). */
  private final Map<EndPoint, Integer> answering = new ConcurrentHashMap<>();

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    answering.merge(endPoint, 1, Integer::sum);
    boolean handled = false;
    try {
      handled = super.handle(request, response, Callback.from(callback, () -> done(endPoint)));
      return handled;
    } finally {
      if (!handled) {
        done(endPoint);
      }
    }
  }

  private void done(EndPoint endPoint) {
    answering.computeIfPresent(endPoint, (e, n) -> n == 1 ? null : n - 1);
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    // Connectors lower every connection's idle timeout in their own shutdown, which may run before
    // or after this one: switch that off, and set each connection's timeout here.
    for (Connector connector : getServer().getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        c.setShutdownIdleTimeout(-1);
      }
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        // An answer finishing during the stop closes its connection (no keep-alive once stopping).
        endPoint.setIdleTimeout(answering.containsKey(endPoint)
            ? connector.getIdleTimeout() : IDLE_WHILE_STOPPING_MS);
      }
    }
    return super.shutdown();
  }
}
