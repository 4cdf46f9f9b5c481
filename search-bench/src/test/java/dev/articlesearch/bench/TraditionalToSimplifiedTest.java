package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TraditionalToSimplifiedTest {
  private final TraditionalToSimplified simplified = new TraditionalToSimplified();

  @Test
  void poemLineIsConvertedCharacterByCharacter() {
    assertEquals("绮殿千寻起，离宫百雉余。", simplified.convert("綺殿千尋起，離宮百雉餘。"));
    assertEquals("秦川雄帝宅，函谷壮皇居。", simplified.convert("秦川雄帝宅，函谷壯皇居。"));
  }

  @Test
  void simplifiedAndLatinTextStaysAsItIs() {
    assertEquals("郊禋盛礼燔柴毕，旋轸凤凰城。 GPT-3.5",
        simplified.convert("郊禋盛礼燔柴毕，旋轸凤凰城。 GPT-3.5"));
  }
}
