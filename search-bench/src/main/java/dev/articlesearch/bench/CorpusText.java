package dev.articlesearch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The paragraphs of a benchmark corpus, in memory, for measuring analysis alone. Benchmark
 * corpora are UTF-8 with one paragraph per line after an optional title line and {@code ---}, so
 * a plain reading is exact here (the library's reader also handles other encodings and the rest).
 */
record CorpusText(int files, List<String> paragraphs, long bytes) {
  static CorpusText read(Path corpus) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    List<String> paragraphs = new ArrayList<>();
    long bytes = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(l -> !l.isEmpty()).toList();
      int first = lines.size() > 1 && (lines.get(1).equals("-") || lines.get(1).equals("---")) ? 2 : 0;
      for (String p : lines.subList(first, lines.size())) {
        paragraphs.add(p);
        bytes += p.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return new CorpusText(files.size(), paragraphs, bytes);
  }

  double megabytes() {
    return bytes / 1e6;
  }
}
