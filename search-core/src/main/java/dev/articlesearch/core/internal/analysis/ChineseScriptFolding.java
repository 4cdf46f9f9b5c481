package dev.articlesearch.core.internal.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;

/**
 * Folds traditional Chinese characters to simplified ones before text is tokenised, so {@code
 * 智譜} finds {@code 智谱}, {@code 清華大學} finds {@code 清华大学} and the other way round. It is a
 * character filter, not a token filter, so smartcn segments the folded (simplified) text, which
 * its dictionary knows; offsets still point into the text as written, so highlights mark the
 * original characters.
 *
 * <p>The table ({@value #TABLE}, 3,074 characters) is ICU's {@code Traditional-Simplified}
 * transliterator, one character at a time, written out once: building it from ICU at start-up
 * took about 0.4 s of a cold JVM and a 14 MB dependency.
 */
public final class ChineseScriptFolding {
  public static final String TABLE = "traditional-simplified.tsv";

  private static final NormalizeCharMap TRADITIONAL_TO_SIMPLIFIED = load();

  public static Reader fold(Reader text) {
    return new MappingCharFilter(TRADITIONAL_TO_SIMPLIFIED, text);
  }

  private static NormalizeCharMap load() {
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    try (InputStream in = ChineseScriptFolding.class.getResourceAsStream(TABLE);
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("#")) {
          int tab = line.indexOf('\t');
          map.add(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + TABLE + " from the search-core jar", e);
    }
    return map.build();
  }

  private ChineseScriptFolding() {}
}
