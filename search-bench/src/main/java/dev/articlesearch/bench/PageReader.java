package dev.articlesearch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the pages of one documentation source in path order (so the corpus does not depend on the
 * file system's listing order), extracting them on all cores. Symbolic links are skipped: in these
 * packages they are other names of pages already read.
 */
final class PageReader {
  static List<Page> read(Path sources, DocSource source) {
    Path folder = source.folder(sources);
    List<String> paths;
    try (Stream<Path> files = Files.walk(folder)) {
      paths =
          files
              .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
              .map(file -> folder.relativize(file).toString().replace('\\', '/'))
              .filter(source.include())
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
    return paths.parallelStream().map(path -> extract(folder.resolve(path), source)).toList();
  }

  private static Page extract(Path file, DocSource source) {
    String name = file.getFileName().toString();
    String fallbackTitle = name.indexOf('.') > 0 ? name.substring(0, name.indexOf('.')) : name;
    String text = read(file);
    return switch (source.format()) {
      case HTML -> HtmlPages.extract(text, fallbackTitle);
      case ROFF -> RoffPages.extract(text, fallbackTitle);
    };
  }

  /** The file as UTF-8 (every page in these packages is), gunzipped if it ends in {@code .gz}. */
  private static String read(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private PageReader() {}
}
