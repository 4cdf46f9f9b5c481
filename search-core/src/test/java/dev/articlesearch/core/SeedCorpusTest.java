package dev.articlesearch.core;

import static dev.articlesearch.core.TestIndexes.ids;
import static dev.articlesearch.core.TestIndexes.matched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled seed corpus, end to end: read, indexed, searched and highlighted. */
class SeedCorpusTest {
  private static final String ENTITY = "000_df9a3cfbf9da6c43";
  private static final String ZHIPU = "002_aaf58d43826c50b3";

  @TempDir static Path dir;
  static RebuildReport report;
  static ArticleIndex index;

  @BeforeAll
  static void build() {
    report = ArticleIndex.rebuild(TestIndexes.SEEDS, dir);
    index = ArticleIndex.open(dir);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void rebuildReportCountsBothArticlesAndEveryParagraph() {
    assertEquals(2, report.articles());
    assertEquals(56, report.paragraphs());
    assertEquals(2414 + 13215, report.bytesRead());
    assertEquals(List.of(), report.skipped());
  }

  @Test
  void statsTellTheServedIndexCountsAndCommitTime() throws IOException {
    IndexStats stats = index.stats();
    assertEquals(2, stats.articles());
    assertEquals(56, stats.paragraphs());
    assertTrue(Duration.between(stats.committedAt(), Instant.now()).toMinutes() < 10);
    assertEquals(1, stats.segments(), "a rebuild merges into one segment");
    assertEquals(0, stats.deletedDocuments());
    assertEquals(filesOnDisk(dir), stats.sizeInBytes());
  }

  @Test
  void statsCountDeletedDocumentsAndTheFilesThatRecordThem(@TempDir Path other) throws IOException {
    ArticleIndex.rebuild(TestIndexes.SEEDS, other);
    long rebuilt = filesOnDisk(other);
    try (Directory d = FSDirectory.open(other);
        IndexWriter writer = new IndexWriter(d, new IndexWriterConfig()
            .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      writer.setLiveCommitData(SegmentInfos.readLatestCommit(d).getUserData().entrySet());
      writer.deleteDocuments(new Term(Fields.ARTICLE_ID, ENTITY)); // its 6 paragraphs
      writer.commit();
    }
    try (ArticleIndex deleted = ArticleIndex.open(other)) {
      IndexStats stats = deleted.stats();
      assertEquals(50, stats.paragraphs());
      assertEquals(6, stats.deletedDocuments(), "still on disk until a merge drops them");
      assertEquals(1, stats.segments());
      assertEquals(filesOnDisk(other), stats.sizeInBytes());
      assertTrue(stats.sizeInBytes() > rebuilt, "the deletions are a file of their own");
    }
  }

  /** The bytes of an index folder holding one commit, without the lock file. */
  private static long filesOnDisk(Path index) throws IOException {
    try (Stream<Path> files = Files.list(index)) {
      return files.filter(f -> !f.getFileName().toString().equals("write.lock"))
          .mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void rebuildReportsProgressAfterEveryFileAndBeforeTheCommit(@TempDir Path other) {
    List<RebuildProgress> seen = new ArrayList<>();
    ArticleIndex.rebuild(TestIndexes.SEEDS, other, seen::add);
    assertEquals(3, seen.size());
    assertEquals(List.of(1, 2, 2), seen.stream().map(RebuildProgress::files).toList());
    assertEquals(List.of(false, false, true), seen.stream().map(RebuildProgress::committing).toList());
    RebuildProgress last = seen.get(2);
    assertEquals(2, last.totalFiles());
    assertEquals(56, last.paragraphs());
    assertEquals(2414 + 13215, last.bytes());
    assertEquals(2414 + 13215, last.totalBytes());
  }

  @Test
  void titleComesFromTheTitleLineOrIsDerivedFromTheFirstSentence() {
    assertEquals(
        List.of(
            new ArticleSummary(ENTITY,
                "According to reports, the U.S. Department of Commerce has placed Zhizhu AI on…",
                true, 6),
            new ArticleSummary(ZHIPU,
                "Behind the Billion-Dollar Valuation: The Development History of Zhipu AI", false, 50)),
        index.articles());
  }

  @Test
  void paragraphsAreStoredAsWrittenWithTheSeparatorLineDropped() {
    Article article = index.article(ZHIPU).orElseThrow();
    assertEquals(50, article.paragraphs().size());
    assertEquals(
        new Paragraph(1, "For Zhipu AI, the phrase 'the center of attention' has been fitting for a long time."),
        article.paragraphs().get(0));
    assertEquals(
        new Paragraph(32, "\"Part of the reason Zhipu open-sourced its 6B model was to signal to the market: 'We have something better—see if you're willing to pay for it,'\" an industry insider told Industrial Observer. For Zhipu AI, open-sourcing the 6B model serves as a clear strategy to showcase capabilities and attract funding."),
        article.paragraphs().get(31));
  }

  @Test
  void anArticleWithoutTitleLineKeepsEveryLineAsAParagraphTrimmedButOtherwiseAsWritten()
      throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(TestIndexes.SEEDS.resolve(ENTITY + ".txt"));
    List<String> expected = lines.stream().filter(l -> !l.isBlank()).map(String::strip).toList();
    List<String> stored =
        index.article(ENTITY).orElseThrow().paragraphs().stream().map(Paragraph::text).toList();
    assertEquals(expected, stored);
    assertEquals(6, stored.size());
    assertTrue(stored.get(0).contains("interests. **This decision makes Zhizhu AI the first"));
  }

  @Test
  void quotedEntityListFindsTheFirstArticlesFirstParagraphAsOneSpan() {
    SearchResult r = index.search("\"Entity List\"");
    assertEquals(List.of(ENTITY + "#1"), ids(r));
    Hit hit = r.hits().get(0);
    assertEquals(List.of("Entity List", "Entity List"), matched(hit));
    assertEquals(List.of(new Span(82, 93), new Span(333, 344)), hit.matches());
  }

  @Test
  void modelIdentifierRanksTheMmluParagraphFirst() {
    SearchResult r = index.search("ChatGLM3-6B");
    assertEquals(ZHIPU + "#9", ids(r).get(0));
    assertTrue(r.hits().get(0).text().startsWith("In detail, according to MMLU rankings, ChatGLM3-6B"));
    assertEquals(List.of("ChatGLM3-6B", "ChatGLM3-6B"), matched(r.hits().get(0)));
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "chatglm3|002_aaf58d43826c50b3#9 002_aaf58d43826c50b3#8 002_aaf58d43826c50b3#5",
        "Qwen-14B|002_aaf58d43826c50b3#9",
        "GPT-3.5|002_aaf58d43826c50b3#5 002_aaf58d43826c50b3#9 002_aaf58d43826c50b3#24",
        "\"Zhizhu Qingyan\"|000_df9a3cfbf9da6c43#4",
        "Midjourney|000_df9a3cfbf9da6c43#3",
      })
  void identifiersAndNamesFindExactlyTheirParagraphs(String query, String expected) {
    assertEquals(List.of(expected.split(" ")), ids(index.search(SearchRequest.of(query).withLimit(100))));
  }

  @Test
  void fuzzyIsOptInAndRanksExactSpellingFirst() {
    // "Entitty": one edit from "entity"; without fuzzy nothing says it.
    assertEquals(0, index.search("Entitty").total());
    assertEquals(List.of(ENTITY + "#1"), ids(index.search(SearchRequest.of("Entitty").withFuzzy(true))));
    SearchResult fuzzy = index.search(SearchRequest.of("Entitty List").withFuzzy(true));
    assertEquals(ENTITY + "#1", ids(fuzzy).get(0));
    assertEquals(List.of("Entity", "List", "Entity", "List"), matched(fuzzy.hits().get(0)));
    assertEquals(List.of(ZHIPU + "#9"), ids(index.search(SearchRequest.of("Qwne").withFuzzy(true))),
        "a transposition is one edit");
    // The word as typed outranks its near misses: "models" (exact) before "model".
    SearchResult models = index.search(SearchRequest.of("Alibba").withFuzzy(true).withLimit(100));
    assertTrue(models.total() > 0 && models.hits().stream().allMatch(h -> h.text().contains("Alibaba")));
    assertEquals(0, index.search(SearchRequest.of("Ab").withFuzzy(true)).total(), "2 letters: exact only");
  }

  @Test
  void modelNamesMatchWithOrWithoutTheirHyphen() {
    assertEquals(ENTITY + "#2", ids(index.search("GLM 130B")).get(0));
    assertEquals(List.of("GLM-130B"), matched(index.search("\"GLM 130B\"").hits().get(0)));
    assertEquals(ids(index.search("ChatGLM3-6B")), ids(index.search("\"ChatGLM3 6B\"")));
  }

  @Test
  void glmFindsEveryParagraphWithTheWordGlm() {
    SearchResult r = index.search(SearchRequest.of("GLM").withLimit(100));
    assertEquals(3, r.total());
    assertEquals(
        List.of(ENTITY + "#2", ZHIPU + "#14", ZHIPU + "#18"), ids(r).stream().sorted().toList());
    for (Hit h : r.hits()) {
      assertTrue(matched(h).stream().allMatch("GLM"::equals), matched(h).toString());
    }
  }

  @Test
  void gptSpaceThreePointFiveFindsBothSpellingsWithBothWords() {
    SearchResult r = index.search(SearchRequest.of("GPT 3.5").withLimit(100));
    List<String> top = ids(r).subList(0, 3);
    assertEquals(
        List.of(ZHIPU + "#24", ZHIPU + "#5", ZHIPU + "#9"), top.stream().sorted().toList());
    Hit gpt35 = r.hits().stream().filter(h -> h.paragraph() == 5).findFirst().orElseThrow();
    assertEquals(List.of("GPT", "3.5"), matched(gpt35));
  }

  @Test
  void paragraphsWithEveryWordRankAboveParagraphsWithSome() {
    SearchResult r = index.search(SearchRequest.of("Zhipu financing").withLimit(100));
    List<Hit> hits = r.hits();
    int withBoth = 0;
    while (withBoth < hits.size() && hasBoth(hits.get(withBoth))) {
      withBoth++;
    }
    assertEquals(2, withBoth, "paragraphs with both words first");
    for (Hit h : hits.subList(withBoth, hits.size())) {
      assertFalse(hasBoth(h), h.articleId() + "#" + h.paragraph());
    }
    assertEquals(r.total(), hits.size());
  }

  private static boolean hasBoth(Hit h) {
    String t = h.text().toLowerCase(java.util.Locale.ROOT);
    return t.contains("zhipu") && t.matches("(?s).*\\bfinanc(e|es|ed|ing)\\b.*");
  }

  @Test
  void snippetIsEscapedAndMarksTheMatch() {
    Hit hit = index.search("Hundred Models War").hits().get(0);
    assertEquals(ZHIPU + "#4", hit.articleId() + "#" + hit.paragraph());
    assertEquals(
        "In this &#39;<mark>Hundred</mark> <mark>Models</mark> <mark>War</mark>,&#39; Zhipu AI is"
            + " undoubtedly one of the most highly anticipated players.",
        hit.snippet());
  }
}
