package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CorpusReader*Test classes, which specify the corpus format, share as their superclass: a
 * new corpus folder for each test, an index folder beside it, and writing files into the corpus.
 */
abstract class CorpusReaderFixtures {
  static final Charset GB18030 = Charset.forName("GB18030");
  static final String NO_PARAGRAPHS = "no paragraphs (only blank lines or a title line)";

  @TempDir Path tmp;
  Path corpus;
  Path indexDir;

  @BeforeEach
  void createCorpusFolder() throws IOException {
    corpus = Files.createDirectory(tmp.resolve("corpus"));
    indexDir = tmp.resolve("index");
  }

  // --- Helpers ---------------------------------------------------------------------------------

  /** Writes a UTF-8 file into the corpus, reads it, and returns the article it must make. */
  Article read(String name, String text) throws IOException {
    CorpusReader.FileResult result = CorpusReader.read(write(name, text));
    assertNull(result.skipped(), () -> name + " was skipped: " + result.skipped());
    return result.article();
  }

  Path write(String name, String text) throws IOException {
    return Files.writeString(corpus.resolve(name), text, UTF_8);
  }

  Path writeBytes(String name, byte[] bytes) throws IOException {
    return Files.write(corpus.resolve(name), bytes);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
