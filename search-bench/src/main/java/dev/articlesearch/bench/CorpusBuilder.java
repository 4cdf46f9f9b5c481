package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds the full corpus: every documentation paragraph, then poetry until the corpus has the
 * paragraphs asked for. The poetry volumes are taken in a seeded shuffle, so the fill mixes Tang
 * and Song poems, ci and qu rather than taking the first files in name order.
 */
final class CorpusBuilder {
  static final String POETRY = "poetry";

  private final Path sources;
  private final List<DocSource> docs;
  private final long seed;
  private final Consumer<String> log;

  /**
   * @param sources the folder bench/build-corpora fetched the packages into
   * @param docs the documentation sources to read, in order ({@link DocSource#ALL})
   * @param seed the seed of the poetry order
   * @param log receives one line per source read
   */
  CorpusBuilder(Path sources, List<DocSource> docs, long seed, Consumer<String> log) {
    this.sources = sources;
    this.docs = List.copyOf(docs);
    this.seed = seed;
    this.log = log;
  }

  /** All the documentation and as much poetry as makes {@code paragraphs} (if there is enough). */
  Corpus build(long paragraphs) {
    ParagraphFilter filter = new ParagraphFilter();
    List<CorpusSource> read = new ArrayList<>();
    List<Article> articles = new ArrayList<>();
    for (DocSource doc : docs) {
      long started = System.nanoTime();
      List<Page> pages = PageReader.read(sources, doc);
      ArticleGrouper grouper = new ArticleGrouper(doc.id(), doc.kind());
      for (Page page : pages) {
        grouper.add(page.title(), filter.accept(page.paragraphs()));
      }
      List<Article> docArticles = grouper.finish();
      articles.addAll(docArticles);
      read.add(new CorpusSource(doc.id(), doc.kind(), doc.packageName()));
      log(doc.id(), pages.size() + " pages", grouper.paragraphs(), docArticles.size(), started);
    }
    long documentation = articles.stream().mapToLong(article -> article.paragraphs().size()).sum();
    if (documentation > paragraphs) {
      throw new IllegalArgumentException(
          "The documentation alone has " + documentation + " paragraphs, more than the "
              + paragraphs + " asked for");
    }
    articles.addAll(poetry(paragraphs - documentation, filter));
    read.add(new CorpusSource(POETRY, SourceKind.POETRY, PoetryVolume.PACKAGE));
    articles.sort(Comparator.comparing(Article::fileName));
    return new Corpus(read, articles);
  }

  private List<Article> poetry(long wanted, ParagraphFilter filter) {
    long started = System.nanoTime();
    List<PoetryVolume> volumes = new ArrayList<>(PoetryVolume.list(sources));
    Collections.shuffle(volumes, new Random(seed));
    TraditionalToSimplified simplified = new TraditionalToSimplified();
    ObjectMapper json = new ObjectMapper();
    ArticleGrouper grouper = new ArticleGrouper(POETRY, SourceKind.POETRY);
    int used = 0;
    for (PoetryVolume volume : volumes) {
      if (grouper.paragraphs() >= wanted) {
        break;
      }
      used++;
      for (List<String> poem : volume.poems(json)) {
        long room = wanted - grouper.paragraphs();
        if (room <= 0) {
          break;
        }
        List<String> lines = filter.accept(poem.stream().map(simplified::convert).toList());
        grouper.add(volume.title(), lines.subList(0, (int) Math.min(room, lines.size())));
      }
    }
    List<Article> articles = grouper.finish();
    log(POETRY, used + " of " + volumes.size() + " volumes", grouper.paragraphs(),
        articles.size(), started);
    return articles;
  }

  private void log(String source, String read, long paragraphs, int articles, long started) {
    log.accept(String.format(Locale.ROOT, "%s: %s, %,d paragraphs in %,d articles (%.1f s)",
        source, read, paragraphs, articles, (System.nanoTime() - started) / 1e9));
  }
}
