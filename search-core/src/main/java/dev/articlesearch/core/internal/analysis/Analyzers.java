package dev.articlesearch.core.internal.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The one definition of how text becomes terms, shared by indexing, both query syntaxes and the
 * highlighter.
 *
 * <p>Both kinds of field first fold traditional Chinese characters to simplified ones ({@link
 * ChineseScriptFolding}).
 *
 * <p>Word fields ({@code text}, {@code title}): smartcn's HMM segmenter, which also
 * folds full-width forms and lower-cases Latin, then Porter stemming (so {@code models} finds
 * {@code model}). English stop words are kept: with BM25 they cost little, and dropping them would
 * break phrases such as {@code "the center of attention"}. Punctuation tokens are dropped without
 * leaving a position gap, so {@code ChatGLM3-6B} and {@code ChatGLM3 6B} are the same phrase
 * {@code chatglm 3 6 b}.
 *
 * <p>CJK fields ({@code text_cjk}, {@code title_cjk}): only CJK characters, indexed
 * as unigrams plus overlapping bigrams; queried as bigrams only (a lone character as a unigram).
 */
public final class Analyzers {
  /** The word fields' analyzer: smartcn words, folded, without punctuation, Porter-stemmed. */
  public static final String TEXT = "articlesearch_text";

  /** The CJK fields' index analyzer: CJK unigrams and bigrams. */
  public static final String CJK = "articlesearch_cjk";

  /** The CJK fields' query analyzer: CJK bigrams only (a lone character as a unigram). */
  public static final String CJK_QUERY = "articlesearch_cjk_query";

  /** The vocabulary field's analyzer: words as written and two-word shingles. */
  public static final String VOCABULARY = "articlesearch_vocabulary";

  /** Every analyzer name, in the order {@code IndexSchema.analyzerNames()} lists them. */
  public static final List<String> NAMES = List.of(TEXT, CJK, CJK_QUERY, VOCABULARY);

  /** The vocabulary analyzer, for normalising what the user types as its terms were. */
  private static final Analyzer VOCABULARY_ANALYZER = create(VOCABULARY);

  /** A new analyzer of one of the {@link #NAMES}. */
  public static Analyzer create(String name) {
    return switch (name) {
      case TEXT -> new WordAnalyzer();
      case CJK -> new CjkAnalyzer(true);
      case CJK_QUERY -> new CjkAnalyzer(false);
      case VOCABULARY -> new VocabularyAnalyzer();
      default -> throw new IllegalArgumentException(
          "Unknown analyzer '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  private Analyzers() {}

  /**
   * What every analyzer here does before its tokenizer (traditional to simplified Chinese), and
   * how it normalises what is not tokenised (wildcard, prefix and fuzzy terms, suggestion
   * prefixes): folded as smartcn folds words.
   */
  private abstract static class FoldingAnalyzer extends Analyzer {
    @Override
    protected Reader initReader(String fieldName, Reader reader) {
      return ChineseScriptFolding.fold(reader);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
      return ChineseScriptFolding.fold(reader);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new LowerCaseFilter(new CJKWidthFilter(in));
    }
  }

  private static final class WordAnalyzer extends FoldingAnalyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer tokenizer = new ChineseWordTokenizer();
      return new TokenStreamComponents(tokenizer, stemmed(new DropPunctuationFilter(tokenizer)));
    }
  }

  /**
   * The smartcn words of a text, folded and without punctuation: what the word fields and the
   * vocabulary field all start from. smartcn is most of the time a rebuild takes, so the indexer
   * segments each text once and builds every field from it ({@link #stemmed}, {@link
   * #vocabulary}); a fresh stream each time, since one document's fields are all made before any
   * is consumed.
   */
  public static TokenStream segmented(String text) {
    Tokenizer tokenizer = new ChineseWordTokenizer();
    tokenizer.setReader(ChineseScriptFolding.fold(new StringReader(text)));
    return new DropPunctuationFilter(tokenizer);
  }

  /** {@link #segmented} words as the word fields index them: Porter-stemmed. */
  public static TokenStream stemmed(TokenStream segmented) {
    return new PorterStemFilter(segmented);
  }

  /** {@link #segmented} words as the vocabulary field indexes them: words and two-word shingles. */
  public static TokenStream vocabulary(TokenStream segmented) {
    return new CjkJoinFilter(new WordPairs(segmented));
  }

  /**
   * smartcn's tokenizer reads 1024 characters at a time and, in a line with no line break, cuts
   * exactly there, splitting whatever word stands across the cut ({@code Midjourney} became {@code
   * midj} + {@code ournei}). Whitespace and punctuation are safe cuts too: smartcn never puts them
   * inside a word.
   */
  private static final class ChineseWordTokenizer extends HMMChineseTokenizer {
    @Override
    protected boolean isSafeEnd(char ch) {
      return super.isSafeEnd(ch)
          || Character.isWhitespace(ch)
          || Character.getType(ch) == Character.OTHER_PUNCTUATION;
    }
  }

  /** Normalises a typed prefix the way the vocabulary's terms were: folded, lower-cased. */
  public static String normalizeWords(String text) {
    return VOCABULARY_ANALYZER.normalize("words", text).utf8ToString();
  }

  /** Words as written (no stemming) and two-word shingles, for suggestions and spelling. */
  private static final class VocabularyAnalyzer extends FoldingAnalyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer tokenizer = new ChineseWordTokenizer();
      return new TokenStreamComponents(tokenizer, vocabulary(new DropPunctuationFilter(tokenizer)));
    }
  }

  /** Two CJK words of a shingle are written together, as Chinese is: 智 谱 is 智谱. */
  private static final class CjkJoinFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    CjkJoinFilter(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (!input.incrementToken()) {
        return false;
      }
      char[] b = term.buffer();
      for (int i = 1; i + 1 < term.length(); i++) {
        if (b[i] == ' ' && Cjk.isCjk(Character.codePointBefore(b, i))
            && Cjk.isCjk(Character.codePointAt(b, i + 1))) {
          System.arraycopy(b, i + 1, b, i, term.length() - i - 1);
          term.setLength(term.length() - 1);
        }
      }
      return true;
    }
  }

  private static final class CjkAnalyzer extends FoldingAnalyzer {
    private final boolean unigrams;

    CjkAnalyzer(boolean unigrams) {
      this.unigrams = unigrams;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer tokenizer = new StandardTokenizer();
      return new TokenStreamComponents(tokenizer, cjkTerms(tokenizer, unigrams));
    }
  }

  /** A text as the CJK fields index it, in a fresh stream (see {@link #segmented}). */
  public static TokenStream cjkIndexed(String text) {
    Tokenizer tokenizer = new StandardTokenizer();
    tokenizer.setReader(ChineseScriptFolding.fold(new StringReader(text)));
    return cjkTerms(tokenizer, true);
  }

  private static TokenStream cjkTerms(Tokenizer tokenizer, boolean unigrams) {
    TokenStream stream = new CJKWidthFilter(tokenizer);
    stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
        | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, unigrams);
    return new CjkOnlyFilter(stream);
  }

  /** Keeps the unigrams and bigrams CJKBigramFilter made; Latin words belong to the word field. */
  private static final class CjkOnlyFilter extends FilteringTokenFilter {
    private final TypeAttribute type = addAttribute(TypeAttribute.class);

    CjkOnlyFilter(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean accept() {
      String t = type.type();
      return t.equals(CJKBigramFilter.SINGLE_TYPE) || t.equals(CJKBigramFilter.DOUBLE_TYPE);
    }
  }

  /**
   * Drops smartcn's punctuation tokens (it emits each as {@code ,}) without a position gap, unlike
   * StopFilter, so punctuation never decides whether a phrase matches.
   */
  private static final class DropPunctuationFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    DropPunctuationFilter(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      while (input.incrementToken()) {
        if (hasLetterOrDigit()) {
          return true;
        }
      }
      return false;
    }

    private boolean hasLetterOrDigit() {
      for (int i = 0; i < term.length(); ) {
        int cp = Character.codePointAt(term.buffer(), i, term.length());
        int t = Character.getType(cp);
        if (Character.isLetterOrDigit(cp)
            || t == Character.OTHER_SYMBOL
            || t == Character.SURROGATE) {
          return true;
        }
        i += Character.charCount(cp);
      }
      return false;
    }
  }
}
