package dev.articlesearch.core.internal.schema;

import dev.articlesearch.core.Article;
import dev.articlesearch.core.Paragraph;
import dev.articlesearch.core.internal.analysis.Analyzers;
import dev.articlesearch.core.internal.util.Validate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexOptions;

/**
 * The index's analysis and fields, for running them in another engine: the OpenSearch analysis
 * plugin ({@code search-opensearch}) registers {@link #analyzerNames() these analyzers} under
 * these names, and an OpenSearch index made with {@link #openSearchMapping() this mapping} indexes
 * every field as this library does. The analyzers are the very ones the library indexes and queries
 * with, so a term in the embedded index is the same term, at the same position and offsets, in
 * the cluster.
 */
public final class IndexSchema {
  /**
   * The analyzers the index uses, by name:
   *
   * <ul>
   *   <li>{@code articlesearch_text}: the word fields ({@code text}, {@code title}): traditional
   *       characters folded to simplified, smartcn words (full-width folded, Latin lower-cased),
   *       punctuation dropped without a position gap, Porter-stemmed;
   *   <li>{@code articlesearch_cjk}: the CJK fields, as indexed: CJK unigrams and bigrams only;
   *   <li>{@code articlesearch_cjk_query}: the CJK fields, as queried: bigrams only (a lone
   *       character as a unigram);
   *   <li>{@code articlesearch_vocabulary}: the vocabulary field ({@code words}) for suggestions:
   *       words as written (not stemmed) and two-word shingles, two CJK words joined.
   * </ul>
   */
  public static List<String> analyzerNames() {
    return Analyzers.NAMES;
  }

  /**
   * A new instance of the analyzer named {@code name}, for the caller to close. Thread-safe, like
   * every Lucene {@link Analyzer}.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #analyzerNames()}
   */
  public static Analyzer newAnalyzer(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Analyzer name must not be null; known: "
          + String.join(", ", Analyzers.NAMES));
    }
    return Analyzers.create(name);
  }

  /**
   * The {@code mappings} of an OpenSearch index holding the same fields as this library's index
   * (for {@code PUT /index} with the analysis plugin installed), as pretty-printed JSON. Made from
   * the one description of the fields, so the two cannot drift apart:
   *
   * <ul>
   *   <li>text fields with this library's analyzers, search analyzers, {@code index_options}
   *       (offsets where the highlighter reads them) and norms; a setting is left out where it is
   *       OpenSearch's default (positions, norms), so the mapping reads back from a cluster as
   *       written;
   *   <li>a CJK companion field ({@code text_cjk}, {@code title_cjk}) is the sub-field {@code cjk}
   *       of its field ({@code text.cjk}, {@code title.cjk}), so the highlighter reads its text
   *       from its field's {@code _source} instead of a second copy;
   *   <li>the vocabulary field {@code words} gets the paragraph text by {@code copy_to} and has
   *       {@code fielddata}, for the suggestions' terms aggregation; a loader
   *       sends an article's title line in {@code words} on its first paragraph only, as the
   *       library indexes it;
   *   <li>the stored fields ({@code article_id}, {@code paragraph}, {@code text}, {@code
   *       display_title}, {@code title_derived}) are what {@code _source} keeps: the title, sent on
   *       every paragraph of a titled article, is searched but not kept, as here;
   *   <li>{@code dynamic: strict}: a document with a field not listed is refused.
   * </ul>
   */
  public static String openSearchMapping() {
    Map<String, Object> mapping = new LinkedHashMap<>();
    mapping.put("dynamic", "strict");
    List<Object> stored = new ArrayList<>();
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Fields.Spec f : Fields.ALL) {
      if (f.stored()) {
        stored.add(f.name());
      }
      if (f.companionOf() == null) {
        properties.put(f.name(), field(f));
      }
    }
    mapping.put("_source", Map.of("includes", stored));
    mapping.put("properties", properties);
    StringBuilder json = new StringBuilder();
    write(json, mapping, "");
    return json.append('\n').toString();
  }

  /**
   * The documents of one article for an OpenSearch index made with {@link #openSearchMapping()},
   * one per paragraph in order, as field name to value (strings and ints), holding what this
   * library's index holds for it: the text (its CJK sub-field and the vocabulary are filled from it
   * by the mapping), the title to search (only when the file has a title line, as here) and the
   * title line in the vocabulary on the first paragraph only.
   */
  public static List<Map<String, Object>> openSearchDocuments(Article article) {
    Validate.notNull("article", article);
    List<Map<String, Object>> docs = new ArrayList<>(article.paragraphs().size());
    for (Paragraph p : article.paragraphs()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put(Fields.ARTICLE_ID, article.id());
      d.put(Fields.PARAGRAPH, p.number());
      d.put(Fields.TEXT, p.text());
      d.put(Fields.DISPLAY_TITLE, article.title());
      d.put(Fields.TITLE_DERIVED, article.titleDerived() ? 1 : 0);
      if (!article.titleDerived()) {
        d.put(Fields.TITLE, article.title());
        if (p.number() == 1) {
          d.put(Fields.WORDS, article.title());
        }
      }
      docs.add(d);
    }
    return docs;
  }

  /**
   * The field of an index made with {@link #openSearchMapping()} that holds the terms of one of
   * this library's Lucene fields (the fields the queries of {@link SearchPlan#tiers()} name): the
   * same name, but a CJK companion is its field's sub-field ({@code text_cjk} is {@code text.cjk}).
   *
   * @throws IllegalArgumentException for a name that is no field of the index
   */
  public static String openSearchField(String luceneField) {
    Fields.Spec f = Fields.spec(luceneField);
    return f.companionOf() == null ? f.name()
        : f.companionOf() + "." + f.name().substring(f.companionOf().length() + 1);
  }

  /** The Lucene name of the field holding paragraphs' article id (a keyword). */
  public static final String ARTICLE_ID = Fields.ARTICLE_ID;

  /** The field holding paragraph numbers from 1 (an integer). */
  public static final String PARAGRAPH = Fields.PARAGRAPH;

  /** The stored paragraph text. */
  public static final String TEXT = Fields.TEXT;

  /** The stored display title. */
  public static final String DISPLAY_TITLE = Fields.DISPLAY_TITLE;

  /** The stored 1 when the display title was derived from the first sentence, else 0. */
  public static final String TITLE_DERIVED = Fields.TITLE_DERIVED;

  /** The vocabulary (words and two-word phrases) that suggestions and did-you-mean read. */
  public static final String WORDS = Fields.WORDS;

  private static Map<String, Object> field(Fields.Spec f) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (f.type()) {
      case KEYWORD -> m.put("type", "keyword");
      case INTEGER -> m.put("type", "integer");
      case LONG -> m.put("type", "long");
      case TEXT -> {
        m.put("type", "text");
        m.put("analyzer", f.analyzer());
        if (f.searchAnalyzer() != null) {
          m.put("search_analyzer", f.searchAnalyzer());
        }
        if (f.indexOptions() != IndexOptions.DOCS_AND_FREQS_AND_POSITIONS) { // the default
          m.put("index_options", indexOptions(f));
        }
        if (!f.norms()) {
          m.put("norms", false);
        }
        if (f.copyTo() != null) {
          m.put("copy_to", List.of(f.copyTo()));
        }
        if (f.name().equals(Fields.WORDS)) {
          // Suggestions list the vocabulary's terms that start with a prefix, with their document
          // counts: a terms aggregation, which on a text field needs fielddata. Loaded into the
          // heap on the first suggestion only, never by searches.
          m.put("fielddata", true);
        }
        Map<String, Object> subFields = new LinkedHashMap<>();
        for (Fields.Spec c : Fields.ALL) {
          if (f.name().equals(c.companionOf())) {
            subFields.put(c.name().substring(f.name().length() + 1), field(c));
          }
        }
        if (!subFields.isEmpty()) {
          m.put("fields", subFields);
        }
      }
      default -> throw new AssertionError(f.type());
    }
    if (f.type() != Fields.Type.TEXT) {
      if (!f.indexed()) {
        m.put("index", false);
      }
      if (!f.docValues()) {
        m.put("doc_values", false);
      }
    }
    return m;
  }

  private static String indexOptions(Fields.Spec f) {
    IndexOptions o = f.indexOptions();
    return switch (o) {
      case DOCS -> "docs";
      case DOCS_AND_FREQS -> "freqs";
      case DOCS_AND_FREQS_AND_POSITIONS -> "positions";
      case DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS -> "offsets";
      default -> throw new IllegalStateException(f.name() + " is not indexed as text: " + o);
    };
  }

  /** JSON of maps, lists, strings, booleans and numbers, two spaces per level. */
  private static void write(StringBuilder out, Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String inner = indent + "  ";
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "\n" : ",\n").append(inner);
        string(out, (String) e.getKey());
        out.append(": ");
        write(out, e.getValue(), inner);
        first = false;
      }
      out.append('\n').append(indent).append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(out, list.get(i), indent);
      }
      out.append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Integer) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("not JSON: " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private IndexSchema() {}
}
