package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a corpus folder: one {@code .txt} file per article in the corpus format, and {@code
 * manifest.json}. Article files and a manifest left from an earlier build are deleted first, so
 * the folder holds exactly this corpus.
 */
final class CorpusWriter {
  static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Writes {@code corpus} to {@code dir} and returns its manifest; {@code archives} holds every
   * source's package.
   */
  static CorpusManifest write(
      Corpus corpus, String label, long seed, Map<String, SourceArchive> archives, Path dir) {
    try {
      Files.createDirectories(dir);
      deleteEarlierBuild(dir);
      long bytes = 0;
      for (Article article : corpus.articles()) {
        byte[] text = article.text().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(article.fileName()), text);
        bytes += text.length;
      }
      CorpusManifest manifest =
          new CorpusManifest(label, seed, corpus.articles().size(), corpus.paragraphs(), bytes,
              round(bytes / (double) (1 << 20), 100), kinds(corpus), sources(corpus, archives));
      Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n");
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the corpus to " + dir, e);
    }
  }

  private static void deleteEarlierBuild(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{*.txt," + MANIFEST + "}")) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
  }

  private static List<CorpusManifest.Kind> kinds(Corpus corpus) {
    List<CorpusManifest.Kind> kinds = new ArrayList<>();
    for (SourceKind kind : SourceKind.values()) {
      List<Article> articles = corpus.articles().stream().filter(a -> a.kind() == kind).toList();
      long paragraphs = articles.stream().mapToLong(a -> a.paragraphs().size()).sum();
      kinds.add(new CorpusManifest.Kind(kind.label(), articles.size(), paragraphs,
          round(paragraphs / (double) corpus.paragraphs(), 1000)));
    }
    return kinds;
  }

  private static List<CorpusManifest.Source> sources(
      Corpus corpus, Map<String, SourceArchive> archives) {
    List<CorpusManifest.Source> sources = new ArrayList<>();
    for (CorpusSource source : corpus.sources()) {
      SourceArchive archive =
          Objects.requireNonNull(archives.get(source.packageName()), source.packageName());
      List<Article> articles =
          corpus.articles().stream().filter(a -> a.source().equals(source.id())).toList();
      sources.add(new CorpusManifest.Source(source.id(), source.kind().label(),
          archive.packageName(), archive.version(), archive.archive(), archive.sha256(),
          articles.size(), articles.stream().mapToLong(a -> a.paragraphs().size()).sum(),
          articles.stream().mapToLong(a -> a.text().getBytes(StandardCharsets.UTF_8).length)
              .sum()));
    }
    return sources;
  }

  private static double round(double value, int scale) {
    return Math.round(value * scale) / (double) scale;
  }

  private CorpusWriter() {}
}
