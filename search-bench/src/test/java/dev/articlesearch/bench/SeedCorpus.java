package dev.articlesearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The bundled seeds and one Chinese article, copied into a new folder: a small real corpus. */
final class SeedCorpus {
  private SeedCorpus() {}

  static Path copy(Path corpus) throws IOException {
    Files.createDirectories(corpus);
    try (Stream<Path> seeds = Files.list(Path.of("..", "seeds"))) {
      for (Path f : seeds.filter(f -> f.toString().endsWith(".txt")).toList()) {
        Files.copy(f, corpus.resolve(f.getFileName()));
      }
    }
    Files.writeString(corpus.resolve("zh.txt"), """
        智谱AI发布ChatGLM3-6B
        ---
        清华大学的研究团队发布了新一代大模型GLM-4，在中文理解方面表现出色。
        该模型支持128K上下文，智谱清言是面向普通用户的对话产品。
        """);
    return corpus;
  }
}
