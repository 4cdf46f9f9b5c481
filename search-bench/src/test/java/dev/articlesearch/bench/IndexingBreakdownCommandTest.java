package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.schema.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The field-by-field indexing breakdown, on the seeds and a Chinese article. */
class IndexingBreakdownCommandTest {
  @TempDir Path dir;

  private Path corpus() throws Exception {
    return SeedCorpus.copy(dir.resolve("corpus"));
  }

  private static Set<String> fieldNames(Document d, Predicate<IndexableField> keep) {
    Set<String> names = new TreeSet<>();
    for (IndexableField f : d.getFields()) {
      if (keep.test(f)) {
        names.add(f.name());
      }
    }
    return names;
  }

  @Test
  void eachVariantLeavesOutOnlyItsOwnFields() throws Exception {
    CorpusReader.FileResult zh = CorpusReader.read(corpus().resolve("zh.txt"));
    Document first = IndexBuilder.documents(zh.article(), zh.source()).get(0);
    Set<String> all = fieldNames(first, f -> true);
    assertTrue(all.containsAll(List.of(Fields.TEXT, Fields.TEXT_CJK, Fields.WORDS, Fields.TITLE,
        Fields.TITLE_CJK, Fields.ARTICLE_ID, Fields.PARAGRAPH)), all.toString());
    List<IndexingBreakdownCommand.Variant> v = IndexingBreakdownCommand.VARIANTS;
    assertEquals(all, fieldNames(first, v.get(0).keep()));
    assertEquals(minus(all, Fields.WORDS), fieldNames(first, v.get(1).keep()));
    assertEquals(minus(all, Fields.TEXT_CJK, Fields.TITLE_CJK), fieldNames(first, v.get(2).keep()));
    assertEquals(minus(all, Fields.TITLE, Fields.TITLE_CJK), fieldNames(first, v.get(3).keep()));
    // article_id keeps its indexed term and stored value; its sorted doc values go
    Set<String> noDocValues = fieldNames(first, v.get(4).keep());
    assertEquals(minus(all, Fields.PARAGRAPH, Fields.SOURCE_SIZE, Fields.SOURCE_MODIFIED), noDocValues);
    assertEquals(Set.of(Fields.TEXT), fieldNames(first, v.get(5).keep()));
  }

  private static Set<String> minus(Set<String> all, String... fields) {
    Set<String> left = new TreeSet<>(all);
    left.removeAll(List.of(fields));
    return left;
  }

  @Test
  void theReportHasEveryVariantsMedianAndEveryRunAndLeavesNoIndexBehind() throws Exception {
    Path corpus = corpus();
    Path work = dir.resolve("work");
    Path out = dir.resolve("out");
    int status = new CommandLine(new BenchMain()).execute("indexing-breakdown", "--corpus",
        corpus.toString(), "--work", work.toString(), "--rounds", "2", "--out", out.toString(),
        "--report-name", "seeds");
    assertEquals(0, status);
    String md = Files.readString(out.resolve("seeds.md"));
    for (IndexingBreakdownCommand.Variant v : IndexingBreakdownCommand.VARIANTS) {
      assertTrue(md.contains("| " + v.name() + " | "), v.name() + " in\n" + md);
      assertEquals(2, md.lines().filter(l -> l.startsWith("- " + v.name() + ": ")).count(), md);
    }
    assertTrue(md.contains("paragraphs, indexed from memory"), md);
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void theTextAloneMakesASmallerIndexThanEveryField() throws Exception {
    List<CorpusReader.FileResult> articles = IndexingBreakdownCommand.read(corpus());
    IndexingBreakdownCommand.Run all = IndexingBreakdownCommand.index(IndexingBreakdownCommand.ALL,
        articles, 2, dir.resolve("all"));
    IndexingBreakdownCommand.Run text = IndexingBreakdownCommand.index(
        IndexingBreakdownCommand.TEXT_ALONE, articles, 2, dir.resolve("text"));
    assertTrue(text.indexBytes() < all.indexBytes(), text + " vs " + all);
    assertTrue(all.segmentsBeforeMerge() >= 1, all.toString());
    assertFalse(Files.exists(dir.resolve("all")));
  }

  @Test
  void roundsBelowOneAreRefusedBeforeAnythingIsRead() throws Exception {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cli = new CommandLine(new BenchMain());
    cli.setErr(new java.io.PrintWriter(err));
    int status = cli.execute("indexing-breakdown", "--corpus", dir.resolve("none").toString(),
        "--work", dir.resolve("work").toString(), "--rounds", "0");
    assertEquals(2, status);
    assertTrue(err.toString().contains("--rounds must be at least 1, not 0"), err.toString());
  }

  @Test
  void aCorpusWithoutArticlesIsRefusedByName() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("blank.txt"), "\n\n");
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> IndexingBreakdownCommand.read(empty));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }
}
