package dev.articlesearch.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "智谱AI在北京发布了新一代基座大模型GLM-4，整体性能比上一代提升近60%。|CHINESE",
      "该公司此前开源的ChatGLM3-6B模型，在Hugging Face上的下载量已超过1000万次。|CHINESE",
      "It supports GLM and Qwen-14B, says 智谱.|ENGLISH",
      "Zhipu AI's latest round of financing has drawn attention.|ENGLISH",
      "智谱|CHINESE",
      "ChatGLM3-6B|ENGLISH",
      "2024 🎉 —|ENGLISH",
      "清华大学 University|CHINESE",
      "清华 University|ENGLISH"})
  void aTextGoesToTheModelOfItsMainScript(String text, Language expected) {
    assertEquals(expected, Language.of(text));
  }
}
