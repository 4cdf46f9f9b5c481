package dev.articlesearch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The package a corpus source came from, exactly: bench/build-corpora writes one line per package
 * to {@code versions.tsv} in the sources folder ({@code package version archive sha256}, tab
 * separated) and the corpus manifests repeat them, so a corpus can be rebuilt from the same
 * inputs.
 *
 * @param packageName the Debian or npm package
 * @param version its exact version
 * @param archive the downloaded file, relative to the sources folder
 * @param sha256 the archive's SHA-256
 */
record SourceArchive(String packageName, String version, String archive, String sha256) {
  static final String FILE = "versions.tsv";

  /** Every package listed in {@code sources/versions.tsv}, by name. */
  static Map<String, SourceArchive> read(Path sources) {
    Path file = sources.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "No " + FILE + " in " + sources + ": fetch the sources with bench/build-corpora first");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    Map<String, SourceArchive> archives = new TreeMap<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      if (columns.length != 4) {
        throw new IllegalArgumentException(file + ": expected 4 tab-separated columns: " + line);
      }
      archives.put(columns[0], new SourceArchive(columns[0], columns[1], columns[2], columns[3]));
    }
    return archives;
  }
}
