package dev.articlesearch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search server as an operator runs it: its own JVM from {@code bin/search-server}, so HTTP
 * figures include everything a user's request goes through, and heap and resident memory are the
 * server's alone.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("at http://[^:]+:(\\d+)/");

  private final Process process;
  private final int port;
  private final double startupMillis;
  private final List<String> output = new ArrayList<>();
  /**
   * The server's last lines after start-up but its request log (which polling floods), at most
   * {@link #RECENT}, each with when it was read.
   */
  private final Deque<Line> recent;
  private static final int RECENT = 200;
  private static final Pattern REQUEST = Pattern.compile("SearchServer - [A-Z]+ /");

  private record Line(long at, String text) {}

  private ServerProcess(Process process, int port, double startupMillis) {
    this(process, port, startupMillis, new ArrayDeque<>());
  }

  private ServerProcess(Process process, int port, double startupMillis, Deque<Line> recent) {
    this.process = process;
    this.port = port;
    this.startupMillis = startupMillis;
    this.recent = recent;
  }

  private void keep(String line) {
    if (REQUEST.matcher(line).find()) {
      return;
    }
    long at = System.nanoTime();
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(new Line(at, line));
    }
  }

  /**
   * The server's last lines (up to 200) since it started serving, but requests, each with the
   * seconds from {@code since} (a {@link System#nanoTime}) to when it was read.
   */
  List<String> recentOutput(long since) {
    synchronized (recent) {
      return recent.stream().map(l -> String.format(java.util.Locale.ROOT, "%+.3f s %s",
          (l.at() - since) / 1e9, l.text())).toList();
    }
  }

  /**
   * {@code bin/search-server}, as an operator starts the server: start-up figures include what
   * the script does (finding the JDK, the class-data archive).
   */
  static String script(Path repo) {
    return repo.resolve("bin/search-server").toString();
  }

  /**
   * Starts a server and waits until it has answered one search: the start-up time is from launch
   * to that answer. {@code flags} go to the server after the others ({@code --watch}).
   */
  static ServerProcess start(Path repo, Path corpus, Path index, String heap, String... flags)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--corpus", corpus.toString(),
        "--index", index.toString()));
    args.addAll(List.of(flags));
    return start(repo, heap, args);
  }

  /** A server with these arguments (besides {@code --port 0}), e.g. one over a cluster. */
  static ServerProcess start(Path repo, String heap, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(script(repo), "--port", "0"));
    cmd.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().put("JAVA_OPTS", "-Xmx" + heap + " -XX:+ExitOnOutOfMemoryError");
    long launched = System.nanoTime();
    Process p = builder.start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    int port = -1;
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        break;
      }
    }
    if (port < 0) {
      p.destroyForcibly();
      throw new IOException("the server did not start: " + String.join("\n", lines));
    }
    // Keep draining its log so it never blocks on a full pipe, and its last lines for a report
    // of what went wrong.
    // A thread of its own: a drain on the common pool (one thread on two cores) would wait behind
    // any other task there, and the server, which logs every request, would block on its pipe.
    ServerProcess s = new ServerProcess(p, -1, 0);
    Thread drain = new Thread(() -> {
      try {
        out.lines().forEach(s::keep);
      } catch (UncheckedIOException e) {
        // Process.destroy closes the pipe under the reader: the server was stopped.
      }
    }, "server-log " + p.pid());
    drain.setDaemon(true);
    drain.start();
    try (RawHttp http = new RawHttp("127.0.0.1", port, 60_000)) {
      int status = http.get("/api/search?q=" + Queries.encode("搜索 search")).status();
      if (status != 200) {
        throw new IOException("first search answered " + status);
      }
    }
    ServerProcess started = new ServerProcess(p, port, (System.nanoTime() - launched) / 1e6,
        s.recent);
    started.output.addAll(lines);
    return started;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  double startupMillis() {
    return startupMillis;
  }

  /** Resident memory in MB, from /proc (Linux). */
  double residentMb() {
    return residentMb(process.pid());
  }

  static double residentMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
