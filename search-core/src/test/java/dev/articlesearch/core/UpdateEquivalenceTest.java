package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a long random sequence of additions, edits, renames, deletions and touches, each batch
 * applied by an update, the index answers as a rebuild of the same folder: the same totals and the
 * same matching paragraphs for every query, the same first page in the same order for at least 99%
 * of them, and scores within a small relative difference (deleted documents count in BM25's
 * statistics until merged; an update merges them away past 5%).
 */
class UpdateEquivalenceTest {
  private static final int ROUNDS = 40;

  @Test
  void updatesAfterRandomEditsAnswerAsARebuild(@TempDir Path dir) throws IOException {
    Random random = new Random(20261205L);
    List<String> pool = paragraphs();
    Path corpus = TestIndexes.articlesOf(dir.resolve("corpus"), TestIndexes.SEEDS,
        TestIndexes.CHINESE);
    Path updated = dir.resolve("updated");
    ArticleIndex.rebuild(corpus, updated);
    Set<String> queries = queries(pool, random);
    long clock = System.currentTimeMillis() - 86_400_000L;
    int next = 0;
    int compared = 0;
    int samePage = 0;
    double largest = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      List<Path> files = files(corpus);
      int edits = 1 + random.nextInt(6);
      for (int e = 0; e < edits; e++) {
        Path file = files.isEmpty() ? null : files.get(random.nextInt(files.size()));
        int op = random.nextInt(10);
        if (file == null || op < 3) { // add
          file = corpus.resolve(String.format(Locale.ROOT, "gen_%03d.txt", next++));
          Files.writeString(file, article(pool, random));
        } else if (op < 6) { // edit, sometimes to the same length
          Files.writeString(file, article(pool, random));
        } else if (op < 7) { // rename
          Path to = corpus.resolve(String.format(Locale.ROOT, "ren_%03d.txt", next++));
          Files.move(file, to);
          file = to;
        } else if (op < 9) { // delete
          Files.delete(file);
          files.remove(file);
          continue;
        } // else: touch only
        Files.setLastModifiedTime(file, FileTime.fromMillis(clock += 1_000));
        files = files(corpus);
      }
      UpdateReport report = ArticleIndex.update(corpus, updated);
      assertEquals(List.of(), report.skipped());
      if (round % 10 != 0) {
        continue;
      }
      Path rebuilt = dir.resolve("rebuilt-" + round);
      ArticleIndex.rebuild(corpus, rebuilt);
      try (ArticleIndex u = ArticleIndex.open(updated, TestIndexes.PATIENT);
          ArticleIndex r = ArticleIndex.open(rebuilt, TestIndexes.PATIENT)) {
        assertEquals(r.stats().articles(), u.stats().articles());
        assertEquals(r.stats().paragraphs(), u.stats().paragraphs());
        assertEquals(r.articles(), u.articles());
        for (String q : queries) {
          SearchResult a = u.search(SearchRequest.of(q).withHighlight(false));
          SearchResult b = r.search(SearchRequest.of(q).withHighlight(false));
          assertEquals(b.total(), a.total(), q);
          assertEquals(all(r, q), all(u, q), q);
          compared++;
          samePage += TestIndexes.ids(a).equals(TestIndexes.ids(b)) ? 1 : 0;
          for (Hit ha : a.hits()) {
            for (Hit hb : b.hits()) {
              if (ha.articleId().equals(hb.articleId()) && ha.paragraph() == hb.paragraph()) {
                largest = Math.max(largest, Math.abs(ha.score() - hb.score())
                    / Math.max(1e-9, Math.abs(hb.score())));
              }
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "Update equivalence: %d rounds, %d articles written; %d"
        + " queries compared, first page identical for %d (%.1f%%); largest relative score"
        + " difference %.2e%n", ROUNDS, next, compared, samePage, 100.0 * samePage / compared,
        largest);
    assertTrue(samePage >= 0.99 * compared, samePage + " of " + compared);
    // Small indexes merge every deleted paragraph away at each update: the same statistics, so
    // the same scores (a 1e-6 margin for float rounding across segments).
    assertTrue(largest < 1e-6, "largest relative score difference " + largest);
  }

  /** Every matching paragraph, in no particular order. */
  private static Set<String> all(ArticleIndex index, String q) {
    Set<String> out = new TreeSet<>();
    for (int offset = 0; ; offset += 100) {
      SearchResult page = index.search(
          SearchRequest.of(q).withOffset(offset).withLimit(100).withHighlight(false));
      out.addAll(TestIndexes.ids(page));
      if (page.hits().size() < 100 || offset + 200 > SearchRequest.MAX_WINDOW) {
        return out;
      }
    }
  }

  private static List<Path> files(Path corpus) throws IOException {
    try (Stream<Path> s = Files.list(corpus)) {
      return new ArrayList<>(s.filter(p -> p.toString().endsWith(".txt")).sorted().toList());
    }
  }

  /** A random article of the pool's paragraphs, with a title line half the time. */
  private static String article(List<String> pool, Random random) {
    StringBuilder text = new StringBuilder();
    if (random.nextBoolean()) {
      text.append(pool.get(random.nextInt(pool.size())), 0, 12).append("\n-\n");
    }
    for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
      text.append(pool.get(random.nextInt(pool.size()))).append('\n');
    }
    return text.toString();
  }

  /** The paragraphs of the seeds and the Chinese test corpus, at least 12 characters long. */
  private static List<String> paragraphs() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path source : List.of(TestIndexes.SEEDS, TestIndexes.CHINESE)) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
          for (String line : Files.readAllLines(f)) {
            if (line.strip().length() >= 12 && !line.strip().equals("-")) {
              out.add(line.strip());
            }
          }
        }
      }
    }
    return out;
  }

  /** The judged queries and, from the pool's text, words and two-word phrases in both scripts. */
  private static Set<String> queries(List<String> pool, Random random) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    Evaluation.read(Path.of("..", "eval", "judgments.tsv")).forEach(j -> out.add(j.query()));
    while (out.size() < 300) {
      String p = pool.get(random.nextInt(pool.size()));
      String[] words = p.split("[\\s，。、,.;:()（）]+");
      String w = words[random.nextInt(words.length)];
      if (w.isBlank()) {
        continue;
      }
      if (w.codePointAt(0) >= 0x3400) { // Chinese: two to four characters
        int start = random.nextInt(Math.max(1, w.length() - 1));
        out.add(w.substring(start, Math.min(w.length(), start + 2 + random.nextInt(3))));
      } else {
        int i = random.nextInt(words.length);
        out.add(i + 1 < words.length && random.nextBoolean()
            ? "\"" + words[i] + " " + words[i + 1] + "\"" : words[i]);
      }
    }
    return out;
  }
}
