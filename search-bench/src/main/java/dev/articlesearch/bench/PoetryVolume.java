package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One JSON file of the chinese-poetry npm package: a volume of poems, each with its lines in a
 * {@code paragraphs} (or {@code content}) array.
 *
 * @param file the JSON file
 * @param title the collection and the volume, for the articles made of it: {@code 全唐诗 3000}
 */
record PoetryVolume(Path file, String title) {
  /** The npm package, also its folder in the sources folder. */
  static final String PACKAGE = "chinese-poetry";

  /** Where the volumes are inside the unpacked package. */
  private static final String DIST = "package/dist";

  /**
   * Folders left out: {@code error} holds poems whose text the package marks as doubtful
   * ({@code error_type}), {@code rank} search-engine hit counts, {@code strains} tone patterns.
   */
  private static final List<String> SKIPPED = List.of("error", "rank", "strains");

  /** File name prefixes whose collection is not the folder's: 全宋诗 sits in quantangshi/. */
  private static final Map<String, String> PREFIXES =
      Map.of("poet.tang.", "全唐诗", "poet.song.", "全宋诗", "ci.song.", "全宋词");

  /** The collection of each folder with poems. */
  private static final Map<String, String> FOLDERS =
      Map.ofEntries(
          Map.entry("quantangshi", "全唐诗"), Map.entry("yudingquantangshi", "御定全唐诗"),
          Map.entry("songci", "全宋词"), Map.entry("yuanqu", "元曲"), Map.entry("shijing", "诗经"),
          Map.entry("chuci", "楚辞"), Map.entry("lunyu", "论语"), Map.entry("sishuwujing", "四书五经"),
          Map.entry("mengxue", "蒙学"), Map.entry("caocaoshiji", "曹操诗集"),
          Map.entry("shuimotangshi", "水墨唐诗"), Map.entry("wudaishici", "五代诗词"));

  /** The folder of volumes inside the sources folder. */
  static Path folder(Path sources) {
    return sources.resolve(PACKAGE).resolve(DIST);
  }

  /** Every volume in path order. */
  static List<PoetryVolume> list(Path sources) {
    Path dist = folder(sources);
    try (Stream<Path> files = Files.walk(dist)) {
      return files
          .filter(file -> file.toString().endsWith(".json") && Files.isRegularFile(file))
          .map(file -> dist.relativize(file).toString().replace('\\', '/'))
          .filter(path -> Arrays.stream(path.split("/")).noneMatch(SKIPPED::contains))
          .sorted()
          .map(path -> new PoetryVolume(dist.resolve(path), title(path)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dist, e);
    }
  }

  /** Each poem's lines, as written (mostly traditional characters). */
  List<List<String>> poems(ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    List<List<String>> poems = new ArrayList<>();
    Iterable<JsonNode> items = root.isArray() ? root : List.of(root);
    for (JsonNode poem : items) {
      JsonNode lines = poem.has("paragraphs") ? poem.get("paragraphs") : poem.path("content");
      List<String> poemLines = new ArrayList<>();
      for (JsonNode line : lines) {
        if (line.isTextual()) {
          poemLines.add(line.asText());
        }
      }
      if (!poemLines.isEmpty()) {
        poems.add(poemLines);
      }
    }
    return poems;
  }

  private static String title(String path) {
    int slash = path.indexOf('/');
    String folder = slash < 0 ? "" : path.substring(0, slash);
    String stem = path.substring(path.lastIndexOf('/') + 1, path.length() - ".json".length());
    for (Map.Entry<String, String> prefix : PREFIXES.entrySet()) {
      if (stem.startsWith(prefix.getKey())) {
        return prefix.getValue() + " " + stem.substring(prefix.getKey().length());
      }
    }
    String collection = FOLDERS.getOrDefault(folder, folder);
    return stem.equals(folder) ? collection : collection + " " + stem;
  }
}
