package dev.articlesearch.core;

import static dev.articlesearch.core.FuzzChecks.assertDocumentedRefusal;
import static dev.articlesearch.core.FuzzChecks.assertHtmlOf;
import static dev.articlesearch.core.FuzzChecks.assertSnippetOf;
import static dev.articlesearch.core.FuzzChecks.assertSpansInside;
import static dev.articlesearch.core.FuzzChecks.withinBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.corpus.Aliases;
import dev.articlesearch.core.internal.corpus.ArticleParser;
import dev.articlesearch.core.internal.highlight.MatchHighlighter;
import dev.articlesearch.core.internal.index.IndexBuilder;
import dev.articlesearch.core.internal.query.LuceneSyntaxParser;
import dev.articlesearch.core.internal.query.QueryPlan;
import dev.articlesearch.core.internal.query.SimpleQueryParser;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the text side of highlighting: any article text is indexed as a rebuild indexes it (in
 * memory), and the matches of any query in it are checked, each paragraph's the same whether it is
 * highlighted with the others or alone. A text that cannot be indexed would fail every rebuild of
 * a corpus that holds it; a bad offset would break the snippet's HTML.
 *
 * <p>An input is the article text in UTF-8, a backslash and one more byte (the end of the text; a
 * backslash inside it is written twice), then the query, then one options byte: bit 0 for the
 * {@code lucene} syntax, bit 1 for fuzzy. A seed file reads as {@code text\}, a line break, the
 * query and a line break.
 */
class HighlighterFuzzTest {
  /** Longer texts add time, not new paths: the tokenizer works on 1024-character pieces. */
  private static final int MAX_TEXT = 3000;

  /**
   * smartcn loads its dictionaries on first use (a second, ten on a loaded machine): here, not in
   * the first input, whose time is bounded.
   */
  @BeforeAll
  static void loadDictionaries() {
    Tokens.of(FieldAnalyzers.index(), Fields.TEXT, "预热");
  }

  @FuzzTest(maxDuration = "30s")
  void anyTextIndexesAndItsMatchesStayInside(FuzzedDataProvider data) {
    int options = data.consumeInt(0, 255);
    String text = data.consumeString(MAX_TEXT);
    String query = data.consumeRemainingAsString();
    QuerySyntax syntax = (options & 1) != 0 ? QuerySyntax.LUCENE : QuerySyntax.SIMPLE;
    Article article = ArticleParser.parse("fuzz", text);
    if (article == null) {
      return; // only blank lines: a corpus file the rebuild skips
    }
    QueryPlan plan;
    try {
      plan = syntax == QuerySyntax.LUCENE
          ? QueryPlan.single(LuceneSyntaxParser.toQuery(query))
          : SimpleQueryParser.parse(query, Aliases.NONE, (options & 2) != 0);
    } catch (RuntimeException e) {
      assertDocumentedRefusal(e, query, syntax);
      return;
    }
    withinBudget("indexing and highlighting " + text + " for " + query, () -> {
      check(article, plan);
      return null;
    });
  }

  private static void check(Article article, QueryPlan plan) {
    try (Directory dir = new ByteBuffersDirectory()) {
      check(dir, article, plan);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory index does no I/O
    }
  }

  private static void check(Directory dir, Article article, QueryPlan plan) throws IOException {
    try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(FieldAnalyzers.index()))) {
      writer.addDocuments(IndexBuilder.documents(article));
      if (plan.isEmpty()) {
        return;
      }
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        MatchHighlighter highlighter = new MatchHighlighter(new IndexSearcher(reader));
        List<Paragraph> paragraphs = article.paragraphs();
        int[] docs = IntStream.range(0, paragraphs.size()).toArray(); // one segment, in order
        String[] texts = paragraphs.stream().map(Paragraph::text).toArray(String[]::new);
        MatchHighlighter.Matches[] passages = highlighter.matchesWithPassage(plan.matchQuery(), docs, texts);
        MatchHighlighter.Matches[] whole = highlighter.allMatches(plan.matchQuery(), docs, texts);
        for (int i = 0; i < docs.length; i++) {
          String text = texts[i];
          assertSpansInside(text, passages[i].spans());
          assertEquals(whole[i].spans(), passages[i].spans(), "by sentence and whole differ: " + text);
          // A page reuses one paragraph's postings for the next: each must get what it gets alone.
          assertEquals(highlighter.matchesWithPassage(plan.matchQuery(), new int[] {docs[i]},
              new String[] {text})[0], passages[i], "in a page and alone differ: " + text);
          assertSnippetOf(text, MatchHighlighter.snippet(text, passages[i], Markup.MARK), Markup.MARK);
          List<Span> spans = whole[i].spans();
          assertHtmlOf(text, Markup.MARK.apply(text, spans, 0, text.length()), spans, Markup.MARK);
        }
      }
    }
  }
}
