package dev.articlesearch.core.internal.analysis;

import dev.articlesearch.core.AnalyzedToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/** Runs an analyzer over a string and collects its tokens. */
public final class Tokens {
  public static List<AnalyzedToken> of(Analyzer analyzer, String field, String text) {
    List<AnalyzedToken> tokens = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken()) {
        position += posInc.getPositionIncrement();
        tokens.add(
            new AnalyzedToken(
                field, term.toString(), offset.startOffset(), offset.endOffset(), position));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analysis of a String does no I/O
    }
    return tokens;
  }

  private Tokens() {}
}
