package dev.articlesearch.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The corpora the tests index, copied into one folder (tests run in search-cluster/). */
final class TestCorpora {
  static final Path SEEDS = Path.of("..", "seeds");
  static final Path CHINESE =
      Path.of("..", "search-core", "src", "test", "resources", "chinese-corpus");

  /** {@code target}, created, holding every file of each source (aliases.csv too). */
  static Path copy(Path target, Path... sources) throws IOException {
    Files.createDirectories(target);
    for (Path source : List.of(sources)) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.toList()) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    }
    return target;
  }

  private TestCorpora() {}
}
