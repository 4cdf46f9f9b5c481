package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Rebuild*Test classes share, as their superclass: corpora generated from a fixed seed, so
 * each answer is known exactly; the searches whose answers must come through a crash or a failed
 * rebuild unchanged; a rebuild in a child process ({@link RebuildChild}); and the checks that an
 * index on disk is clean, or unchanged byte for byte. Every index is real and on disk.
 */
abstract class RebuildFixtures {
  /** How often the open indexes here look for a new commit. */
  static final Duration REFRESH = Duration.ofMillis(50);

  /**
   * The second paragraph of every marked article. Its words (极光, aurora, borealis) and its
   * characters occur nowhere else in a generated corpus, so the marked articles are exactly the
   * hits of {@code 极光}.
   */
  static final String MARKER = "夜空中出现了罕见的极光，aurora borealis 持续了十分钟。";

  static final String[] CHINESE = {
    "人工智能", "模型", "训练", "数据", "研究", "大学", "北京", "发布", "技术", "语言", "系统", "开源",
    "计算", "网络", "安全", "城市", "交通", "经济", "发展", "环境", "能源", "科学家", "实验", "结果",
    "社会", "文化", "历史", "教育", "学生", "医院", "健康", "政府", "政策", "市场", "公司", "产品",
    "用户", "手机", "互联网", "我们", "认为", "这个", "问题", "非常", "重要", "已经", "开始", "使用"
  };

  static final String[] ENGLISH = {
    "model", "training", "data", "research", "university", "release", "language", "system", "open",
    "source", "network", "security", "city", "energy", "science", "experiment", "result", "society",
    "culture", "history", "the", "of", "and", "with", "for", "new", "large"
  };

  static final int PARAGRAPHS_PER_ARTICLE = 5;

  /** Each marked article once, with its best paragraph: the marker's answer, as ids. */
  static final SearchRequest MARKED_ARTICLES =
      SearchRequest.of("极光").withGroupByArticle(true).withLimit(SearchRequest.MAX_LIMIT);

  /**
   * Searches whose answers must come through a crash or a failed rebuild unchanged: Chinese,
   * English and mixed words, a phrase, an exclusion, OR, grouping, context and paging.
   */
  static final List<SearchRequest> QUERIES =
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

  static Corpus big;

  /**
   * A small rebuild for a nearly full disk: the fault-injecting directory measures the folder at
   * every write, which makes a big rebuild take minutes.
   */
  static Corpus small;

  @BeforeAll
  static void writeCorpora() throws IOException {
    big = writeCorpus(shared.resolve("big"), "big", 1000, 60, 20260101L, 11);
    small = writeCorpus(shared.resolve("small"), "small", 60, 30, 20260102L, 4);
  }

  // --- Helpers --------------------------------------------------------------------------------

  /** A search's answer without its timing: equal answers are the same hits, in the same order. */
  record Answer(long total, List<Hit> hits) {
    /** Short enough for a failure message: the total, then each hit as article#paragraph. */
    @Override
    public String toString() {
      return total + " hits " + hits.stream().map(h -> h.articleId() + "#" + h.paragraph()).toList();
    }
  }

  /** A generated corpus folder, and the ids of the articles whose second paragraph is the marker. */
  record Corpus(Path dir, int articles, List<String> marked) {}

  /**
   * Writes {@code articles} articles of {@value #PARAGRAPHS_PER_ARTICLE} paragraphs of mixed
   * Chinese and English words, from {@code seed}. Even articles have a title line, odd ones derive
   * one; every {@code markEvery}th article (from the first) has the marker as its second paragraph.
   */
  static Corpus writeCorpus(Path dir, String prefix, int articles, int words, long seed,
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

  static Answer answer(ArticleIndex index, SearchRequest request) {
    SearchResult result = index.search(request);
    return new Answer(result.total(), result.hits());
  }

  static List<Answer> answers(ArticleIndex index, List<SearchRequest> requests) {
    return requests.stream().map(r -> answer(index, r)).toList();
  }

  /** The answers to {@link #QUERIES}, each with hits: identical empty answers would prove nothing. */
  static List<Answer> nonEmptyAnswers(ArticleIndex index) {
    List<Answer> answers = answers(index, QUERIES);
    for (int q = 0; q < QUERIES.size(); q++) {
      assertFalse(answers.get(q).hits().isEmpty(), "no hits for " + QUERIES.get(q).query());
    }
    return answers;
  }

  /** The article ids of an answer, sorted (equal scores have no defined order across rebuilds). */
  static List<String> ids(Answer answer) {
    List<String> ids = answer.hits().stream().map(Hit::articleId).sorted().toList();
    assertEquals(answer.total(), ids.size(), "the whole answer fits on the page");
    return ids;
  }

  static List<String> markedIds(ArticleIndex index) {
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

  /** Every file in the folder with its size; files deleted while listing are left out. */
  static Map<String, Long> fileSizes(Path dir) throws IOException {
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
  static Map<String, String> fileDigests(Path dir) throws IOException {
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

  static long lastCommitGeneration(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return SegmentInfos.getLastCommitGeneration(
          files.map(f -> f.getFileName().toString()).toArray(String[]::new));
    }
  }

  /** Lucene's CheckIndex, with its slow checks, finds no problem in the latest commit. */
  static void assertCleanIndex(Path dir) throws IOException {
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
  static void assertIndexUnchanged(Path dir, Map<String, String> files, List<Answer> before,
      ArticleIndex open) throws IOException {
    assertEquals(files, fileDigests(dir), "the index folder changed");
    assertCleanIndex(dir);
    open.refresh();
    assertEquals(before, answers(open, QUERIES));
    try (ArticleIndex reopened = ArticleIndex.open(dir)) {
      assertEquals(before, answers(reopened, QUERIES));
    }
  }
}
