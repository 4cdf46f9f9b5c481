import dev.articlesearch.core.ArticleIndex;
import dev.articlesearch.core.Hit;
import dev.articlesearch.core.RebuildReport;
import dev.articlesearch.core.SearchRequest;
import dev.articlesearch.core.SearchResult;
import java.nio.file.Path;

public class Example {
  public static void main(String[] args) {
    Path corpus = Path.of(args.length > 0 ? args[0] : "seeds");
    Path indexDir = Path.of(args.length > 1 ? args[1] : "data/index");

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);
    System.out.println(report.articles() + " articles, " + report.paragraphs() + " paragraphs");

    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      SearchResult result = index.search(SearchRequest.of("ChatGLM3-6B").withLimit(3));
      System.out.println(result.total() + " hits");
      for (Hit hit : result.hits()) {
        System.out.println(hit.articleId() + " ¶" + hit.paragraph() + " " + hit.matches());
        System.out.println("  " + hit.snippet());
      }
    }
  }
}
