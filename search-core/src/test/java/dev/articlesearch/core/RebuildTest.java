package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.store.MockDirectoryWrapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rebuilding an index that is in use: a process killed part way, searches while the new commit
 * arrives, a commit written by another process, and rebuilds that fail. Every index is real and on
 * disk; every corpus is generated from a fixed seed, so each answer is known exactly.
 */
class RebuildTest {
  /** How often the open indexes here look for a new commit. */
  private static final Duration REFRESH = Duration.ofMillis(50);

  /** "A few refresh intervals": the longest an open index may take to serve a new commit. */
  private static final Duration NOTICE_WITHIN = REFRESH.multipliedBy(10);

  /**
   * The second paragraph of every marked article. Its words (极光, aurora, borealis) and its
   * characters occur nowhere else in a generated corpus, so the marked articles are exactly the
   * hits of {@code 极光}.
   */
  private static final String MARKER = "夜空中出现了罕见的极光，aurora borealis 持续了十分钟。";

  private static final String[] CHINESE = {
    "人工智能", "模型", "训练", "数据", "研究", "大学", "北京", "发布", "技术", "语言", "系统", "开源",
    "计算", "网络", "安全", "城市", "交通", "经济", "发展", "环境", "能源", "科学家", "实验", "结果",
    "社会", "文化", "历史", "教育", "学生", "医院", "健康", "政府", "政策", "市场", "公司", "产品",
    "用户", "手机", "互联网", "我们", "认为", "这个", "问题", "非常", "重要", "已经", "开始", "使用"
  };

  private static final String[] ENGLISH = {
    "model", "training", "data", "research", "university", "release", "language", "system", "open",
    "source", "network", "security", "city", "energy", "science", "experiment", "result", "society",
    "culture", "history", "the", "of", "and", "with", "for", "new", "large"
  };

  private static final int PARAGRAPHS_PER_ARTICLE = 5;

  /** Each marked article once, with its best paragraph: the marker's answer, as ids. */
  private static final SearchRequest MARKED_ARTICLES =
      SearchRequest.of("极光").withGroupByArticle(true).withLimit(SearchRequest.MAX_LIMIT);

  /**
   * Searches whose answers must come through a crash or a failed rebuild unchanged: Chinese,
   * English and mixed words, a phrase, an exclusion, OR, grouping, context and paging.
   */
  private static final List<SearchRequest> QUERIES =
      List.of(
          SearchRequest.of("极光"),
          MARKED_ARTICLES,
          SearchRequest.of("aurora borealis").withContext(1),
          SearchRequest.of("人工智能 模型").withLimit(30),
          SearchRequest.of("\"open source\" 北京").withContext(2),
          SearchRequest.of("科学家 OR 实验 -交通").withGroupByArticle(true).withLimit(20),
          SearchRequest.of("language model 语言 模型").withOffset(10).withLimit(15),
          SearchRequest.of("\"人工智能 模型\""));

  /** A rebuild big enough to take a few seconds, for a child process to be killed in. */
  @TempDir static Path shared;

  private static Corpus big;

  /**
   * A small rebuild for a nearly full disk: the fault-injecting directory measures the folder at
   * every write, which makes a big rebuild take minutes.
   */
  private static Corpus small;

  @BeforeAll
  static void writeCorpora() throws IOException {
    big = writeCorpus(shared.resolve("big"), "big", 1000, 60, 20260101L, 11);
    small = writeCorpus(shared.resolve("small"), "small", 60, 30, 20260102L, 4);
  }

  // --- 1. A crash part way through a rebuild -------------------------------------------------

  /**
   * Where in a rebuild the child is killed: told by the new files it has written so far (the child
   * runs on), or by the child stopping itself at a step and saying so ({@link RebuildChild.Pause}).
   */
  enum KillPoint {
    /**
     * Articles are being analysed and added: the new segments' stored fields are growing on disk
     * (over 100 kB of them), nothing has been flushed.
     */
    WHILE_ANALYSING(files -> sum(files, ".fdt") > 100_000 && sum(files, ".tim") == 0),
    /** Stopped after 100 files were read, while their articles were being analysed. */
    PAUSED_WHILE_ANALYSING(RebuildChild.Pause.ANALYSING),
    /** The closing commit is flushing the new segments: their postings are being written. */
    WHILE_FLUSHING_THE_COMMIT(files -> sum(files, ".tim") > 0),
    /** The flushed segments are written; the merge into one segment has begun. */
    WHILE_MERGING(RebuildChild.Pause.MERGING),
    /** The merged segment is written; the commit is syncing its files. */
    WHILE_SYNCING(RebuildChild.Pause.SYNCING),
    /** The commit point is written (pending_segments_N) but not yet renamed to segments_N. */
    BEFORE_THE_COMMIT_POINT_IS_RENAMED(RebuildChild.Pause.RENAMING_THE_COMMIT_POINT);

    final Predicate<Map<String, Long>> reached;
    final RebuildChild.Pause pause;

    KillPoint(Predicate<Map<String, Long>> reached) {
      this.reached = reached;
      this.pause = null;
    }

    KillPoint(RebuildChild.Pause pause) {
      this.reached = files -> true;
      this.pause = pause;
    }

    private static long sum(Map<String, Long> files, String suffix) {
      return files.entrySet().stream()
          .filter(e -> e.getKey().endsWith(suffix))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  @ParameterizedTest
  @EnumSource(KillPoint.class)
  void childKilledMidRebuildLeavesPreviousIndexCleanWithIdenticalHitsAndRebuildable(
      KillPoint point, @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    Set<String> committed = latestCommitFiles(dir);
    long generation = lastCommitGeneration(dir);

    try (ArticleIndex open = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(open);
      List<ArticleSummary> articlesBefore = open.articles();
      assertEquals(old.marked(), markedIds(open));
      assertEquals(120, articlesBefore.size());

      Path log = tmp.resolve("child.log");
      Process child = point.pause == null
          ? startRebuildChild(big.dir(), dir, log)
          : startRebuildChild(big.dir(), dir, log, point.pause.name());
      Map<String, Long> written;
      try {
        if (point.pause != null) {
          waitForOutput(child, log, RebuildChild.PAUSED + point.pause);
        }
        written = waitForNewFiles(child, log, dir, committed, point.reached);
        assertTrue(child.isAlive(), "the child must still be rebuilding when it is killed");
      } finally {
        child.destroyForcibly();
      }
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(137, child.exitValue(), "exit status of a SIGKILLed JVM; child output:\n" + output);
      assertTrue(output.contains(RebuildChild.STARTED), output);
      assertFalse(output.contains(RebuildChild.FINISHED), "the child finished before the kill:\n" + output);
      assertFalse(written.isEmpty(), "the child had written part of a new index");
      if (point == KillPoint.BEFORE_THE_COMMIT_POINT_IS_RENAMED) {
        assertTrue(written.keySet().stream().anyMatch(f -> f.startsWith("pending_segments_")),
            "the commit point was written: " + written);
      }
      // The killed rebuild's files stay until the next IndexWriter: no commit references them,
      // readers never look at them, and the writer's deleter removes them when it starts (below).
      assertTrue(fileSizes(dir).keySet().containsAll(written.keySet()));

      // The kill came before the new commit: the old one is still the latest, intact and clean.
      assertEquals(generation, lastCommitGeneration(dir),
          "a new commit appeared: the kill came after the commit, or the rebuild commits part way");
      assertEquals(committed, latestCommitFiles(dir));
      assertCleanIndex(dir);
      open.refresh();
      assertEquals(before, answers(open, QUERIES), "the index that stayed open");
      try (ArticleIndex reopened = ArticleIndex.open(dir, REFRESH)) {
        assertEquals(before, answers(reopened, QUERIES), "the index opened after the crash");
        assertEquals(articlesBefore, reopened.articles());
        assertEquals(old.marked(), markedIds(reopened));
        assertTrue(reopened.article("big-0000").isEmpty(), "nothing of the killed rebuild is visible");
      }

      // Running the same rebuild again, in this process, over the crash's leftovers succeeds.
      RebuildReport report = ArticleIndex.rebuild(big.dir(), dir);
      assertEquals(big.articles(), report.articles());
      assertEquals((long) big.articles() * PARAGRAPHS_PER_ARTICLE, report.paragraphs());
      assertEquals(List.of(), report.skipped());
      assertCleanIndex(dir);
      Set<String> expectedFiles = new HashSet<>(latestCommitFiles(dir));
      expectedFiles.add("write.lock");
      assertEquals(expectedFiles, fileSizes(dir).keySet(), "no leftover of the killed rebuild remains");
      open.refresh();
      assertEquals(big.marked(), markedIds(open));
      assertEquals(big.articles(), open.articles().size());
      assertTrue(open.article("old-0000").isEmpty());
      assertEquals(PARAGRAPHS_PER_ARTICLE, open.article("big-0000").orElseThrow().paragraphs().size());
    }
  }

  // --- 2. Searches while the new commit arrives ----------------------------------------------

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

  // --- 3. A commit from elsewhere ------------------------------------------------------------

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

  // --- 4. Rebuilds that fail ------------------------------------------------------------------

  @Test
  void rebuiltIndexIsOneSegmentWhateverTheNumberOfIndexingThreads(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(writeCorpus(tmp.resolve("c"), "c", 400, 30, 71L, 4).dir(), dir);
    try (Directory d = FSDirectory.open(dir)) {
      SegmentInfos commit = SegmentInfos.readLatestCommit(d);
      assertEquals(1, commit.size(), "segments in the commit");
      assertEquals("400", commit.getUserData().get("articles"));
    }
  }

  @Test
  void rebuildFromCorpusWithNoReadableArticleFailsAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus good = writeCorpus(tmp.resolve("good"), "good", 40, 30, 51L, 4);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(good.dir(), dir);
    Path bad = Files.createDirectories(tmp.resolve("坏的语料"));
    byte[] undecodable = concat("标题\n---\n第一段".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, 0x41});
    Files.write(bad.resolve("乱码.txt"), undecodable);
    Files.write(bad.resolve("空.txt"), new byte[0]);
    Files.writeString(bad.resolve("blank.txt"), "\n   \n\t\n");
    Files.writeString(bad.resolve("title-only.txt"), "只有标题\n---\n\n");
    Files.writeString(bad.resolve("readme.md"), "不是文章：不算在内。\n"); // not a .txt file
    Files.writeString(bad.resolve(".hidden.txt"), "隐藏文件里的极光\n"); // hidden: never read

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(bad, dir));
      assertEquals("No article could be read from " + bad
          + " (4 .txt files, 4 skipped): the index was left as it was", e.getMessage());

      assertIndexUnchanged(dir, files, before, index);
      assertEquals(good.marked(), markedIds(index));
    }
  }

  @Test
  void rebuildFromMissingCorpusFailsNamingItAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus good = writeCorpus(tmp.resolve("good"), "good", 40, 30, 61L, 4);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(good.dir(), dir);
    Path missing = tmp.resolve("不存在的语料");
    Path notAFolder = Files.writeString(tmp.resolve("文章.txt"), "一篇文章，不是文件夹。\n");

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(missing, dir));
      assertEquals("Corpus folder does not exist: " + missing, e.getMessage());
      assertIndexUnchanged(dir, files, before, index);

      e = assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(notAFolder, dir));
      assertEquals("Corpus path is not a folder: " + notAFolder, e.getMessage());
      assertIndexUnchanged(dir, files, before, index);

      Path noIndexYet = tmp.resolve("new-index");
      assertThrows(CorpusException.class, () -> ArticleIndex.rebuild(missing, noIndexYet));
      assertFalse(Files.exists(noIndexYet), "a failed rebuild must not create the index folder");
    }
  }

  @Test
  void corpusFolderDeletedDuringARebuildFailsNamingItAndLeavesIndexByteForByte(@TempDir Path tmp)
      throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 40, 30, 81L, 4);
    Corpus doomed = writeCorpus(tmp.resolve("将被删除"), "doomed", 60, 30, 82L, 3);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);

      CorpusException e = assertThrows(CorpusException.class,
          () -> ArticleIndex.rebuild(doomed.dir(), dir, progress -> {
            if (progress.files() == 10) {
              deleteTree(doomed.dir());
            }
          }));
      assertEquals("Corpus folder " + doomed.dir()
          + " disappeared during the rebuild: the index was left as it was", e.getMessage());
      assertIndexUnchanged(dir, files, before, index);
    }
  }

  @Test
  void corpusFilesChangedOrDeletedAfterListingAreIndexedAsReadOrSkippedWithTheReason(
      @TempDir Path tmp) throws Exception {
    Corpus corpus = writeCorpus(tmp.resolve("c"), "c", 30, 30, 91L, 4);
    Path rewritten = corpus.dir().resolve("c-0020.txt");
    Path truncated = corpus.dir().resolve("c-0021.txt");
    Path deleted = corpus.dir().resolve("c-0022.txt");
    Path dir = tmp.resolve("index");

    // The rebuild lists the folder first, then reads file by file: these change in between.
    RebuildReport report = ArticleIndex.rebuild(corpus.dir(), dir, progress -> {
      if (progress.files() == 1) {
        try {
          Files.writeString(rewritten, "改写后的标题\n---\n彗星在清晨出现。\n\n第二段 comet。\n");
          String first = Files.readString(truncated).split("\n\n")[0];
          Files.writeString(truncated, first + "\n");
          Files.delete(deleted);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    assertEquals(29, report.articles());
    assertEquals(List.of(new SkippedFile("c-0022.txt",
        "cannot read: java.nio.file.NoSuchFileException: " + deleted)), report.skipped());
    assertCleanIndex(dir);
    try (ArticleIndex index = ArticleIndex.open(dir)) {
      Article a = index.article("c-0020").orElseThrow();
      assertEquals("改写后的标题", a.title());
      assertEquals(List.of("彗星在清晨出现。", "第二段 comet。"),
          a.paragraphs().stream().map(Paragraph::text).toList());
      assertEquals(List.of("c-0020"), ids(answer(index,
          SearchRequest.of("彗星").withGroupByArticle(true))));
      assertEquals(1, index.article("c-0021").orElseThrow().paragraphs().size());
      assertTrue(index.article("c-0022").isEmpty());
    }
  }

  /**
   * A corpus file rewritten in place, over and over, while rebuilds read it: each rebuild indexes
   * one whole version of it, or skips it saying why; never the start of one and the end of another.
   */
  @Test
  void fileRewrittenWhileRebuildsReadItIsIndexedAsOneWholeVersionOrSkipped(@TempDir Path tmp)
      throws Exception {
    Corpus corpus = writeCorpus(tmp.resolve("c"), "c", 10, 30, 93L, 4);
    Path file = corpus.dir().resolve("c-0005.txt");
    List<String> shortVersion = paragraphs("短", 3);
    List<String> longVersion = paragraphs("长", 40);
    Path dir = tmp.resolve("index");
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, Integer> outcomes = new TreeMap<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          Files.writeString(file, String.join("\n\n", i % 2 == 0 ? shortVersion : longVersion));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    try {
      for (int round = 0; round < 20; round++) {
        RebuildReport report = ArticleIndex.rebuild(corpus.dir(), dir);
        try (ArticleIndex index = ArticleIndex.open(dir)) {
          var article = index.article("c-0005");
          String outcome;
          if (article.isPresent()) {
            List<String> texts = article.get().paragraphs().stream().map(Paragraph::text).toList();
            assertTrue(texts.equals(shortVersion) || texts.equals(longVersion),
                "a mix of versions was indexed: " + texts);
            outcome = texts.size() + " paragraphs";
          } else {
            assertEquals(1, report.skipped().size(), report::toString);
            outcome = report.skipped().get(0).reason().replaceAll(", \\d+ times.*", "");
            assertTrue(outcome.equals("empty file") || outcome.equals("it changed while being read"),
                outcome);
          }
          outcomes.merge(outcome, 1, Integer::sum);
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    System.out.println("file rewritten during 20 rebuilds, outcomes: " + outcomes);
  }

  private static List<String> paragraphs(String word, int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      texts.add("第" + i + "段" + word.repeat(40) + " paragraph " + i + "。");
    }
    return texts;
  }

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

  @Test
  void rebuildIntoAReadOnlyIndexFolderFailsNamingItAndTheIndexStillServes(@TempDir Path tmp)
      throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      try (ReadOnly readOnly = ReadOnly.make(dir)) {
        assertFalse(Files.isWritable(readOnly.dir()), "made read-only: " + readOnly);
        SearchException e = assertThrows(SearchException.class,
            () -> ArticleIndex.rebuild(old.dir(), dir));
        assertTrue(e.getMessage().startsWith("Cannot write to the index folder " + dir + " ("),
            e.getMessage());
        assertTrue(e.getMessage().endsWith("): the index was left as it was"), e.getMessage());
        assertIndexUnchanged(dir, files, before, index);
      }
    }
  }

  /**
   * A folder no one may write to for as long as this is open. Root ignores permission bits, so as
   * root the folder is made immutable ({@code chattr +i}, which stops root too); skipped with the
   * reason where that is not possible.
   */
  private record ReadOnly(Path dir, boolean immutable) implements AutoCloseable {
    static ReadOnly make(Path dir) throws IOException, InterruptedException {
      if (!"root".equals(System.getProperty("user.name"))) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return new ReadOnly(dir, false);
      }
      Process chattr;
      try {
        chattr = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
      } catch (IOException e) {
        Assumptions.abort("runs as root and there is no chattr to make a folder read-only: " + e);
        throw e;
      }
      String out = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(chattr.waitFor() == 0,
          "runs as root and chattr +i failed, so no folder is read-only to root: " + out);
      return new ReadOnly(dir, true);
    }

    @Override
    public void close() throws IOException {
      if (!immutable) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return;
      }
      try {
        if (new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor() != 0) {
          throw new IOException("chattr -i " + dir + " failed: the temp folder stays immutable");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while making " + dir + " writable again", e);
      }
    }
  }

  // --- 5. Full disks and failing writes (Lucene's MockDirectoryWrapper) ---------------------

  /** The small corpus's finished index, in bytes: the free space below is measured against it. */
  private static long smallIndexBytes;

  private static synchronized long smallIndexBytes() throws IOException {
    if (smallIndexBytes == 0) {
      Path dir = shared.resolve("small-index");
      ArticleIndex.rebuild(small.dir(), dir);
      smallIndexBytes = fileSizes(dir).values().stream().mapToLong(Long::longValue).sum();
    }
    return smallIndexBytes;
  }

  /**
   * Free space as a share of the new index's size: none, a little (fails while analysing), half,
   * and about the index (fails while flushing: flushed files and their compound file side by side).
   */
  @ParameterizedTest
  @ValueSource(doubles = {0, 0.05, 0.5, 1.0})
  void rebuildOnAFullDiskFailsSayingSoAndLeavesThePreviousCommitByteForByte(double freeShare,
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);
    long free = (long) (smallIndexBytes() * freeShare);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      long used = fileSizes(dir).values().stream().mapToLong(Long::longValue).sum();
      SearchException e;
      try (MockDirectoryWrapper disk = failingDirectory(dir, 1)) {
        disk.setMaxSizeInBytes(used + free);
        e = assertThrows(SearchException.class,
            () -> IndexBuilder.rebuild(small.dir(), dir, disk, progress -> {}));
      }
      System.out.printf(Locale.ROOT, "disk full, %d of %d bytes free: %s%n", free, smallIndexBytes(),
          e.getMessage());
      assertTrue(e.getMessage().startsWith("The disk holding " + dir + " is full: the rebuild was"
          + " abandoned and the previous index left as it was (fake disk full at "), e.getMessage());
      assertIndexUnchanged(dir, files, before, index);
    }
  }

  /**
   * I/O errors on a share of the files the rebuild writes or syncs: wherever the first one
   * strikes (analysing, flushing, merging, committing), the rebuild fails and leaves no trace.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void rebuildHittingIoErrorsFailsAndLeavesThePreviousCommitByteForByte(long seed,
      @TempDir Path tmp) throws Exception {
    Corpus old = writeCorpus(tmp.resolve("old"), "old", 120, 30, 7L, 5);
    Path dir = tmp.resolve("index");
    ArticleIndex.rebuild(old.dir(), dir);

    try (ArticleIndex index = ArticleIndex.open(dir, REFRESH)) {
      List<Answer> before = nonEmptyAnswers(index);
      Map<String, String> files = fileDigests(dir);
      SearchException e;
      try (MockDirectoryWrapper disk = failingDirectory(dir, seed)) {
        // On the first write to each new file and on every sync. (Not on opening files: the
        // clean-up after the failure reads the previous commit, and is only best effort.)
        disk.setRandomIOExceptionRate(0.1);
        e = assertThrows(SearchException.class,
            () -> IndexBuilder.rebuild(big.dir(), dir, disk, progress -> {}));
      }
      System.out.println("I/O errors, seed " + seed + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("Rebuild of " + dir + " failed: "), e.getMessage());
      assertTrue(e.getMessage().endsWith("; the previous index was left as it was"),
          e.getMessage());
      assertTrue(causes(e).contains("a random IOException"), causes(e));
      assertIndexUnchanged(dir, files, before, index);
    }
    // And nothing stays in the way of the next rebuild.
    RebuildReport report = ArticleIndex.rebuild(big.dir(), dir);
    assertEquals(big.articles(), report.articles());
    assertCleanIndex(dir);
  }

  /** The index folder through Lucene's fault-injecting directory; CheckIndex runs separately. */
  private static MockDirectoryWrapper failingDirectory(Path dir, long seed) throws IOException {
    MockDirectoryWrapper d = new MockDirectoryWrapper(new Random(seed), FSDirectory.open(dir));
    d.setCheckIndexOnClose(false); // it would run on the folder through this directory
    return d;
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- Helpers --------------------------------------------------------------------------------

  /** A search's answer without its timing: equal answers are the same hits, in the same order. */
  private record Answer(long total, List<Hit> hits) {
    /** Short enough for a failure message: the total, then each hit as article#paragraph. */
    @Override
    public String toString() {
      return total + " hits " + hits.stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
    }
  }

  /** A generated corpus folder, and the ids of the articles whose second paragraph is the marker. */
  private record Corpus(Path dir, int articles, List<String> marked) {}

  /**
   * Writes {@code articles} articles of {@value #PARAGRAPHS_PER_ARTICLE} paragraphs of mixed
   * Chinese and English words, from {@code seed}. Even articles have a title line, odd ones derive
   * one; every {@code markEvery}th article (from the first) has the marker as its second paragraph.
   */
  private static Corpus writeCorpus(Path dir, String prefix, int articles, int words, long seed,
      int markEvery) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(seed);
    List<String> marked = new ArrayList<>();
    for (int a = 0; a < articles; a++) {
      String id = String.format(Locale.ROOT, "%s-%04d", prefix, a);
      StringBuilder text = new StringBuilder();
      if (a % 2 == 0) {
        text.append("第").append(a).append("篇 ").append(prefix).append(" 报告\n---\n");
      }
      for (int p = 1; p <= PARAGRAPHS_PER_ARTICLE; p++) {
        if (p == 2 && a % markEvery == 0) {
          text.append(MARKER);
          marked.add(id);
        } else {
          appendParagraph(text, random, words);
        }
        text.append("\n\n");
      }
      Files.writeString(dir.resolve(id + ".txt"), text, StandardCharsets.UTF_8);
    }
    if (marked.size() > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("more marked articles than one page holds: " + marked.size());
    }
    return new Corpus(dir, articles, List.copyOf(marked));
  }

  private static void appendParagraph(StringBuilder text, Random random, int words) {
    for (int w = 0; w < words; w++) {
      if (random.nextInt(4) == 0) {
        text.append(' ').append(ENGLISH[random.nextInt(ENGLISH.length)]).append(' ');
      } else {
        text.append(CHINESE[random.nextInt(CHINESE.length)]);
      }
      if (random.nextInt(12) == 0) {
        text.append('，');
      }
    }
    text.append('。');
  }

  private static Answer answer(ArticleIndex index, SearchRequest request) {
    SearchResult result = index.search(request);
    return new Answer(result.total(), result.hits());
  }

  private static List<Answer> answers(ArticleIndex index, List<SearchRequest> requests) {
    return requests.stream().map(r -> answer(index, r)).toList();
  }

  /** The answers to {@link #QUERIES}, each with hits: identical empty answers would prove nothing. */
  private static List<Answer> nonEmptyAnswers(ArticleIndex index) {
    List<Answer> answers = answers(index, QUERIES);
    for (int q = 0; q < QUERIES.size(); q++) {
      assertFalse(answers.get(q).hits().isEmpty(), "no hits for " + QUERIES.get(q).query());
    }
    return answers;
  }

  /** The article ids of an answer, sorted (equal scores have no defined order across rebuilds). */
  private static List<String> ids(Answer answer) {
    List<String> ids = answer.hits().stream().map(Hit::articleId).sorted().toList();
    assertEquals(answer.total(), ids.size(), "the whole answer fits on the page");
    return ids;
  }

  private static List<String> markedIds(ArticleIndex index) {
    return ids(answer(index, MARKED_ARTICLES));
  }

  /** A {@link RebuildChild}, with its pause point if given; its output goes to {@code log}. */
  static Process startRebuildChild(Path corpus, Path index, Path log, String... pause)
      throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElseThrow(() -> new AssertionError("cannot tell which java binary runs this test"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        RebuildChild.class.getName(), corpus.toString(), index.toString()));
    command.addAll(List.of(pause));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until the child has printed {@code line}; fails if it exits first. */
  static void waitForOutput(Process child, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!Files.readString(log, StandardCharsets.UTF_8).lines().anyMatch(line::equals)) {
      if (!child.isAlive() && !Files.readString(log, StandardCharsets.UTF_8).lines().anyMatch(line::equals)) {
        fail("the child exited (" + child.exitValue() + ") before printing '" + line + "':\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      assertTrue(System.nanoTime() < deadline, "the child never printed '" + line + "'");
      Thread.sleep(5);
    }
  }

  /**
   * Waits until the files in {@code dir} that are not part of the {@code committed} index (nor the
   * lock) satisfy {@code reached}, and returns them with their sizes. Fails if the child exits
   * first.
   */
  private static Map<String, Long> waitForNewFiles(Process child, Path log, Path dir,
      Set<String> committed, Predicate<Map<String, Long>> reached) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      Map<String, Long> written = fileSizes(dir);
      written.keySet().removeAll(committed);
      written.remove("write.lock");
      if (reached.test(written)) {
        return written;
      }
      if (!child.isAlive()) {
        fail("the child exited (" + child.exitValue() + ") before the kill point; new files "
            + written + ", output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      assertTrue(System.nanoTime() < deadline, "the kill point never came; new files " + written);
      Thread.sleep(2);
    }
  }

  /** Every file in the folder with its size; files deleted while listing are left out. */
  private static Map<String, Long> fileSizes(Path dir) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        try {
          sizes.put(f.getFileName().toString(), Files.size(f));
        } catch (NoSuchFileException gone) {
          // a temporary file the writer deleted meanwhile
        }
      }
    }
    return sizes;
  }

  /** Every file in the folder with the SHA-256 of its bytes. */
  private static Map<String, String> fileDigests(Path dir) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        digests.put(f.getFileName().toString(), sha256(Files.readAllBytes(f)));
      }
    }
    return digests;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long lastCommitGeneration(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return SegmentInfos.getLastCommitGeneration(
          files.map(f -> f.getFileName().toString()).toArray(String[]::new));
    }
  }

  private static Set<String> latestCommitFiles(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir)) {
      return Set.copyOf(SegmentInfos.readLatestCommit(d).files(true));
    }
  }

  /** Lucene's CheckIndex, with its slow checks, finds no problem in the latest commit. */
  private static void assertCleanIndex(Path dir) throws IOException {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try (Directory d = FSDirectory.open(dir);
        CheckIndex check = new CheckIndex(d)) {
      check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_SLOW_CHECKS);
      check.setInfoStream(new PrintStream(report, true, StandardCharsets.UTF_8));
      CheckIndex.Status status = check.checkIndex();
      assertTrue(status.clean, () -> "CheckIndex found problems:\n" + report.toString(StandardCharsets.UTF_8));
      assertEquals(0, status.numBadSegments);
    }
  }

  /**
   * The folder holds the very same bytes as before, CheckIndex passes, and both the index that was
   * open throughout and a newly opened one give the same answers as before.
   */
  private static void assertIndexUnchanged(Path dir, Map<String, String> files, List<Answer> before,
      ArticleIndex open) throws IOException {
    assertEquals(files, fileDigests(dir), "the index folder changed");
    assertCleanIndex(dir);
    open.refresh();
    assertEquals(before, answers(open, QUERIES));
    try (ArticleIndex reopened = ArticleIndex.open(dir)) {
      assertEquals(before, answers(reopened, QUERIES));
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
