package dev.articlesearch.server;

import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.Article;
import dev.articlesearch.core.ArticleSummary;
import dev.articlesearch.core.HighlightResult;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.IndexStats;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.SearchResult;
import dev.articlesearch.core.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies, as records whose component names Jackson writes in snake_case. They only
 * reshape the library's results: no search logic lives here.
 */
final class Responses {
  record Error(String error, String message) {}

  record Search(
      String query, String syntax, String mode, long total, boolean totalExact, double tookMs,
      int offset, int limit, boolean grouped, String didYouMean, List<SearchHit> hits) {
    static Search of(SearchResult r) {
      var q = r.request();
      return new Search(q.query(), q.syntax().name().toLowerCase(java.util.Locale.ROOT),
          q.mode().name().toLowerCase(java.util.Locale.ROOT), r.total(),
          r.totalExact(), r.took().toNanos() / 1e6, q.offset(), q.limit(), q.groupByArticle(), r.didYouMean(),
          r.hits().stream().map(SearchHit::of).toList());
    }
  }

  record SearchHit(
      String articleId, String title, boolean titleDerived, int paragraph, float score,
      String text, String snippet, List<int[]> matches, Context context,
      List<Integer> otherParagraphs, List<dev.articlesearch.core.AliasMatch> aliasMatches,
      List<String> foundBy) {
    static SearchHit of(Hit h) {
      return new SearchHit(h.articleId(), h.title(), h.titleDerived(), h.paragraph(), h.score(),
          h.text(), h.snippet(), spans(h.matches()),
          new Context(toJson(h.before()), toJson(h.after())), h.otherParagraphs(), h.aliasMatches(),
          h.foundBy().stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }
  }

  record Context(List<ParagraphJson> before, List<ParagraphJson> after) {}

  record ParagraphJson(int paragraph, String text) {}

  record Suggestions(String query, List<dev.articlesearch.core.Suggestion> suggestions) {}

  record Highlight(String articleId, String title, boolean titleDerived,
      List<HighlightedParagraph> paragraphs) {
    static Highlight of(HighlightResult r) {
      return new Highlight(r.articleId(), r.title(), r.titleDerived(), r.paragraphs().stream()
          .map(p -> new HighlightedParagraph(p.number(), p.text(), p.html(), spans(p.matches())))
          .toList());
    }
  }

  record HighlightedParagraph(int paragraph, String text, String html, List<int[]> matches) {}

  record Articles(int total, List<ArticleListing> articles) {
    static Articles of(List<ArticleSummary> all) {
      return new Articles(all.size(), all.stream()
          .map(a -> new ArticleListing(a.id(), a.title(), a.titleDerived(), a.paragraphs()))
          .toList());
    }
  }

  record ArticleListing(String id, String title, boolean titleDerived, int paragraphs) {}

  record FullArticle(String id, String title, boolean titleDerived, List<ParagraphJson> paragraphs) {
    static FullArticle of(Article a) {
      return new FullArticle(a.id(), a.title(), a.titleDerived(), toJson(a.paragraphs()));
    }
  }

  record Analysis(String text, Map<String, List<Token>> fields) {
    static Analysis of(String text, List<AnalyzedToken> tokens) {
      Map<String, List<Token>> fields = new LinkedHashMap<>();
      for (AnalyzedToken t : tokens) {
        fields.computeIfAbsent(t.field(), f -> new java.util.ArrayList<>())
            .add(new Token(t.term(), t.start(), t.end(), t.position()));
      }
      return new Analysis(text, fields);
    }
  }

  record Token(String term, int start, int end, int position) {}

  record Health(String status, int articles, long paragraphs, String committedAt,
      List<String> modes) {
    static Health of(IndexStats s, List<dev.articlesearch.core.SearchMode> modes) {
      return new Health("ok", s.articles(), s.paragraphs(),
          s.committedAt() == null ? null : s.committedAt().toString(),
          modes.stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }
  }

  private static List<int[]> spans(List<Span> spans) {
    return spans.stream().map(s -> new int[] {s.start(), s.end()}).toList();
  }

  private static List<ParagraphJson> toJson(List<Paragraph> ps) {
    return ps.stream().map(p -> new ParagraphJson(p.number(), p.text())).toList();
  }

  private Responses() {}
}
