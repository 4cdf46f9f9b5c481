package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.text.Transliterator;
import dev.articlesearch.core.internal.analysis.ChineseScriptFolding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChineseScriptFoldingTest {
  /**
   * The table shipped in the jar is ICU's Traditional-Simplified over the Han blocks. After an
   * ICU upgrade this fails and writes the new table to target/ to copy over the resource.
   */
  @Test
  void foldingTableIsIcusTraditionalSimplified() throws IOException {
    Transliterator icu = Transliterator.getInstance("Traditional-Simplified");
    StringBuilder expected = new StringBuilder();
    int[][] hanBlocks = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}};
    for (int[] block : hanBlocks) {
      for (int cp = block[0]; cp <= block[1]; cp++) {
        String traditional = Character.toString(cp);
        String simplified = icu.transliterate(traditional);
        if (!simplified.equals(traditional)) {
          expected.append(traditional).append('\t').append(simplified).append('\n');
        }
      }
    }
    String shipped;
    try (InputStream in = ChineseScriptFolding.class.getResourceAsStream(ChineseScriptFolding.TABLE)) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#")).map(l -> l + "\n").reduce("", String::concat);
    }
    if (!shipped.contentEquals(expected)) {
      Files.writeString(Path.of("target", ChineseScriptFolding.TABLE), expected);
    }
    assertEquals(3074, expected.toString().lines().count());
    assertEquals(expected.toString(), shipped);
  }

  @Test
  void foldedTextFindsTheSameWordsInEitherScript() {
    assertEquals(ArticleIndex.analyze("智谱清华大学").stream().map(AnalyzedToken::term).toList(),
        ArticleIndex.analyze("智譜清華大學").stream().map(AnalyzedToken::term).toList());
  }
}
