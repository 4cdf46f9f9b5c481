package dev.articlesearch.semantic;

import dev.articlesearch.core.Embedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two ONNX models run in-process, offline, both loaded from their jars: BAAI bge-small-zh-v1.5
 * (512 dimensions), good on Chinese and fair on English, and all-MiniLM-L6-v2 (384), good on
 * English and blind to Chinese. A Chinese paragraph gets a bge vector (space {@code bge}), an
 * English one a MiniLM vector (space {@code minilm}); which text is Chinese: see {@link Language}.
 * A Chinese query is compared in the bge space only; an English query in both, so it can find a
 * Chinese paragraph (bge reads the English question well enough for some of them). A Chinese
 * query cannot find an English paragraph: MiniLM cannot read it. Giving English paragraphs a bge
 * vector too was tried: it doubles their embedding time and lowered hybrid nDCG@10 overall on the
 * judged set (0.748 against 0.769 at the same settings).
 */
public final class LocalEmbedder implements Embedder {
  /** Changes whenever a model or the split between them does: the index's vectors record it. */
  static final String ID = "bge-small-zh-v1.5+all-minilm-l6-v2";

  static final Space BGE = new Space("bge", 512);
  static final Space MINILM = new Space("minilm", 384);

  /**
   * bge's instruction for short queries that look for passages, from the model's card: it is
   * put before a query (never a paragraph). On the judged set it moved little in Chinese and
   * helped English questions find Chinese paragraphs (semantic cross-language nDCG@10 0.306 to
   * 0.317, hybrid overall 0.766 to 0.769).
   */
  static final String BGE_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";

  private final ExecutorService pool;
  private final EmbeddingModel bge;
  private final EmbeddingModel minilm;

  /**
   * Loads both models (about 2.6 s and 470 MB for bge-small-zh, 1.3 s and 290 MB for MiniLM),
   * their native libraries unpacked into {@code nativeFolder}.
   */
  public LocalEmbedder(Path nativeFolder) {
    NativeLibraries.prepare(nativeFolder);
    // One pool for both models, a thread per core: a batch is spread over it.
    this.pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "embedder");
          t.setDaemon(true);
          return t;
        });
    try {
      this.bge = new BgeSmallZhV15EmbeddingModel(pool);
      this.minilm = new AllMiniLmL6V2EmbeddingModel(pool);
    } catch (RuntimeException | Error e) {
      pool.shutdownNow();
      throw e;
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Space> spaces() {
    return List.of(BGE, MINILM);
  }

  @Override
  public List<Vector> embedParagraph(String text) {
    return embedParagraphs(List.of(text)).get(0);
  }

  /** Each model's texts as one batch, which it spreads over the cores. */
  @Override
  public List<List<Vector>> embedParagraphs(List<String> texts) {
    List<TextSegment> chinese = new ArrayList<>();
    List<TextSegment> english = new ArrayList<>();
    List<Boolean> isChinese = new ArrayList<>(texts.size());
    for (String t : texts) {
      boolean zh = Language.of(t) == Language.CHINESE;
      isChinese.add(zh);
      (zh ? chinese : english).add(TextSegment.from(t));
    }
    List<Embedding> bgeOut = chinese.isEmpty() ? List.of() : bge.embedAll(chinese).content();
    List<Embedding> minilmOut = english.isEmpty() ? List.of() : minilm.embedAll(english).content();
    List<List<Vector>> out = new ArrayList<>(texts.size());
    int b = 0;
    int m = 0;
    for (boolean zh : isChinese) {
      out.add(List.of(zh ? vector(BGE, bgeOut.get(b++)) : vector(MINILM, minilmOut.get(m++))));
    }
    return out;
  }

  @Override
  public List<Vector> embedQuery(String text) {
    Vector inBge = vector(BGE, bge.embed(BGE_QUERY_INSTRUCTION + text).content());
    if (Language.of(text) == Language.CHINESE) {
      return List.of(inBge);
    }
    return List.of(vector(MINILM, minilm.embed(text).content()), inBge);
  }

  /** Unit length whatever the model returns: the index compares vectors by dot product. */
  private static Vector vector(Space space, Embedding e) {
    float[] v = e.vector();
    if (v.length != space.dimensions()) {
      throw new IllegalStateException("The " + space.name() + " model returned " + v.length
          + " dimensions, not " + space.dimensions());
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] unit = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      unit[i] = norm == 0 ? 0 : (float) (v[i] / norm);
    }
    return new Vector(space.name(), unit);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** Found by {@link Embedder#load} through {@code META-INF/services}. */
  public static final class Provider implements Embedder.Provider {
    @Override
    public Embedder open(Path nativeFolder) {
      return new LocalEmbedder(nativeFolder);
    }
  }
}
