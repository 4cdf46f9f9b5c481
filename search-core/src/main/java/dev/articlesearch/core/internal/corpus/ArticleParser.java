package dev.articlesearch.core.internal.corpus;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.Paragraph;
import java.util.ArrayList;
import java.util.List;

/** Turns an article file's text into its title and paragraphs (the corpus format). */
public final class ArticleParser {

  /** The article, or null when the text has no paragraph. */
  public static Article parse(String id, String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    String title = null;
    int body = first;
    if (first + 1 < lines.length && isTitleSeparator(lines[first + 1])) {
      title = lines[first].strip();
      body = first + 2;
    }
    List<Paragraph> paragraphs = new ArrayList<>();
    for (int i = body; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty()) {
        paragraphs.add(new Paragraph(paragraphs.size() + 1, line));
      }
    }
    if (paragraphs.isEmpty()) {
      return null;
    }
    return title != null
        ? new Article(id, title, false, paragraphs)
        : new Article(id, TitleDeriver.derive(paragraphs.get(0).text()), true, paragraphs);
  }

  private static boolean isTitleSeparator(String line) {
    String s = line.strip();
    return s.equals("-") || s.equals("---");
  }

  private ArticleParser() {}
}
