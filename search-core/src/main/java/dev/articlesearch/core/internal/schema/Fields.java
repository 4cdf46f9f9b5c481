package dev.articlesearch.core.internal.schema;

import dev.articlesearch.core.internal.analysis.Analyzers;
import java.util.List;
import org.apache.lucene.index.IndexOptions;

/**
 * Every index field, in one place: its name and how it is indexed ({@link #ALL}). The indexer, both
 * query parsers, the highlighter, the analyzers' field map, the OpenSearch mapping ({@link
 * IndexSchema#openSearchMapping()}) and the tests must agree on them.
 */
public final class Fields {
  /** The article id, exact (StringField + sorted doc values): filters, grouping, article lookup. */
  public static final String ARTICLE_ID = "article_id";

  /** Paragraph number from 1 (IntField: range queries, sorting, stored). */
  public static final String PARAGRAPH = "paragraph";

  /** The paragraph as written (stored) and analysed into smartcn words, offsets in the postings. */
  public static final String TEXT = "text";

  /**
   * The same paragraph as CJK unigrams and bigrams, offsets in the postings: finds words smartcn
   * does not know ({@code 智谱}) and words hidden inside longer ones ({@code 大学} in {@code 清华大学}).
   */
  public static final String TEXT_CJK = "text_cjk";

  /**
   * Words as written (lower-cased, not stemmed) and two-word phrases, from the text and, on an
   * article's first paragraph, its title: the vocabulary for suggestions and did-you-mean. Indexed
   * without positions; {@code 智}+{@code 谱} is the one term {@code 智谱}.
   */
  public static final String WORDS = "words";

  /** The article title's words, from its title line (indexed only when the file has one). */
  public static final String TITLE = "title";

  /** The title as CJK unigrams and bigrams, like {@link #TEXT_CJK}. */
  public static final String TITLE_CJK = "title_cjk";

  /** The display title: the title line, or one derived from the first sentence (stored only). */
  public static final String DISPLAY_TITLE = "display_title";

  /** 1 when the display title was derived from the first paragraph, else 0 (stored only). */
  public static final String TITLE_DERIVED = "title_derived";

  /**
   * The SHA-256 of the file's bytes the article was indexed from (stored only, on every paragraph):
   * an update re-analyses an article only when its file's content changed.
   */
  public static final String SOURCE_HASH = "source_hash";

  /** The size of that file in bytes (numeric doc values, updated in place). */
  public static final String SOURCE_SIZE = "source_size";

  /**
   * That file's modification time, epoch milliseconds (numeric doc values, updated in place): a
   * file whose size and time are unchanged is not even read by an update; one that was only
   * touched is read and hashed once, and its new time written here, never analysed again.
   */
  public static final String SOURCE_MODIFIED = "source_modified";

  /**
   * The paragraph's vector for search by meaning, one field per vector space of the index's
   * embedder ({@code vector_zh}, {@code vector_en}; HNSW graph, dot product of unit vectors): a
   * paragraph has at most one. Not in {@link #ALL}: which of them exist depends on the embedder,
   * and an index built without one has none.
   */
  public static String vector(String space) {
    return VECTOR_PREFIX + space;
  }

  /** The start of every vector field's name. */
  public static final String VECTOR_PREFIX = "vector_";

  /** What kind of value a field holds. */
  public enum Type {
    /** One exact term (not analysed), sorted doc values for sorting and grouping. */
    KEYWORD,
    /** An int: points for ranges, numeric doc values for sorting. */
    INTEGER,
    /** A long kept in numeric doc values only, which an update may change in place. */
    LONG,
    /** Analysed text. */
    TEXT
  }

  /**
   * How one field is indexed: the one description {@link IndexBuilder}'s field types, {@link
   * Analyzers}' field map and the OpenSearch mapping are all made from ({@code IndexSchemaTest}
   * checks a built index against it).
   *
   * @param name the field name
   * @param type what it holds
   * @param indexed whether it is searchable (postings, or points for an int)
   * @param indexOptions what the postings hold ({@link IndexOptions#NONE}: none)
   * @param norms whether length norms are kept (BM25 length normalisation)
   * @param docValues whether it has doc values (sorting, grouping)
   * @param stored whether the value is stored, to be returned with a hit
   * @param analyzer the analyzer that indexes a text field ({@link Analyzers} names), else null
   * @param searchAnalyzer the analyzer that queries it, when not the same one
   * @param companionOf the text field whose text this CJK field indexes again, else null
   * @param copyTo the field that also indexes this field's text, else null
   */
  public record Spec(String name, Type type, boolean indexed, IndexOptions indexOptions, boolean norms,
      boolean docValues, boolean stored, String analyzer, String searchAnalyzer, String companionOf,
      String copyTo) {}

  private static final IndexOptions DOCS = IndexOptions.DOCS;
  private static final IndexOptions POSITIONS = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS;
  private static final IndexOptions OFFSETS =
      IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS;
  private static final IndexOptions NONE = IndexOptions.NONE;

  /**
   * Every field of the index, in the order the mapping lists them. Offsets in the postings where
   * the highlighter reads match offsets (the paragraph and its CJK companion); titles are scored,
   * never highlighted; the vocabulary is a set of terms with document frequencies.
   */
  public static final List<Spec> ALL = List.of(
      new Spec(ARTICLE_ID, Type.KEYWORD, true, DOCS, false, true, true, null, null, null, null),
      new Spec(PARAGRAPH, Type.INTEGER, true, NONE, false, true, true, null, null, null, null),
      new Spec(TEXT, Type.TEXT, true, OFFSETS, true, false, true, Analyzers.TEXT, null, null, WORDS),
      new Spec(TEXT_CJK, Type.TEXT, true, OFFSETS, true, false, false,
          Analyzers.CJK, Analyzers.CJK_QUERY, TEXT, null),
      new Spec(WORDS, Type.TEXT, true, DOCS, false, false, false,
          Analyzers.VOCABULARY, null, null, null),
      new Spec(TITLE, Type.TEXT, true, POSITIONS, true, false, false,
          Analyzers.TEXT, null, null, null),
      new Spec(TITLE_CJK, Type.TEXT, true, POSITIONS, true, false, false,
          Analyzers.CJK, Analyzers.CJK_QUERY, TITLE, null),
      new Spec(DISPLAY_TITLE, Type.KEYWORD, false, NONE, false, false, true, null, null, null, null),
      new Spec(TITLE_DERIVED, Type.INTEGER, false, NONE, false, false, true, null, null, null, null),
      new Spec(SOURCE_HASH, Type.KEYWORD, false, NONE, false, false, true, null, null, null, null),
      new Spec(SOURCE_SIZE, Type.LONG, false, NONE, false, true, false, null, null, null, null),
      new Spec(SOURCE_MODIFIED, Type.LONG, false, NONE, false, true, false, null, null, null,
          null));

  /** The description of one field of {@link #ALL}. */
  public static Spec spec(String name) {
    for (Spec s : ALL) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("No field '" + name + "'");
  }

  /** The field a CJK companion field belongs to, for query building and highlighting. */
  public static String cjkCompanion(String field) {
    return switch (field) {
      case TEXT -> TEXT_CJK;
      case TITLE -> TITLE_CJK;
      default -> null;
    };
  }

  private Fields() {}
}
