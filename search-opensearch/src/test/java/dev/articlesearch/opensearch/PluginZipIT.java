package dev.articlesearch.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The plugin zip the build packages: flat, the descriptor and exactly the jars OpenSearch does not
 * ship (a second lucene-core or any jar of OpenSearch's own would fail its jar-hell check).
 */
class PluginZipIT {
  @Test
  void zipHoldsTheDescriptorAndOnlyTheJarsOpenSearchLacks() throws IOException {
    Path zip = Path.of(System.getProperty("plugin.zip"));
    String version = System.getProperty("project.version");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      TreeSet<String> names = new TreeSet<>();
      z.stream().map(ZipEntry::getName).forEach(names::add);
      assertEquals(new TreeSet<>(List.of(
          "plugin-descriptor.properties",
          "search-opensearch-" + version + ".jar",
          "search-core-" + version + ".jar",
          "lucene-analysis-smartcn-" + System.getProperty("lucene.version") + ".jar")), names);
      Properties descriptor = new Properties();
      descriptor.load(new StringReader(new String(
          z.getInputStream(z.getEntry("plugin-descriptor.properties")).readAllBytes(),
          StandardCharsets.UTF_8)));
      assertEquals("analysis-articlesearch", descriptor.getProperty("name"));
      assertEquals(version, descriptor.getProperty("version"));
      assertEquals(System.getProperty("opensearch.version"),
          descriptor.getProperty("opensearch.version"));
      assertEquals("21", descriptor.getProperty("java.version"));
      assertEquals(ArticleSearchAnalysisPlugin.class.getName(), descriptor.getProperty("classname"));
    }
  }
}
