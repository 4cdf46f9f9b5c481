package dev.articlesearch.server;

import io.micrometer.core.instrument.LongTaskTimer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the requests being answered now, by route template ({@code
 * http_server_requests_active_seconds_*}): what a stop waits for, and what a busy server is
 * working on. Inside {@link GracefulStop}, so a request refused because the server is stopping is
 * never counted.
 */
final class ActiveRequests extends Handler.Wrapper {
  private final ServerMetrics metrics;

  ActiveRequests(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    LongTaskTimer.Sample sample = metrics.answering(request.getHttpURI().getPath());
    boolean handled = false;
    try {
      handled = super.handle(request, response, Callback.from(callback, sample::stop));
      return handled;
    } finally {
      if (!handled) {
        sample.stop();
      }
    }
  }
}
