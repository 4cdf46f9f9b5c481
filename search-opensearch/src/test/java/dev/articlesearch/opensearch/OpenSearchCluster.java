package dev.articlesearch.opensearch;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that starts a three-node OpenSearch cluster on 127.0.0.1 with the analysis
 * plugin installed, once for every test class that uses it, and stops it when the tests end,
 * failed or not (the cluster lives in the root store, which JUnit closes at the end of the run; a
 * shutdown hook stops it too if the JVM ends otherwise). Test classes get it as a {@link Cluster}
 * parameter.
 *
 * <p>As {@code bench/opensearch} does for one node: the distribution is Maven Central's
 * integ-test-zip (copied from the local repository by the build, {@code opensearch.distribution}),
 * unpacked into {@code cluster.dir}; the plugin zip the build made ({@code plugin.zip}) is
 * installed with {@code bin/opensearch-plugin}; OpenSearch refuses to run as root, so as root the
 * nodes run as the system user {@code opensearch} (created if missing). They run on the JDK the
 * build's toolchain chose for the tests (21+; the {@code java} on PATH may be 17). Each node has
 * its own config, data and logs folders, a heap of {@value #HEAP}, and free ports picked at start.
 * A node left running by an earlier run that was killed is stopped before a new cluster starts.
 */
public final class OpenSearchCluster implements BeforeAllCallback, ParameterResolver {
  static final int NODES = 3;
  static final String HEAP = "320m";
  static final String RUN_USER = "opensearch";
  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OpenSearchCluster.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static Cluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
  }

  /** A running cluster: its nodes' HTTP addresses; closing it stops every node. */
  public static final class Cluster implements AutoCloseable {
    private final Path home;
    private final List<Node> nodes;
    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook;
    private boolean closed;
    /** How the nodes were launched, to launch a killed one again the same way. */
    private boolean root;
    private Path javaHome;
    private String seeds;
    private String managers;

    private record Node(String name, Path dir, int httpPort, int transportPort) {
      Path pidFile() {
        return dir.resolve("opensearch.pid");
      }

      URI uri() {
        return URI.create("http://127.0.0.1:" + httpPort);
      }
    }

    private Cluster(Path home, List<Node> nodes) {
      this.home = home;
      this.nodes = nodes;
      this.shutdownHook = new Thread(this::stopNodes, "stop OpenSearch cluster");
    }

    /** Each node's base URL, {@code http://127.0.0.1:PORT}. */
    public List<URI> nodeUris() {
      return nodes.stream().map(Node::uri).toList();
    }

    /** A GET, POST or PUT to node {@code node} (0-based); the answer's status and body. */
    public HttpResponse<String> send(int node, String method, String path, String json) {
      HttpRequest.Builder request = HttpRequest.newBuilder(nodes.get(node).uri().resolve(path))
          .timeout(Duration.ofMinutes(1));
      if (json == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json, UTF_8));
      }
      try {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path + " on " + nodes.get(node).name(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    static Cluster start() {
      Path zip = existing("plugin.zip");
      Path distribution = existing("opensearch.distribution");
      Path dir = Path.of(property("cluster.dir")).toAbsolutePath();
      String version = property("opensearch.version");
      Path home = dir.resolve("opensearch-" + version);
      List<Node> nodes = new ArrayList<>();
      for (int i = 1; i <= NODES; i++) {
        nodes.add(new Node("node-" + i, dir.resolve("node-" + i), 0, 0));
      }
      stopLeftovers(home, nodes);
      boolean root = isRoot();
      Path javaHome = javaHome();
      try {
        Files.createDirectories(dir);
        if (!Files.isExecutable(home.resolve("bin/opensearch"))) {
          deleteTree(home);
          run(dir, List.of("unzip", "-q", distribution.toString(), "-d", dir.toString()), null);
        }
        deleteTree(home.resolve("plugins/analysis-articlesearch"));
        run(dir, List.of(home.resolve("bin/opensearch-plugin").toString(), "install", "--batch",
            zip.toUri().toString()), javaHome);
        if (root) {
          run(dir, List.of("sh", "-c", "id -u " + RUN_USER + " >/dev/null 2>&1 || useradd --system"
              + " --no-create-home --shell /usr/sbin/nologin " + RUN_USER), null);
        }
        int[] ports = freePorts(2 * NODES);
        List<Node> started = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
          Node n = new Node(nodes.get(i).name(), nodes.get(i).dir(), ports[2 * i], ports[2 * i + 1]);
          deleteTree(n.dir());
          Files.createDirectories(n.dir().resolve("data"));
          Files.createDirectories(n.dir().resolve("logs"));
          copyTree(home.resolve("config"), n.dir().resolve("config"));
          started.add(n);
        }
        if (root) {
          run(dir, List.of("chown", "-R", RUN_USER + ":" + RUN_USER, home.toString()), null);
          for (Node n : started) {
            run(dir, List.of("chown", "-R", RUN_USER + ":" + RUN_USER, n.dir().toString()), null);
          }
        }
        Cluster cluster = new Cluster(home, started);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
          cluster.root = root;
          cluster.javaHome = javaHome;
          cluster.seeds = started.stream().map(n -> "127.0.0.1:" + n.transportPort())
              .collect(Collectors.joining(","));
          cluster.managers = started.stream().map(Node::name).collect(Collectors.joining(","));
          for (Node n : started) {
            cluster.launch(n);
          }
          cluster.awaitGreen();
          return cluster;
        } catch (RuntimeException | Error e) {
          cluster.close();
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot prepare the OpenSearch cluster in " + dir, e);
      }
    }

    /**
     * {@code kill -9} of node {@code node} (0-based): no goodbye to the others, which notice it
     * gone only when their pings fail. Its data stays on disk for {@link #restart}.
     */
    public void kill(int node) {
      Node n = nodes.get(node);
      Optional<ProcessHandle> p = pid(n);
      if (p.isEmpty()) {
        throw new IllegalStateException(n.name() + " is not running");
      }
      p.get().destroyForcibly();
      long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
      while (p.get().isAlive() && System.nanoTime() < deadline) {
        sleep(Duration.ofMillis(50));
      }
      if (p.get().isAlive()) {
        throw new IllegalStateException(n.name() + " survived SIGKILL for " + STOP_TIMEOUT);
      }
    }

    /** Starts node {@code node} again on its data and waits until the cluster is green with it. */
    public void restart(int node) {
      Node n = nodes.get(node);
      try {
        Files.deleteIfExists(n.pidFile());
        launch(n);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start " + n.name() + " again", e);
      }
      awaitGreen();
    }

    /** The cluster's health as one node sees it: {@code green}, {@code yellow} or {@code red}. */
    public String health(int node) {
      HttpResponse<String> r = send(node, "GET", "/_cluster/health", null);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"status\":\"(\\w+)\"").matcher(r.body());
      return m.find() ? m.group(1) : "unknown (" + r.statusCode() + ")";
    }

    private void launch(Node n) throws IOException {
      List<String> command = new ArrayList<>();
      if (root) {
        command.addAll(List.of("runuser", "-u", RUN_USER, "--"));
      }
      command.addAll(List.of("env",
          "OPENSEARCH_JAVA_HOME=" + javaHome,
          "OPENSEARCH_PATH_CONF=" + n.dir().resolve("config"),
          // later -X options override config/jvm.options (1g)
          "OPENSEARCH_JAVA_OPTS=-Xms" + HEAP + " -Xmx" + HEAP,
          home.resolve("bin/opensearch").toString(),
          "-d", "-p", n.pidFile().toString(),
          "-E", "cluster.name=articlesearch-it",
          "-E", "node.name=" + n.name(),
          "-E", "path.data=" + n.dir().resolve("data"),
          "-E", "path.logs=" + n.dir().resolve("logs"),
          "-E", "network.host=127.0.0.1",
          "-E", "http.port=" + n.httpPort(),
          "-E", "transport.port=" + n.transportPort(),
          "-E", "discovery.seed_hosts=" + seeds,
          "-E", "cluster.initial_cluster_manager_nodes=" + managers,
          "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
      // Run in the node's folder: the JVM's relative paths (gc.log, heap dumps) land there. The
      // daemon keeps the launcher's output open: a file, so nothing waits on a pipe.
      run(n.dir(), command, null, n.dir().resolve("launcher.out"));
    }

    private void awaitGreen() {
      long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
      String last = "no answer";
      while (System.nanoTime() < deadline) {
        for (Node n : nodes) {
          if (exited(n)) {
            throw new IllegalStateException(n.name() + " exited while starting:\n" + logTail(n));
          }
        }
        try {
          // Asked of each node in turn: the one asked first may be the one starting again.
          HttpResponse<String> health = send((int) (System.nanoTime() / 1_000_000_000L % NODES),
              "GET", "/_cluster/health?wait_for_status=green&wait_for_nodes=" + NODES
                  + "&timeout=2s", null);
          last = health.body();
          if (health.statusCode() == 200 && last.contains("\"status\":\"green\"")) {
            return;
          }
        } catch (UncheckedIOException e) {
          last = e.getCause().toString(); // not listening yet
          sleep(Duration.ofSeconds(1));
        }
      }
      throw new IllegalStateException("The cluster was not green with " + NODES + " nodes within "
          + STARTUP_TIMEOUT.toSeconds() + " s (last health: " + last + ")\n" + logTail(nodes.get(0)));
    }

    /** Stops every node (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}). */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      stopNodes();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (and finds nothing left)
      }
      List<ProcessHandle> left = processesOf(home).toList();
      if (!left.isEmpty()) {
        left.forEach(ProcessHandle::destroyForcibly);
        throw new IllegalStateException("OpenSearch processes survived the stop and were killed: "
            + left.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ")));
      }
    }

    private void stopNodes() {
      List<ProcessHandle> running = new ArrayList<>();
      for (Node n : nodes) {
        pid(n).ifPresent(running::add);
      }
      processesOf(home).filter(p -> !running.contains(p)).forEach(running::add);
      running.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
      for (ProcessHandle p : running) {
        while (p.isAlive() && System.nanoTime() < deadline) {
          sleep(Duration.ofMillis(100));
        }
        if (p.isAlive()) {
          System.err.println("OpenSearch pid " + p.pid() + " still running after "
              + STOP_TIMEOUT.toSeconds() + " s: killed");
          p.destroyForcibly();
        }
      }
    }

    private static Optional<ProcessHandle> pid(Node n) {
      try {
        long pid = Long.parseLong(Files.readString(n.pidFile()).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    }

    /**
     * Whether {@code n}'s JVM wrote its pid and is gone. {@code bin/opensearch -d} returns as soon
     * as the JVM is started, and the JVM creates its pid file and then writes the number: a file
     * still empty is a node starting, not one that exited (read so, a node was once declared dead
     * with nothing in its log yet).
     */
    private static boolean exited(Node n) {
      try {
        if (Files.readString(n.pidFile()).isBlank()) {
          return false;
        }
      } catch (IOException e) {
        return false; // not created yet
      }
      return pid(n).isEmpty();
    }

    /** The OpenSearch JVMs running from this installation, whoever started them. */
    private static Stream<ProcessHandle> processesOf(Path home) {
      String marker = "-Dopensearch.path.home=" + home;
      return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
          .map(args -> Stream.of(args).anyMatch(marker::equals)).orElse(false));
    }

    /** A run killed before it could stop its nodes leaves them running: they go first. */
    private static void stopLeftovers(Path home, List<Node> nodes) {
      Cluster old = new Cluster(home, nodes);
      old.stopNodes();
    }

    private static String logTail(Node n) {
      StringBuilder tail = new StringBuilder();
      for (Path log : List.of(n.dir().resolve("launcher.out"),
          n.dir().resolve("logs/articlesearch-it.log"))) {
        try {
          List<String> lines = Files.readAllLines(log, UTF_8);
          tail.append("--- ").append(log).append('\n');
          lines.subList(Math.max(0, lines.size() - 40), lines.size())
              .forEach(l -> tail.append(l).append('\n'));
        } catch (IOException e) {
          tail.append("--- ").append(log).append(": ").append(e).append('\n');
        }
      }
      return tail.toString();
    }
  }

  /** Runs a command to its end in {@code dir}; fails with its output if it fails. */
  private static void run(Path dir, List<String> command, Path javaHome) throws IOException {
    Path out = Files.createTempFile("opensearch-it", ".out");
    try {
      run(dir, command, javaHome, out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void run(Path dir, List<String> command, Path javaHome, Path out)
      throws IOException {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(out.toFile());
      if (javaHome != null) {
        pb.environment().put("OPENSEARCH_JAVA_HOME", javaHome.toString());
      }
      Process p = pb.start();
      // bin/opensearch -d returns once the node is running in the background
      if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Timed out: " + command + "\n" + Files.readString(out));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("Failed (exit " + p.exitValue() + "): " + command + "\n"
            + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The JDK running the tests: the one the build's toolchain chose, 21 or newer. */
  private static Path javaHome() {
    if (Runtime.version().feature() < 21) {
      throw new IllegalStateException("OpenSearch " + property("opensearch.version")
          + " needs Java 21+; the tests run on " + Runtime.version() + " ("
          + System.getProperty("java.home") + ")");
    }
    return Path.of(System.getProperty("java.home"));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property '" + name + "' is not set: run the *IT"
          + " tests through Maven (mvn verify -pl search-opensearch -am)");
    }
    return value;
  }

  private static Path existing(String property) {
    Path p = Path.of(property(property)).toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(property + " names no file: " + p
          + " (mvn verify builds the plugin zip and copies the distribution)");
    }
    return p;
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
