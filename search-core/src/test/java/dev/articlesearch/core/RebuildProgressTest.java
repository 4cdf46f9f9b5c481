package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time left a rebuild's progress tells: by paragraphs when it embeds them, else by bytes. */
class RebuildProgressTest {
  @Test
  void timeLeftGoesByParagraphsOnceTheyAreCountedAndByBytesBefore() {
    Duration tenSeconds = Duration.ofSeconds(10);
    // Half the bytes but a quarter of the paragraphs after 10 s: 30 s left, not 10.
    assertEquals(Optional.of(Duration.ofSeconds(30)),
        new RebuildProgress(5, 10, 250, 1_000, 500, 1_000, tenSeconds, false).timeLeft());
    assertEquals(Optional.of(Duration.ofSeconds(10)),
        new RebuildProgress(5, 10, 250, -1, 500, 1_000, tenSeconds, false).timeLeft());
    assertEquals(Optional.of(Duration.ofSeconds(10)),
        new RebuildProgress(5, 10, 250, 500, 1_000, tenSeconds, false).timeLeft());
    assertEquals(Optional.empty(),
        new RebuildProgress(0, 10, 0, 1_000, 0, 1_000, Duration.ZERO, false).timeLeft());
    assertEquals(Optional.of(Duration.ZERO),
        new RebuildProgress(10, 10, 1_000, 1_000, 1_000, 1_000, tenSeconds, true).timeLeft());
  }

  @Test
  void aRebuildThatEmbedsCountsTheCorpusParagraphsForItsEstimate(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir.resolve("corpus"), 40);
    List<RebuildProgress> seen = new CopyOnWriteArrayList<>();
    RebuildReport r = ArticleIndex.rebuild(corpus, dir.resolve("index"), seen::add, new SlowEmbedder());

    assertEquals(120, r.paragraphs());
    RebuildProgress last = seen.get(seen.size() - 1);
    assertTrue(last.committing());
    assertEquals(120, last.totalParagraphs());
    List<Long> totals = seen.stream().map(RebuildProgress::totalParagraphs).distinct().toList();
    // Unknown until the count (beside the rebuild) is done, then the exact total, nothing else.
    assertTrue(totals.equals(List.of(-1L, 120L)) || totals.equals(List.of(120L)), totals.toString());
    assertTrue(seen.stream().anyMatch(p -> !p.committing() && p.totalParagraphs() == 120),
        "counted while the embedding was under way: " + totals);
  }

  @Test
  void aRebuildWithoutVectorsEstimatesByBytes(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir.resolve("corpus"), 5);
    List<RebuildProgress> seen = new CopyOnWriteArrayList<>();
    ArticleIndex.rebuild(corpus, dir.resolve("index"), seen::add);
    assertTrue(seen.stream().filter(p -> !p.committing()).allMatch(p -> p.totalParagraphs() == -1),
        seen.toString());
  }

  /** {@code files} articles of three paragraphs each, in Chinese and English. */
  private static Path corpus(Path dir, int files) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < files; i++) {
      Files.writeString(dir.resolve(String.format("a%03d.txt", i)), "第" + i + "篇：智谱AI发布了新模型。\n"
          + "Paragraph two of article " + i + " says what the model reads.\n"
          + "第三段：清华大学的研究团队介绍了分词方法。\n");
    }
    return dir;
  }

  /** The counting embedder, a few milliseconds a paragraph, as a real model is slow. */
  private static final class SlowEmbedder implements Embedder {
    private final CountingEmbedder inner = new CountingEmbedder();

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public List<Space> spaces() {
      return inner.spaces();
    }

    @Override
    public List<Vector> embedParagraph(String text) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.embedParagraph(text);
    }

    @Override
    public List<Vector> embedQuery(String text) {
      return inner.embedQuery(text);
    }

    @Override
    public void close() {}
  }
}
