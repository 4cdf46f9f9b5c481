package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding an index that is in use: searches during rebuilds see either all of the old index or
 * all of the new, an open index serves a commit written by another process within a few refresh
 * intervals without being reopened, a search running when the new commit is served finishes with
 * exactly the old answer, and a second rebuild while one is writing fails at once on the lock.
 */
class RebuildConcurrencyTest extends RebuildFixtures {
  /** "A few refresh intervals": the longest an open index may take to serve a new commit. */
  private static final Duration NOTICE_WITHIN = REFRESH.multipliedBy(10);

  // --- Searches while the new commit arrives --------------------------------------------------

  @Test
  void searchesDuringRebuildsSeeEitherAllOfTheOldIndexOrAllOfTheNewNeverAMix(@TempDir Path tmp)
      throws Exception {
    int rebuilds = 8;
    List<Corpus> corpora = new ArrayList<>();
    for (int k = 0; k <= rebuilds; k++) {
      // Each corpus has its own ids and marked articles, so every query's answer differs.
      corpora.add(writeCorpus(tmp.resolve("c" + k), "c" + k, 120 + 10 * k, 40, 100L + k, 3 + k % 5));
    }
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(corpora.get(0).dir(), dir);
    List<SearchRequest> requests =
        List.of(
            MARKED_ARTICLES,
            SearchRequest.of("极光 aurora").withContext(1),
            // Many matches and one hit: most of the time goes into ranking, then one hit is read.
            SearchRequest.of("人工智能 模型 数据").withLimit(1),
            SearchRequest.of("科学家 OR 实验").withGroupByArticle(true).withLimit(1),
            SearchRequest.of("\"open source\" 北京 -交通").withLimit(3));
    int searchers = 3;

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      // The exact answers of each index in turn, taken while no rebuild runs.
      List<List<Answer>> expected = new ArrayList<>();
      expected.add(answers(index, requests));
      assertEquals(corpora.get(0).marked(), ids(expected.get(0).get(0)));
      List<Set<Answer>> seen = new ArrayList<>();
      for (int q = 0; q < requests.size(); q++) {
        seen.add(ConcurrentHashMap.newKeySet());
      }
      AtomicBoolean rebuilding = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger searchesWithinRebuild = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(searchers);
      try {
        for (int t = 0; t < searchers; t++) {
          int first = t;
          pool.execute(() -> {
            try {
              for (int i = first; !stop.get(); i++) {
                if (i % 10 == 0) {
                  index.refresh(); // besides the index's own refresh every 50 ms
                }
                int q = i % requests.size();
                boolean startedInRebuild = rebuilding.get();
                seen.get(q).add(answer(index, requests.get(q)));
                if (startedInRebuild && rebuilding.get()) {
                  searchesWithinRebuild.incrementAndGet();
                }
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          });
        }
        Thread.sleep(REFRESH.toMillis());
        // This thread rebuilds the folder the searchers read, from one corpus after another.
        for (int k = 1; k <= rebuilds; k++) {
          rebuilding.set(true);
          RebuildReport report = ArticleIndex.rebuild(corpora.get(k).dir(), dir);
          rebuilding.set(false);
          assertEquals(corpora.get(k).articles(), report.articles());
          index.refresh();
          expected.add(answers(index, requests));
          assertEquals(corpora.get(k).marked(), ids(expected.get(k).get(0)));
          Thread.sleep(REFRESH.toMillis());
        }
        // On a loaded machine the searchers may need longer than one refresh to reach the last
        // index with every query; the assertions below need them to have done so.
        List<Answer> last = expected.get(rebuilds);
        for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; ) {
          int q = 0;
          while (q < requests.size() && seen.get(q).contains(last.get(q))) {
            q++;
          }
          if (q == requests.size()) {
            break;
          }
          Thread.sleep(10);
        }
      } finally {
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "searchers did not stop");
      }
      assertNoFailures(failures);

      assertTrue(searchesWithinRebuild.get() >= 20,
          "searches that ran entirely during a rebuild: " + searchesWithinRebuild.get());
      for (int q = 0; q < requests.size(); q++) {
        String query = requests.get(q).query();
        List<Answer> answers = new ArrayList<>();
        for (List<Answer> e : expected) {
          answers.add(e.get(q));
        }
        assertEquals(rebuilds + 1, Set.copyOf(answers).size(), "each index answers differently: " + query);
        for (Answer a : seen.get(q)) {
          assertTrue(answers.contains(a), "not the whole answer of any one index: " + query + " -> " + a);
        }
        assertTrue(seen.get(q).contains(answers.get(0)), "no search saw the first index: " + query);
        assertTrue(seen.get(q).contains(answers.get(rebuilds)), "no search saw the last index: " + query);
      }
    }
  }

  // --- A commit from elsewhere ----------------------------------------------------------------

  @Test
  void openIndexServesCommitFromAnotherProcessWithinAFewRefreshIntervalsWithoutReopening(
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 60, 30, 31L, 4);
    Corpus fresh = writeCorpus(tmp.resolve("new"), "new", 80, 30, 32L, 3);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    long generation = lastCommitGeneration(dir);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      assertEquals(old.marked(), markedIds(index));
      Path log = tmp.resolve("child.log");
      Process child = startRebuildChild(fresh.dir(), dir, log);
      long lastSeenUncommitted = System.nanoTime();
      long served = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      try {
        // No refresh() here: the index must notice the commit by itself.
        while (served == 0) {
          assertTrue(System.nanoTime() < deadline, "the new commit was never served");
          long now = System.nanoTime();
          if (lastCommitGeneration(dir) == generation) {
            lastSeenUncommitted = now;
          }
          List<String> ids = markedIds(index);
          if (ids.equals(fresh.marked())) {
            served = System.nanoTime();
          } else {
            assertEquals(old.marked(), ids, "before the new commit is served, the old one is");
            Thread.sleep(2);
          }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child rebuild did not finish");
      } finally {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, child.exitValue(), output);
      assertTrue(output.contains(RebuildChild.FINISHED + ": 80 articles, 400 paragraphs"), output);
      // Measured from the last moment the folder still held no new commit: an upper bound.
      Duration noticed = Duration.ofNanos(served - lastSeenUncommitted);
      assertTrue(noticed.compareTo(NOTICE_WITHIN) <= 0, "served the new commit after " + noticed);
      assertEquals(80, index.articles().size());
      assertTrue(index.article("old-0000").isEmpty());
    }
  }

  @Test
  void searchRunningWhenNewCommitIsServedFinishesWithExactlyTheOldAnswer(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(writeCorpus(tmp.resolve("c0"), "c0", 300, 40, 40L, 5).dir(), dir);
    // Slow on purpose (a few hundred ms): 75 words (64 count), 100 hits, 5 paragraphs of context each.
    SearchRequest slow =
        SearchRequest.of(String.join(" ", CHINESE) + " " + String.join(" ", ENGLISH))
            .withLimit(SearchRequest.MAX_LIMIT)
            .withContext(SearchRequest.MAX_CONTEXT);

    // Room past the 2 s budget: on a busy machine these slow searches may take longer, and the
    // test is about which commit they see, not how fast.
    try (ArticleIndex index =
        ArticleIndex.open(dir, REFRESH, Limits.DEFAULTS.withTimeout(Duration.ofMinutes(1)))) {
      int spanning = 0;
      // Whether a slow search is in flight when the new commit is served is timing: try a few
      // rebuilds; almost always the first one has such a search.
      for (int round = 1; round <= 4 && spanning == 0; round++) {
        index.refresh();
        Answer oldAnswer = answer(index, slow);
        List<String> oldMarked = markedIds(index);
        Corpus next = writeCorpus(tmp.resolve("c" + round), "c" + round, 300, 40, 40L + round, 5 + round);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong newServedAt = new AtomicLong(Long.MAX_VALUE);
        ConcurrentLinkedQueue<Long> oldAnswerEnds = new ConcurrentLinkedQueue<>();
        Set<Answer> otherAnswers = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
          for (int t = 0; t < 2; t++) {
            pool.execute(() -> {
              try {
                while (!stop.get()) {
                  Answer a = answer(index, slow);
                  long end = System.nanoTime();
                  if (a.equals(oldAnswer)) {
                    oldAnswerEnds.add(end);
                  } else {
                    otherAnswers.add(a);
                  }
                }
              } catch (Throwable e) {
                failures.add(e);
              }
            });
          }
          // A quick probe: the first moment the index is known to serve the new commit.
          pool.execute(() -> {
            try {
              while (!stop.get()) {
                List<String> ids = markedIds(index);
                if (ids.equals(next.marked())) {
                  newServedAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                } else if (!ids.equals(oldMarked)) {
                  throw new AssertionError("neither the old nor the new marked articles: " + ids);
                }
                Thread.sleep(1);
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          });
          Thread.sleep(200); // the slow searches are under way
          ArticleIndex.rebuild(next.dir(), dir);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (newServedAt.get() == Long.MAX_VALUE && failures.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the new commit was never served");
            Thread.sleep(5);
          }
        } finally {
          stop.set(true);
          pool.shutdown();
          assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "searchers did not stop");
        }
        assertNoFailures(failures);

        index.refresh();
        Answer newAnswer = answer(index, slow);
        assertNotEquals(oldAnswer, newAnswer);
        assertTrue(otherAnswers.isEmpty() || otherAnswers.equals(Set.of(newAnswer)),
            "a slow search returned neither the old nor the new answer");
        // Old answers that came back after the new commit was being served: those searches ran
        // on the old commit while it was replaced (its files deleted) and still got all of it.
        long served = newServedAt.get();
        spanning = (int) oldAnswerEnds.stream().filter(end -> end > served).count();
      }
      assertTrue(spanning > 0, "no search was in flight when the new commit was served");
    }
  }

  // --- Two rebuilds at once -------------------------------------------------------------------

  @Test
  void secondRebuildWhileOneIsWritingFailsAtOnceNamingTheLockAndTheFirstCompletes(
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 40, 30, 101L, 4);
    Corpus other = writeCorpus(tmp.resolve("other"), "other", 50, 30, 102L, 3);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    String locked = "Another rebuild is writing " + dir
        + " (write.lock held): try again when it has finished";

    Path firstLog = tmp.resolve("first.log");
    Process first = startRebuildChild(big.dir(), dir, firstLog, RebuildChild.Pause.ANALYSING.name());
    try {
      waitForOutput(first, firstLog, RebuildChild.PAUSED + RebuildChild.Pause.ANALYSING);
      Path secondLog = tmp.resolve("second.log");
      Process second = startRebuildChild(other.dir(), dir, secondLog);
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second rebuild waited");
      String output = Files.readString(secondLog, StandardCharsets.UTF_8);
      assertEquals(1, second.exitValue(), output);
      assertTrue(output.lines().toList().contains(RebuildChild.FAILED + locked), output);
      // The same from within this process, while the child still holds the lock.
      SearchException e = assertThrows(SearchException.class,
          () -> ArticleIndex.rebuild(other.dir(), dir));
      assertEquals(locked, e.getMessage());

      first.getOutputStream().write('\n');
      first.getOutputStream().flush();
      assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the first rebuild did not finish");
      assertEquals(0, first.exitValue(), Files.readString(firstLog, StandardCharsets.UTF_8));
    } finally {
      first.destroyForcibly();
    }
    assertCleanIndex(dir);
    try (ArticleIndex index = ArticleIndex.open(dir)) {
      assertEquals(big.marked(), markedIds(index));
      assertEquals(big.articles(), index.articles().size());
      assertTrue(index.article("other-0000").isEmpty());
    }
  }

  private static void assertNoFailures(ConcurrentLinkedQueue<Throwable> failures) {
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " searches failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }
}
