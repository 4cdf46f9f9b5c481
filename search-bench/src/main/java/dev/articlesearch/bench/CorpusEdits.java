package dev.articlesearch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Deterministic edits of a copy of a benchmark corpus, as a writer of a watched folder makes them:
 * each new version is written under a hidden temporary name ({@code .name.txt.tmp}, which the
 * index ignores) and renamed into place in one atomic move. A rewritten file keeps its title and
 * gets as many paragraphs as it had, drawn from the whole corpus: real text, so an update does
 * the analysis work a real edit costs. The same seed gives the same edits.
 */
final class CorpusEdits {
  private final Path folder;
  private final List<Path> files;
  private final List<String> pool;
  private final Random random;
  private final List<Path> cycle = new ArrayList<>();
  private int next;

  private CorpusEdits(Path folder, List<Path> files, List<String> pool, long seed) {
    this.folder = folder;
    this.files = files;
    this.pool = pool;
    this.random = new Random(seed);
  }

  /** The article files of {@code folder}, whose paragraphs (as read now) are the edits' pool. */
  static CorpusEdits of(Path folder, long seed) throws IOException {
    List<Path> files = articleFiles(folder);
    List<String> pool = new ArrayList<>();
    for (Path f : files) {
      pool.addAll(Parsed.of(Files.readString(f, StandardCharsets.UTF_8)).paragraphs());
    }
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("No paragraphs in " + folder);
    }
    return new CorpusEdits(folder, files, pool, seed);
  }

  /** Copies the corpus's files (not folders) into {@code to}, emptied first. */
  static void copy(Path from, Path to) throws IOException {
    deleteTree(to);
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static List<Path> articleFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
  }

  int files() {
    return files.size();
  }

  /** {@code n} distinct files, drawn from the seed. */
  List<Path> pick(int n) {
    List<Path> shuffled = new ArrayList<>(files);
    Collections.shuffle(shuffled, random);
    return shuffled.subList(0, Math.min(n, shuffled.size()));
  }

  /** The next file of a shuffled round over all of them: every file once before any twice. */
  Path next() {
    if (next == cycle.size()) {
      cycle.clear();
      cycle.addAll(files);
      Collections.shuffle(cycle, random);
      next = 0;
    }
    return cycle.get(next++);
  }

  /** Replaces every paragraph of {@code file}; {@code extra}, if not null, ends its first one. */
  void rewrite(Path file, String extra) throws IOException {
    rewrite(file, extra, () -> { });
  }

  /** As {@link #rewrite(Path, String)}, running {@code beforeRename} just before the rename. */
  void rewrite(Path file, String extra, Runnable beforeRename) throws IOException {
    Parsed p = Parsed.of(Files.readString(file, StandardCharsets.UTF_8));
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < Math.max(1, p.paragraphs().size()); i++) {
      paragraphs.add(draw());
    }
    if (extra != null) {
      paragraphs.set(0, paragraphs.get(0) + " " + extra);
    }
    write(file, new Parsed(p.header(), paragraphs).text(), beforeRename);
  }

  /** A small edit: one paragraph of {@code file} replaced by another of the corpus. */
  void touchUp(Path file) throws IOException {
    Parsed p = Parsed.of(Files.readString(file, StandardCharsets.UTF_8));
    List<String> paragraphs = new ArrayList<>(p.paragraphs());
    if (paragraphs.isEmpty()) {
      paragraphs.add(draw());
    } else {
      paragraphs.set(random.nextInt(paragraphs.size()), draw());
    }
    write(file, new Parsed(p.header(), paragraphs).text(), () -> { });
  }

  private String draw() {
    return pool.get(random.nextInt(pool.size()));
  }

  /** Writes {@code text} under a hidden temporary name, then renames it over {@code file}. */
  void write(Path file, String text, Runnable beforeRename) throws IOException {
    Path tmp = folder.resolve("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    beforeRename.run();
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A word found nowhere else, different for each {@code n} (up to 26⁴): letters only, so smartcn
   * keeps it one token, and ending in "qz", which no Porter stemming rule shortens, so no two of
   * them stem alike.
   */
  static String uniqueWord(int n) {
    if (n < 0 || n >= 26 * 26 * 26 * 26) {
      throw new IllegalArgumentException("n out of range: " + n);
    }
    StringBuilder b = new StringBuilder("zq");
    for (int i = 0, v = n; i < 4; i++, v /= 26) {
      b.append((char) ('a' + v % 26));
    }
    return b.append("qz").toString();
  }

  /**
   * A corpus file: its header (the title line and {@code ---}, when it has them) and its
   * paragraphs, one a line.
   */
  record Parsed(List<String> header, List<String> paragraphs) {
    static Parsed of(String text) {
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      int first = lines.size() > 1 && (lines.get(1).equals("-") || lines.get(1).equals("---")) ? 2 : 0;
      return new Parsed(lines.subList(0, first), lines.subList(first, lines.size()));
    }

    String text() {
      StringBuilder b = new StringBuilder();
      for (String l : header) {
        b.append(l).append('\n');
      }
      for (String l : paragraphs) {
        b.append(l).append('\n');
      }
      return b.toString();
    }
  }
}
