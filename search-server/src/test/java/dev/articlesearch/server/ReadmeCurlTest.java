package dev.articlesearch.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.server.ApiTest.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code curl} command in the README's "Run it" section works: each is replayed (as the
 * HTTP GET it makes, without a shell) against a server over the bundled seeds, the corpus
 * bin/search-server serves by default, and must answer 200 with at least one hit.
 */
class ReadmeCurlTest {
  static final Path README = Path.of("..", "README.md");
  static final String HEADING = "## Run it";
  static final String README_BASE = "http://127.0.0.1:8080";

  /** curl flags that change only what curl prints, not the request. */
  static final Set<Character> OUTPUT_FLAGS = Set.of('s', 'S', 'f', 'i', 'v');
  static final Set<String> LONG_OUTPUT_FLAGS =
      Set.of("--silent", "--show-error", "--fail", "--include", "--verbose");

  @TempDir static Path dir;
  static SearchServer server;

  @BeforeAll
  static void start() {
    ArticleIndex.rebuild(ApiTest.SEEDS, dir.resolve("index"));
    server = SearchServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("index")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void runItSectionHasAtLeastOneCurlCommand() throws IOException {
    assertFalse(curlCommands().isEmpty(),
        "README.md needs a '" + HEADING + "' section with `curl -s '" + README_BASE + "/api/search?q=…'`"
            + " lines in a ```sh block");
  }

  @TestFactory
  Stream<DynamicTest> everyCurlCommandAnswersWithHits() throws IOException {
    return curlCommands().stream().map(command -> DynamicTest.dynamicTest(command, () -> {
      String url = url(command);
      Reply r = ApiTest.get(server, toAscii(url.substring(README_BASE.length())));
      assertEquals(200, r.status(), command + " -> " + r.body());
      ApiTest.assertJsonContentType(r);
      JsonNode json = r.json();
      assertTrue(json.path("hits").isArray() && !json.get("hits").isEmpty(), command + " -> no hit: " + r.body());
      assertTrue(json.path("total").asLong() >= 1, command + " -> " + r.body());
    }));
  }

  /** The curl lines of every ```sh block of the "Run it" section, a leading "$ " prompt removed. */
  static List<String> curlCommands() throws IOException {
    List<String> lines = Files.readAllLines(README, UTF_8);
    List<String> commands = new ArrayList<>();
    boolean inSection = false;
    boolean inShell = false;
    for (String line : lines) {
      if (!inShell && line.startsWith("#")) {
        inSection = line.strip().equals(HEADING);
        continue;
      }
      if (!inSection) {
        continue;
      }
      if (line.strip().startsWith("```")) {
        String language = line.strip().substring(3).strip();
        inShell = !inShell && List.of("sh", "shell", "bash", "console").contains(language);
        continue;
      }
      String command = line.strip().startsWith("$ ") ? line.strip().substring(2).strip() : line.strip();
      if (inShell && command.startsWith("curl ")) {
        commands.add(command);
      }
    }
    return commands;
  }

  /**
   * The one URL of a curl command, checked to be a plain GET: only output flags, one URL on the
   * README's host and port, and anything after an unquoted {@code |} or {@code #} ignored.
   */
  static String url(String command) {
    List<String> words = words(command);
    assertEquals("curl", words.get(0), command);
    String url = null;
    for (String word : words.subList(1, words.size())) {
      if (word.startsWith("--")) {
        assertTrue(LONG_OUTPUT_FLAGS.contains(word), "the test replays plain GETs; it cannot do " + word);
      } else if (word.startsWith("-")) {
        for (char flag : word.substring(1).toCharArray()) {
          assertTrue(OUTPUT_FLAGS.contains(flag), "the test replays plain GETs; it cannot do -" + flag);
        }
      } else {
        assertTrue(url == null, "one URL per curl command: " + command);
        url = word;
      }
    }
    assertTrue(url != null && url.startsWith(README_BASE + "/"),
        "a curl command must ask " + README_BASE + "/…: " + command);
    return url;
  }

  /** Shell words: '…' and "…" quoting, stopping at an unquoted |, ;, &, > or #. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if ("|;&>#".indexOf(c) >= 0) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    assertEquals(0, quote, "unbalanced quotes: " + command);
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  /** Non-ASCII characters percent-encoded as UTF-8, as curl sends them (raw) decode the same. */
  static String toAscii(String pathAndQuery) {
    StringBuilder out = new StringBuilder();
    pathAndQuery.codePoints().forEach(cp -> {
      if (cp < 0x80) {
        out.appendCodePoint(cp);
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      }
    });
    return out.toString();
  }
}
