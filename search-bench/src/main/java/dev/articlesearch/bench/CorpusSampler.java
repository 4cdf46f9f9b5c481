package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws a smaller corpus from the full one: whole articles (so each keeps its title and its
 * paragraphs' neighbours), with each {@link SourceKind}'s share of paragraphs as in the full
 * corpus. Articles are tried in a seeded shuffle; one is taken when it brings its kind closer to
 * its target, so a kind ends within half an article of it.
 */
final class CorpusSampler {
  static Corpus sample(Corpus full, long paragraphs, long seed) {
    long total = full.paragraphs();
    List<Article> chosen = new ArrayList<>();
    for (SourceKind kind : SourceKind.values()) {
      List<Article> candidates =
          new ArrayList<>(full.articles().stream().filter(a -> a.kind() == kind).toList());
      long kindParagraphs = candidates.stream().mapToLong(a -> a.paragraphs().size()).sum();
      long target = Math.round((double) paragraphs * kindParagraphs / total);
      Collections.shuffle(candidates, new Random(seed + kind.ordinal()));
      long taken = 0;
      for (Article article : candidates) {
        if (taken >= target) {
          break;
        }
        int size = article.paragraphs().size();
        if (taken + size - target < target - taken) {
          chosen.add(article);
          taken += size;
        }
      }
    }
    chosen.sort(Comparator.comparing(Article::fileName));
    Set<String> used = chosen.stream().map(Article::source).collect(Collectors.toSet());
    List<CorpusSource> sources =
        full.sources().stream().filter(source -> used.contains(source.id())).toList();
    return new Corpus(sources, chosen);
  }

  private CorpusSampler() {}
}
