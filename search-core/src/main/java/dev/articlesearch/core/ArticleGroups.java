package dev.articlesearch.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
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
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    for (Query tier : tiers) {
      int count = s.count(tier);
      if (count == 0) {
        continue;
      }
      ScoreDoc[] ranked = Ranking.top(s, tier, count).scoreDocs;
      for (ScoreDoc sd : ranked) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        int doc = sd.doc - leaf.docBase;
        SortedDocValues ids = leaf.reader().getSortedDocValues(Fields.ARTICLE_ID);
        ids.advanceExact(doc);
        String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
        if (best.putIfAbsent(id, sd) != null) {
          SortedNumericDocValues numbers = leaf.reader().getSortedNumericDocValues(Fields.PARAGRAPH);
          numbers.advanceExact(doc);
          others.computeIfAbsent(id, k -> new ArrayList<>()).add((int) numbers.nextValue());
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
