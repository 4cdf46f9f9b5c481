package dev.articlesearch.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.Embedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real models, loaded through the SPI as the server loads them. */
class LocalEmbedderTest {
  /** Where the natives go: every test class of this JVM shares the first embedder's folder. */
  static final Path NATIVES = Path.of("target", "natives").toAbsolutePath();
  static final Path HOME = Path.of(System.getProperty("user.home"));
  static boolean djlInHomeBefore;
  static boolean jnaInHomeBefore;
  static Embedder embedder;

  @BeforeAll
  static void load() {
    djlInHomeBefore = Files.exists(HOME.resolve(".djl.ai"));
    jnaInHomeBefore = Files.exists(HOME.resolve(".cache").resolve("JNA"));
    embedder = Embedder.load(NATIVES);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  static double norm(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    return Math.sqrt(n);
  }

  static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  @Test
  void isFoundThroughTheSpiAndNamesItsModels() {
    assertEquals("bge-small-zh-v1.5+e5-small-v2-q", embedder.id());
    assertEquals(List.of(new Embedder.Space("bge", 512), new Embedder.Space("e5", 384)),
        embedder.spaces());
  }

  @Test
  void chineseParagraphsGoToBgeAndEnglishOnesToE5AsUnitVectors() {
    List<List<Embedder.Vector>> v = embedder.embedParagraphs(List.of(
        "智谱AI首席执行官张鹏表示，GLM-4支持128K的上下文窗口，可以一次处理约300页文本。",
        "Zhipu AI had already served the B-end market before its official startup and now boasts"
            + " over 1,000 clients."));
    assertEquals("bge", v.get(0).get(0).space());
    assertEquals(512, v.get(0).get(0).values().length);
    assertEquals("e5", v.get(1).get(0).space());
    assertEquals(384, v.get(1).get(0).values().length);
    assertEquals(1, v.get(0).size());
    assertEquals(1, v.get(1).size());
    for (List<Embedder.Vector> p : v) {
      assertEquals(1.0, norm(p.get(0).values()), 1e-5);
    }
    // The same text alone and in a batch: the same vector.
    float[] alone = embedder.embedParagraph("智谱AI首席执行官张鹏表示，GLM-4支持128K的上下文窗口，可以一次处理约300页文本。")
        .get(0).values();
    assertEquals(1.0, dot(alone, v.get(0).get(0).values()), 1e-4);
  }

  @Test
  void anEnglishQueryIsComparedInBothSpacesAChineseOneInBgeOnly() {
    List<Embedder.Vector> en = embedder.embedQuery("how many pages can the new model read at once");
    assertEquals(List.of("e5", "bge"), en.stream().map(Embedder.Vector::space).toList());
    float[] e5 = en.get(0).values();
    float[] read = embedder.embedParagraph("GLM-4 supports a context window of 128K, enough to"
        + " process about 300 pages of text in one go.").get(0).values();
    float[] unrelated = embedder.embedParagraph("The host opened with the next decade of artificial"
        + " intelligence, to a round of applause.").get(0).values();
    assertTrue(dot(e5, read) > dot(e5, unrelated) + 0.05, dot(e5, read) + " vs " + dot(e5, unrelated));
    // Its bge vector is the same query's as a Chinese one would get: in bge's space.
    assertEquals(512, en.get(1).values().length);
    List<Embedder.Vector> zh = embedder.embedQuery("一次能读多少页文字");
    assertEquals(List.of("bge"), zh.stream().map(Embedder.Vector::space).toList());
    // A paraphrase is nearer its paragraph than an unrelated one.
    float[] q = zh.get(0).values();
    float[] answer = embedder.embedParagraph("GLM-4支持128K的上下文窗口，可以一次处理约300页文本。").get(0).values();
    float[] other = embedder.embedParagraph("主持人用“人工智能的下一个十年”作为开场白，引来一阵掌声。").get(0).values();
    assertTrue(dot(q, answer) > dot(q, other) + 0.05, dot(q, answer) + " vs " + dot(q, other));
  }

  @Test
  void nativeLibrariesAreUnpackedIntoTheNamedFolderNeverTheHomeFolder() throws IOException {
    Path ort = Path.of(System.getProperty("onnxruntime.native.path"));
    assertTrue(ort.startsWith(NATIVES) || ort.getParent().getParent().equals(NATIVES.getParent()),
        "ONNX Runtime loads from " + ort);
    assertTrue(Files.isRegularFile(ort.resolve(System.mapLibraryName("onnxruntime"))));
    Path tokenizers = Path.of(System.getProperty("ENGINE_CACHE_DIR"));
    try (Stream<Path> files = Files.walk(tokenizers)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals(System.mapLibraryName("tokenizers"))),
          "DJL's tokenizer library is in " + tokenizers);
    }
    assertEquals("true", System.getProperty("ai.djl.offline"));
    assertEquals("cpu", System.getProperty("RUST_FLAVOR"));
    if (!djlInHomeBefore) {
      assertFalse(Files.exists(HOME.resolve(".djl.ai")), "nothing unpacked into ~/.djl.ai");
    }
    if (!jnaInHomeBefore) {
      assertFalse(Files.exists(HOME.resolve(".cache").resolve("JNA")), "nothing unpacked into ~/.cache/JNA");
    }
  }
}
