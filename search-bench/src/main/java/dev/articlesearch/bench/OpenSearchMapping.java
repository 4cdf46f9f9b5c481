package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenSearch index that stands for ours: its settings and mapping, and where each of our
 * Lucene fields lives in it. Only OpenSearch's built-in analysis components and the smartcn plugin
 * are used, so what it measures is OpenSearch as anyone can install it.
 *
 * <p>How close the analysis comes to the library's ({@code search-core}'s {@code Analyzers}):
 *
 * <ul>
 *   <li>Traditional to simplified folding: a {@code mapping} char filter holding the same table the
 *       library builds from ICU's {@code Traditional-Simplified} transliterator (the same ICU jar).
 *   <li>The word field: {@code smartcn_tokenizer} and {@code porter_stem}, as ours. Ours drops
 *       smartcn's punctuation tokens (it emits each as {@code ,}) without leaving a position gap;
 *       no built-in token filter can (every filter that drops tokens leaves the gap). So a char
 *       filter first turns runs of punctuation into a space where that cannot change smartcn's
 *       segmentation (no Chinese character on either side: {@code GPT-3.5} becomes {@code GPT 3
 *       5}), and a stop filter drops the rest, leaving gaps. Terms, offsets and lengths (BM25
 *       norms) are the same; a phrase across punctuation next to Chinese text matches in ours but
 *       not here.
 *   <li>The CJK field: {@code standard} tokenizer, {@code cjk_width}, {@code cjk_bigram} with
 *       unigrams, {@code keep_types} for unigrams and bigrams: the same Lucene components as ours.
 * </ul>
 *
 * <p>The CJK fields are sub-fields ({@code text.cjk}), not fields of their own as in our index, so
 * the highlighter reads their text from the parent's {@code _source} instead of a second copy.
 */
final class OpenSearchMapping {
  /** The analyzers defined in the index settings, by name. */
  static final String WORDS_ANALYZER = "words";

  static final String CJK_ANALYZER = "cjk";

  /** Our Lucene field names and the OpenSearch fields that hold the same terms. */
  private static final Map<String, String> FIELDS =
      Map.of(
          "article_id", "article_id",
          "paragraph", "paragraph",
          "text", "text",
          "text_cjk", "text.cjk",
          "title", "title",
          "title_cjk", "title.cjk");

  /**
   * Characters smartcn classes as punctuation ({@code CharType.DELIMITER} in its {@code Utility})
   * and emits as a {@code ,} token, as a regex class body.
   */
  private static final String SMARTCN_PUNCTUATION =
      "\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\xBB\\u2010-\\u2642\\u3001-\\u3015"
          + "\\uFE30-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF63";

  /**
   * What the library's punctuation filter drops: tokens with no letter, digit, other symbol or
   * lone surrogate (as {@code Character.isLetterOrDigit} and {@code Character.getType} see them).
   */
  private static final String NOT_A_WORD_CHARACTER = "[^\\p{L}\\p{Nd}\\p{So}\\p{Cs}]";

  /** What smartcn skips between tokens, as a regex class body. */
  private static final String SMARTCN_SPACE = " \\t\\r\\n\\u3000";

  /** The characters smartcn looks up in its dictionary (its {@code CharType.HANZI}). */
  private static final String SMARTCN_HANZI = "\\u4E00-\\u9FA5";

  /**
   * A maximal run of punctuation and spaces, holding some punctuation, with no Chinese character
   * just before or after it. Turned into one space before smartcn, so it leaves no token and no
   * position gap. With a Chinese character beside it, it must stay: smartcn's choice of words
   * depends on the punctuation beside them, and it joins dictionary words across spaces.
   */
  static final String PUNCTUATION_RUN = punctuationRun();

  private static String punctuationRun() {
    String punctuation = "[" + SMARTCN_PUNCTUATION + "]|(?![" + SMARTCN_SPACE + "])" + NOT_A_WORD_CHARACTER;
    String runChar = "(?:" + punctuation + "|[" + SMARTCN_SPACE + "])";
    String boundary = "[" + SMARTCN_HANZI + "]";
    return "(?<!" + boundary + ")(?<!" + runChar + ")" // starts a run, not after a Chinese character
        + "(?=[" + SMARTCN_SPACE + "]*+(?:" + punctuation + "))" // holds punctuation
        + runChar + "++"
        + "(?!" + boundary + ")"; // not before a Chinese character
  }

  /** A token our punctuation filter would drop; made {@code ,} for the stop filter. */
  static final String NOT_A_WORD = "^" + NOT_A_WORD_CHARACTER + "+$";

  /** The index body for {@code PUT /index}: settings, analysis and mapping. */
  static ObjectNode indexBody() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode body = json.objectNode();
    ObjectNode index = body.putObject("settings").putObject("index");
    index.put("number_of_shards", 1); // one Lucene index, as ours: the same BM25 statistics
    index.put("number_of_replicas", 0); // a single node can hold no replica; 0 makes it green
    index.put("refresh_interval", "-1"); // during the bulk load; put back after it
    ObjectNode analysis = index.putObject("analysis");

    ObjectNode charFilters = analysis.putObject("char_filter");
    ObjectNode simplified = charFilters.putObject("to_simplified");
    simplified.put("type", "mapping");
    ArrayNode mappings = simplified.putArray("mappings");
    simplifiedMappings().forEach(mappings::add);
    ObjectNode punctuation = charFilters.putObject("punctuation_between_non_chinese");
    punctuation.put("type", "pattern_replace");
    punctuation.put("pattern", PUNCTUATION_RUN);
    punctuation.put("replacement", " ");

    ObjectNode filters = analysis.putObject("filter");
    ObjectNode comma = filters.putObject("punctuation_as_comma");
    comma.put("type", "pattern_replace");
    comma.put("pattern", NOT_A_WORD);
    comma.put("replacement", ",");
    ObjectNode stop = filters.putObject("drop_comma");
    stop.put("type", "stop");
    stop.putArray("stopwords").add(",");
    ObjectNode cjkOnly = filters.putObject("cjk_only");
    cjkOnly.put("type", "keep_types");
    cjkOnly.putArray("types").add("<SINGLE>").add("<DOUBLE>");
    ObjectNode bigrams = filters.putObject("cjk_bigrams_and_unigrams");
    bigrams.put("type", "cjk_bigram");
    bigrams.put("output_unigrams", true); // indexed as ours; queries name their terms exactly

    ObjectNode analyzers = analysis.putObject("analyzer");
    ObjectNode words = analyzers.putObject(WORDS_ANALYZER);
    words.put("type", "custom");
    words.putArray("char_filter").add("to_simplified").add("punctuation_between_non_chinese");
    words.put("tokenizer", "smartcn_tokenizer");
    words.putArray("filter").add("punctuation_as_comma").add("drop_comma").add("porter_stem");
    ObjectNode cjk = analyzers.putObject(CJK_ANALYZER);
    cjk.put("type", "custom");
    cjk.putArray("char_filter").add("to_simplified");
    cjk.put("tokenizer", "standard");
    cjk.putArray("filter").add("cjk_width").add("cjk_bigrams_and_unigrams").add("cjk_only");

    ObjectNode mapping = body.putObject("mappings");
    mapping.put("dynamic", "strict"); // a misspelt field fails the load instead of being guessed
    ObjectNode properties = mapping.putObject("properties");
    properties.putObject("article_id").put("type", "keyword"); // exact: filter, sort, tie-break
    properties.putObject("paragraph").put("type", "integer"); // sort, tie-break
    // The paragraph and its CJK companion, offsets in the postings for the unified highlighter.
    // Stored in _source (OpenSearch's stored document), which the highlighter reads.
    properties.set("text", textField(true));
    // The title line's words, on every paragraph of an article that has one; never shown.
    properties.set("title", textField(false));
    ObjectNode displayTitle = properties.putObject("display_title"); // shown, never searched
    displayTitle.put("type", "keyword");
    displayTitle.put("index", false);
    displayTitle.put("doc_values", false);
    return body;
  }

  private static ObjectNode textField(boolean offsets) {
    ObjectNode field = JsonNodeFactory.instance.objectNode();
    field.put("type", "text");
    field.put("analyzer", WORDS_ANALYZER);
    if (offsets) {
      field.put("index_options", "offsets");
    }
    ObjectNode cjk = field.putObject("fields").putObject("cjk");
    cjk.put("type", "text");
    cjk.put("analyzer", CJK_ANALYZER);
    if (offsets) {
      cjk.put("index_options", "offsets");
    }
    return field;
  }

  /** The OpenSearch field holding the terms of one of our Lucene fields. */
  static String field(String luceneField) {
    String field = FIELDS.get(luceneField);
    if (field == null) {
      throw new IllegalArgumentException(
          "No OpenSearch field for the Lucene field '" + luceneField + "'; known: " + FIELDS.keySet());
    }
    return field;
  }

  /** The folding table search-core ships (and folds with), read from its jar. */
  private static final String FOLDING_TABLE = "/dev/articlesearch/core/internal/analysis/traditional-simplified.tsv";

  /**
   * The traditional-to-simplified table as mapping rules ({@code 譜=>谱}): the very table the
   * library's {@code ChineseScriptFolding} folds with.
   */
  static List<String> simplifiedMappings() {
    List<String> rules = new ArrayList<>();
    try (InputStream in = OpenSearchMapping.class.getResourceAsStream(FOLDING_TABLE)) {
      if (in == null) {
        throw new IllegalStateException(FOLDING_TABLE + " is not on the classpath (search-core)");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          rules.add(line.replace("\t", "=>"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + FOLDING_TABLE, e);
    }
    return rules;
  }

  private OpenSearchMapping() {}
}
