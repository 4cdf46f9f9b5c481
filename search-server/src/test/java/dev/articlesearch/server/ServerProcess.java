package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line run as a real child JVM: the test's own {@code java} and class path, {@link
 * Main} as main class, a working folder of the test's choosing. Stdout and stderr go to files next
 * to it (pipes read while the process dies can lose its last lines), read back line by line.
 */
final class ServerProcess implements AutoCloseable {
  /** The line a server prints once it serves: articles (group 1), paragraphs (2), port (3). */
  static final Pattern SERVING = Pattern.compile(
      "Serving (\\d+) articles, (\\d+) paragraphs at http://127\\.0\\.0\\.1:(\\d+)/ \\(started in \\d+ ms\\)");

  private final Process process;
  private final Path out;
  private final Path err;

  private ServerProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code search-server args...} in {@code workDir}. */
  static ServerProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, Main.class, args);
  }

  /** Starts the main class {@code main} of the test class path with {@code args} in {@code workDir}. */
  static ServerProcess start(Path workDir, Class<?> main, String... args) throws IOException {
    return start(workDir, List.of(), main, args);
  }

  /** As {@link #start(Path, Class, String...)}, with {@code jvmOptions} (e.g. {@code -Dname=value}) too. */
  static ServerProcess start(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    // Small and steady on a 2-core machine; fixed locale and encoding so every line is exact.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Duser.language=en", "-Duser.country=US",
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return start(workDir, new ProcessBuilder(command));
  }

  /** Starts {@code builder} (its command and environment as set) in {@code workDir}. */
  static ServerProcess start(Path workDir, ProcessBuilder builder) throws IOException {
    Path out = Files.createTempFile(workDir, "search-server-", ".out");
    Path err = Files.createTempFile(workDir, "search-server-", ".err");
    Process p = builder.directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ServerProcess(p, out, err);
  }

  Process process() {
    return process;
  }

  /** Whole lines printed on stdout so far. */
  List<String> out() {
    return lines(out);
  }

  /** Whole lines printed on stderr so far. */
  List<String> err() {
    return lines(err);
  }

  /** Waits for a stdout line matching {@code line} (whole line); fails if the process ends first. */
  Matcher awaitOut(Pattern line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Read after the exit and deadline checks, so a line printed just before either counts.
      boolean exited = !process.isAlive();
      boolean late = System.nanoTime() > deadline;
      for (String l : out()) {
        Matcher m = line.matcher(l);
        if (m.matches()) {
          return m;
        }
      }
      if (exited) {
        fail("search-server exited with status " + process.exitValue() + " before printing /"
            + line + "/\n" + transcript());
      }
      if (late) {
        fail("search-server did not print /" + line + "/ within " + timeout + "\n" + transcript());
      }
      Thread.sleep(20);
    }
  }

  /** Stderr lines so far that match {@code line} (whole line). */
  List<String> errMatching(Pattern line) {
    return err().stream().filter(l -> line.matcher(l).matches()).toList();
  }

  /** Waits for the process to end; returns its exit status. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("search-server did not exit within " + timeout + "\n" + transcript());
    }
    return process.exitValue();
  }

  /** Everything printed so far, for failure messages. */
  String transcript() {
    return "--- stdout ---\n" + String.join("\n", out()) + "\n--- stderr ---\n" + String.join("\n", err());
  }

  /** Kills the process if a test left it running (a failed assertion, say). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The complete lines of a file being written: a last line without its newline is not one yet. */
  private static List<String> lines(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end + 1).lines().toList();
  }
}
