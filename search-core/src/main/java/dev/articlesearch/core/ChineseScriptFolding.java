package dev.articlesearch.core;

import com.ibm.icu.text.Transliterator;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;

/**
 * Folds traditional Chinese characters to simplified ones before text is tokenised, so {@code
 * 智譜} finds {@code 智谱}, {@code 清華大學} finds {@code 清华大学} and the other way round. It is a
 * character filter, not a token filter, so smartcn segments the folded (simplified) text, which
 * its dictionary knows; offsets still point into the text as written, so highlights mark the
 * original characters.
 *
 * <p>The table comes from ICU's {@code Traditional-Simplified} transliterator, one character at a
 * time (about 3,000 mappings, built once in about 60 ms).
 */
final class ChineseScriptFolding {
  private static final NormalizeCharMap TRADITIONAL_TO_SIMPLIFIED = build();

  static Reader fold(Reader text) {
    return new MappingCharFilter(TRADITIONAL_TO_SIMPLIFIED, text);
  }

  private static NormalizeCharMap build() {
    Transliterator icu = Transliterator.getInstance("Traditional-Simplified");
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    int[][] hanBlocks = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}};
    for (int[] block : hanBlocks) {
      for (int cp = block[0]; cp <= block[1]; cp++) {
        String traditional = Character.toString(cp);
        String simplified = icu.transliterate(traditional);
        if (!simplified.equals(traditional)) {
          map.add(traditional, simplified);
        }
      }
    }
    return map.build();
  }

  private ChineseScriptFolding() {}
}
