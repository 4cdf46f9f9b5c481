package dev.articlesearch.semantic;

import dev.articlesearch.core.Embedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two ONNX models run in-process, offline, both loaded from their jars: BAAI bge-small-zh-v1.5
 * (512 dimensions), good on Chinese and fair on English, and intfloat e5-small-v2 (384, quantized
 * to 8 bits), good on English and blind to Chinese. A Chinese paragraph gets a bge vector (space
 * {@code bge}), an English one an e5 vector (space {@code e5}); which text is Chinese: see {@link
 * Language}. A Chinese query is compared in the bge space only; an English query in both, so it
 * can find a Chinese paragraph (bge reads the English question well enough for some of them). A
 * Chinese query cannot find an English paragraph: e5 cannot read it. Giving English paragraphs a
 * bge vector too was tried (with all-MiniLM-L6-v2 then as the English model): it doubles their
 * embedding time and lowered hybrid nDCG@10 overall on the judged set (0.748 against 0.769).
 *
 * <p>e5 replaced all-MiniLM-L6-v2 (384 dimensions, the English model first chosen): on the
 * judged set, hybrid nDCG@10 of the questions group 0.690 → 0.771 and overall 0.779 → 0.793
 * (bge-small-en-v1.5, also tried: 0.760 and 0.777). e5 is not published for langchain4j 1.19, so
 * its jar comes from 1.11 and only its model and tokenizer files are used, never its classes.
 */
public final class LocalEmbedder implements Embedder {
  /** Changes whenever a model or the split between them does: the index's vectors record it. */
  static final String ID = "bge-small-zh-v1.5+e5-small-v2-q";

  static final Space BGE = new Space("bge", 512);
  static final Space E5 = new Space("e5", 384);

  /**
   * bge's instruction for short queries that look for passages, from the model's card: it is
   * put before a query (never a paragraph). On the judged set it moved little in Chinese and
   * helped English questions find Chinese paragraphs (semantic cross-language nDCG@10 0.306 to
   * 0.317, hybrid overall 0.766 to 0.769).
   */
  static final String BGE_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";

  /** e5's prefixes, which it was trained with: without them it ranks worse. */
  static final String E5_QUERY = "query: ";
  static final String E5_PASSAGE = "passage: ";

  private final ExecutorService pool;
  private final EmbeddingModel bge;
  private final EmbeddingModel e5;

  /**
   * Loads both models (about 3 s), their native libraries unpacked into {@code nativeFolder}.
   */
  public LocalEmbedder(Path nativeFolder) {
    NativeLibraries.prepare(nativeFolder);
    // One pool for both models, a thread per core: a batch is spread over it, and an English
    // query's two embeddings run side by side on it.
    this.pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "embedder");
          t.setDaemon(true);
          return t;
        });
    try {
      // bge alone embeds a Chinese query, on every core; e5 runs beside it for an English one,
      // on one thread. Measured on the judged set's queries (two cores, p50): Chinese 6.0 ms,
      // English 12.5 ms; both models on every core, 6.6 and 16.4 ms; both on one thread, 10.7
      // and 9.8 ms, and English paragraphs 156, 94 and 136 a second.
      this.bge = OnnxModel.load("bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json",
          PoolingMode.CLS, BGE.dimensions(), OnnxModel.THREAD_PER_CORE, pool);
      this.e5 = OnnxModel.load("e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json",
          PoolingMode.MEAN, E5.dimensions(), 1, pool);
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
    return List.of(BGE, E5);
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
      (zh ? chinese : english).add(TextSegment.from(zh ? t : E5_PASSAGE + t));
    }
    List<Embedding> bgeOut = chinese.isEmpty() ? List.of() : bge.embedAll(chinese).content();
    List<Embedding> e5Out = english.isEmpty() ? List.of() : e5.embedAll(english).content();
    List<List<Vector>> out = new ArrayList<>(texts.size());
    int b = 0;
    int m = 0;
    for (boolean zh : isChinese) {
      out.add(List.of(zh ? vector(BGE, bgeOut.get(b++)) : vector(E5, e5Out.get(m++))));
    }
    return out;
  }

  @Override
  public List<Vector> embedQuery(String text) {
    if (Language.of(text) == Language.CHINESE) {
      return List.of(vector(BGE, bge.embed(BGE_QUERY_INSTRUCTION + text).content()));
    }
    // Both models at once: the query waits for the slower, not for both.
    CompletableFuture<Embedding> inE5 = CompletableFuture.supplyAsync(
        () -> e5.embed(E5_QUERY + text).content(), pool);
    Vector inBge = vector(BGE, bge.embed(BGE_QUERY_INSTRUCTION + text).content());
    return List.of(vector(E5, inE5.join()), inBge);
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
