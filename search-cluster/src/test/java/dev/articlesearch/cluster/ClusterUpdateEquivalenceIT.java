package dev.articlesearch.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.UpdateReport;
import dev.articlesearch.opensearch.OpenSearchCluster;
import dev.articlesearch.opensearch.OpenSearchCluster.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ClusterEquivalenceIT}'s every test, on a cluster index that was not rebuilt from the
 * corpus but updated into it: built from an earlier state of the folder (an article missing, two
 * at other versions, one under another name, one since deleted) and brought to the corpus by six
 * updates in place (an addition, an unreadable file, two edits, a rename, a deletion, a touch).
 * The embedded engine is a rebuild of the final corpus, so every answer compared is an updated
 * cluster index against a fresh rebuild.
 */
@ExtendWith(OpenSearchCluster.class)
class ClusterUpdateEquivalenceIT extends ClusterEquivalenceIT {
  @BeforeAll
  static void updatedIndex(Cluster opensearch) throws IOException {
    noDeletedParagraphs = false;
    Path corpus = TestCorpora.copy(dir.resolve("corpus"), TestCorpora.SEEDS, TestCorpora.CHINESE);
    Path aside = Files.createDirectories(dir.resolve("aside"));
    // The earlier state of the folder.
    Files.move(corpus.resolve("zh_004.txt"), aside.resolve("zh_004.txt"));
    String zh001 = Files.readString(corpus.resolve("zh_001.txt"));
    String zh002 = Files.readString(corpus.resolve("zh_002.txt"));
    Files.writeString(corpus.resolve("zh_001.txt"), zh001.strip()
        + "\n这一段后来被删除了：旧版本的第一段多余内容。\n这一段后来也被删除了：旧版本的第二段多余内容。\n", UTF_8);
    Files.writeString(corpus.resolve("zh_002.txt"), "旧标题\n-\n旧版本只有一段，后来整篇被改写。\n", UTF_8);
    Files.move(corpus.resolve("zh_003.txt"), corpus.resolve("zh_003_old_name.txt"));
    Files.writeString(corpus.resolve("extra_gone.txt"), "一篇后来被删除的文章。\n它的第二段提到智谱和清华大学。\n", UTF_8);
    ClusterIndexer.Target target = new ClusterIndexer.Target(opensearch.nodeUris(), ALIAS, 3, 1,
        Duration.ZERO);
    built = ClusterIndexer.rebuild(corpus, target, p -> {});

    long started = System.nanoTime();
    Files.move(aside.resolve("zh_004.txt"), corpus.resolve("zh_004.txt"));
    expect(update(corpus, target), 1, 0, 0, 6, 0);

    Files.write(corpus.resolve("zh_002.txt"), new byte[0]); // unreadable: its last version stays
    settle();
    UpdateReport r = update(corpus, target);
    expect(r, 0, 0, 0, 6, 1);
    assertEquals("zh_002.txt: empty file", r.skipped().get(0).file() + ": "
        + r.skipped().get(0).reason());

    Files.writeString(corpus.resolve("zh_001.txt"), zh001, UTF_8);
    Files.writeString(corpus.resolve("zh_002.txt"), zh002, UTF_8);
    expect(update(corpus, target), 0, 2, 0, 5, 0);

    Files.move(corpus.resolve("zh_003_old_name.txt"), corpus.resolve("zh_003.txt"));
    expect(update(corpus, target), 1, 0, 1, 6, 0);

    Files.delete(corpus.resolve("extra_gone.txt"));
    expect(update(corpus, target), 0, 0, 1, 6, 0);

    Path touched = corpus.resolve("zh_004.txt");
    Files.setLastModifiedTime(touched, FileTime.fromMillis(
        Files.getLastModifiedTime(touched).toMillis() - 60_000));
    r = update(corpus, target);
    expect(r, 0, 0, 0, 6, 0);
    assertFalse(r.changedAnything());
    System.out.printf(Locale.ROOT, "Cluster index %s updated in place by 6 updates in %d ms%n",
        built.index(), (System.nanoTime() - started) / 1_000_000);

    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    embedded = ArticleIndex.open(dir.resolve("index"), LIMITS);
    cluster = ClusterSearch.open(opensearch.nodeUris(), ALIAS, LIMITS);
    ClusterClient http = new ClusterClient(opensearch.nodeUris(), Duration.ofSeconds(30));
    try {
      assertEquals(List.of(built.index()), ClusterVersions.aliased(http, ALIAS),
          "updated in place: the alias still points to the index the rebuild made");
    } finally {
      http.close();
    }
  }

  private static UpdateReport update(Path corpus, ClusterIndexer.Target target) {
    UpdateReport r = ClusterUpdater.update(corpus, target, p -> {});
    System.out.println("Update: " + r);
    return r;
  }

  private static void expect(UpdateReport r, int added, int changed, int removed, int unchanged,
      int skipped) {
    assertEquals(List.of(added, changed, removed, unchanged, skipped), List.of(r.added(),
        r.changed(), r.removed(), r.unchanged(), r.skipped().size()), r.toString());
    assertFalse(r.rebuilt());
    assertTrue(r.took().toMillis() >= 0);
  }

  /** Past the reader's quiet time, so a file just written is read at once. */
  private static void settle() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
