package dev.articlesearch.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

/** Groups ranked hits by article: each article once, at the rank of its best paragraph. */
final class ArticleGroups {
  /** An article's best hit and the numbers of its other matching paragraphs, ascending. */
  record Group(ScoreDoc best, List<Integer> otherParagraphs) {}

  static List<Group> collect(IndexSearcher s, List<Query> tiers) throws IOException {
    Map<String, ScoreDoc> best = new LinkedHashMap<>();
    Map<String, List<Integer>> others = new LinkedHashMap<>();
    for (Query tier : tiers) {
      int count = s.count(tier);
      if (count == 0) {
        continue;
      }
      for (ScoreDoc sd : Ranking.top(s, tier, count, count).scoreDocs) {
        String id = Ranking.articleId(sd);
        if (best.putIfAbsent(id, sd) != null) {
          others.computeIfAbsent(id, k -> new ArrayList<>()).add(Ranking.paragraph(sd));
        }
      }
    }
    List<Group> groups = new ArrayList<>(best.size());
    best.forEach((id, sd) -> {
      List<Integer> rest = others.getOrDefault(id, new ArrayList<>());
      rest.sort(null);
      groups.add(new Group(sd, rest));
    });
    return groups;
  }

  private ArticleGroups() {}
}
