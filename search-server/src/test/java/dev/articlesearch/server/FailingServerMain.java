package dev.articlesearch.server;

import dev.articlesearch.core.Limits;
import java.util.List;
import java.util.Map;

/**
 * A server process whose engine fails on every call ({@link FailingBackend}), logging in the
 * format the first argument names (as {@code --log-format} sets it): for what the log shows of an
 * error, which no real index can be made to raise on cue. The second argument names the {@link
 * Throwable} the engine throws. Prints "Serving at PORT", then serves until killed.
 */
public final class FailingServerMain {
  public static void main(String[] args) throws InterruptedException {
    Logging.configure(Logging.Format.valueOf(args[0]), Logging.Level.INFO);
    SearchServer server = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        Map.of("backend", "failing", "failing.error", args[1]), Limits.DEFAULTS, List.of()));
    System.out.println("Serving at " + server.port());
    Thread.currentThread().join();
  }

  private FailingServerMain() {}
}
