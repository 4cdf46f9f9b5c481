package dev.articlesearch.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * One embedding model, its ONNX file and tokenizer read from the model's jar, run by ONNX Runtime
 * in a session whose threads the caller chooses (the model jars' own classes always take one per
 * core).
 */
final class OnnxModel extends AbstractInProcessEmbeddingModel {
  /** ONNX Runtime's default: a thread per core for each run. */
  static final int THREAD_PER_CORE = 0;

  private final OnnxBertBiEncoder encoder;
  private final int dimensions;

  private OnnxModel(Executor executor, OnnxBertBiEncoder encoder, int dimensions) {
    super(executor);
    this.encoder = encoder;
    this.dimensions = dimensions;
  }

  /**
   * Loads a model from the class path.
   *
   * @param onnx the model's resource, e.g. {@code bge-small-zh-v1.5.onnx}
   * @param tokenizer its tokenizer's resource (Hugging Face's {@code tokenizer.json})
   * @param threads the threads of one run, or {@link #THREAD_PER_CORE}
   * @param executor where a batch's texts are embedded, one per thread
   */
  static OnnxModel load(String onnx, String tokenizer, PoolingMode pooling, int dimensions,
      int threads, Executor executor) {
    ClassLoader loader = OnnxModel.class.getClassLoader();
    try (InputStream model = loader.getResourceAsStream(onnx);
        InputStream vocabulary = loader.getResourceAsStream(tokenizer)) {
      if (model == null || vocabulary == null) {
        throw new IllegalStateException("The model " + (model == null ? onnx : tokenizer)
            + " is not on the class path: its jar is missing");
      }
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession session;
      // The session keeps its own copy of the options.
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        if (threads != THREAD_PER_CORE) {
          options.setIntraOpNumThreads(threads);
        }
        options.setInterOpNumThreads(1);
        session = environment.createSession(model.readAllBytes(), options);
      }
      return new OnnxModel(executor, new OnnxBertBiEncoder(environment, session, vocabulary, pooling),
          dimensions);
    } catch (IOException | OrtException e) {
      throw new IllegalStateException("Cannot load the model " + onnx + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  @Override
  protected Integer knownDimension() {
    return dimensions;
  }
}
