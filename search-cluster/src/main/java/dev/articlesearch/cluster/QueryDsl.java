package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefIterator;

/**
 * Translates the Lucene queries the library runs ({@link dev.articlesearch.core.ArticleIndex#queryTiers})
 * into OpenSearch's query DSL, each into the DSL query that OpenSearch turns back into the same
 * Lucene query, so both engines match and score the same way. Field names go through {@link
 * IndexSchema#openSearchField} ({@code text_cjk} is {@code text.cjk}). The one copy: the
 * benchmark's OpenSearch peer uses it too.
 *
 * <p>Patterns of the {@code lucene} syntax (wildcard, prefix, regular expression, term range) are
 * sent with the {@code constant_score} rewrite, as the library runs them; a fuzzy word of the
 * {@code simple} syntax with its edits, prefix, expansions and transpositions.
 *
 * <p>Terms are sent as terms, never re-analysed: {@code term} for a term, {@code match_phrase}
 * with the {@code whitespace} analyzer for a phrase. The library's terms never hold whitespace
 * (smartcn skips spaces, and the library drops tokens of other whitespace characters as
 * punctuation; bigrams are CJK characters only), so splitting the joined terms on whitespace gives
 * them back one by one at consecutive positions: exactly the Lucene {@code PhraseQuery}.
 */
public final class QueryDsl {
  /** The {@code whitespace} tokenizer's default longest token; a longer term would be split. */
  static final int MAX_PHRASE_TERM_LENGTH = 255;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * The DSL for a query.
   *
   * @throws IllegalArgumentException for a query type that has no translation here, naming it
   */
  public static ObjectNode of(Query query) {
    return translate(query, 1f);
  }

  /**
   * The DSL to rank by {@code query} with {@code dfs_query_then_fetch}: {@link #of} and, for each
   * field with a scored phrase, a clause that never matches and makes every shard report the
   * field's statistics.
   *
   * <p>A shard reports a field's statistics (documents with the field, their average length) only
   * when some weight asks for them. A phrase's weight asks only on shards that hold one of its
   * terms, so a phrase was scored with the statistics of those shards alone (4 documents with
   * {@code text.cjk} instead of 11 in a test: 13-32% lower scores than the library's). A term
   * query's weight asks on every shard: one term that no analyzer produces (terms never hold a
   * space) brings every shard's statistics and never matches. Its boost is tiny rather than 0,
   * which OpenSearch drops as it rewrites.
   */
  public static ObjectNode scored(Query query) {
    ObjectNode dsl = of(query);
    Set<String> fields = scoredPhraseFields(query);
    if (fields.isEmpty()) {
      return dsl;
    }
    ObjectNode bool = JSON.objectNode();
    bool.putArray("must").add(dsl);
    ArrayNode should = bool.putArray("should");
    for (String field : fields) {
      ObjectNode body = JSON.objectNode();
      body.put("value", NEVER_A_TERM);
      body.put("boost", STATISTICS_BOOST);
      should.add(wrap("term", JSON.objectNode().set(field(field), body)));
    }
    return wrap("bool", bool);
  }

  /** A term that is never indexed: analysed terms hold no whitespace. */
  static final String NEVER_A_TERM = " ";

  /** Any boost above 0: the clause never matches, so it adds nothing to a score. */
  static final float STATISTICS_BOOST = 1e-6f;

  /** The fields of the phrases that are scored (not under a filter or a constant score). */
  private static Set<String> scoredPhraseFields(Query query) {
    Set<String> fields = new TreeSet<>();
    query.visit(new QueryVisitor() {
      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return occur == BooleanClause.Occur.FILTER || occur == BooleanClause.Occur.MUST_NOT
            ? QueryVisitor.EMPTY_VISITOR : this;
      }

      @Override
      public void consumeTerms(Query q, Term... terms) {
        if (q instanceof PhraseQuery phrase) {
          fields.add(phrase.getField());
        }
      }
    });
    return fields;
  }

  /** {@code boost}: the product of the enclosing {@link BoostQuery}s, as Lucene multiplies them. */
  private static ObjectNode translate(Query query, float boost) {
    if (query instanceof BoostQuery b) {
      return translate(b.getQuery(), boost * b.getBoost());
    }
    if (query instanceof TermQuery t) {
      return term(t.getTerm(), boost);
    }
    if (query instanceof PhraseQuery p) {
      return phrase(p, boost);
    }
    if (query instanceof BooleanQuery b) {
      return bool(b, boost);
    }
    if (query instanceof ConstantScoreQuery c) {
      ObjectNode body = JSON.objectNode();
      body.set("filter", translate(c.getQuery(), 1f));
      withBoost(body, boost);
      return wrap("constant_score", body);
    }
    if (query instanceof TermInSetQuery t) {
      return terms(t, boost);
    }
    if (query instanceof IndexSortSortedNumericDocValuesRangeQuery q) {
      return translate(q.getFallbackQuery(), boost); // an optimisation for sorted indexes only
    }
    if (query instanceof IndexOrDocValuesQuery q) {
      return translate(q.getIndexQuery(), boost); // the same matches either way
    }
    if (query instanceof PointRangeQuery p && p.getNumDims() == 1 && p.getBytesPerDim() == Integer.BYTES) {
      ObjectNode body = JSON.objectNode();
      body.put("gte", IntPoint.decodeDimension(p.getLowerPoint(), 0));
      body.put("lte", IntPoint.decodeDimension(p.getUpperPoint(), 0));
      withBoost(body, boost);
      return wrap("range", JSON.objectNode().set(field(p.getField()), body));
    }
    if (query instanceof MatchAllDocsQuery) {
      ObjectNode body = JSON.objectNode();
      withBoost(body, boost);
      return wrap("match_all", body);
    }
    if (query instanceof MatchNoDocsQuery) {
      return wrap("match_none", JSON.objectNode());
    }
    if (query instanceof FuzzyQuery f) {
      ObjectNode body = JSON.objectNode();
      body.put("value", f.getTerm().text());
      body.put("fuzziness", f.getMaxEdits());
      body.put("prefix_length", f.getPrefixLength());
      // Both parsers make fuzzy queries with Lucene's default expansions, which FuzzyQuery does
      // not expose: OpenSearch's default too, but said here so the two cannot drift apart.
      body.put("max_expansions", FuzzyQuery.defaultMaxExpansions);
      body.put("transpositions", f.getTranspositions());
      withBoost(body, boost);
      return wrap("fuzzy", JSON.objectNode().set(field(f.getField()), body));
    }
    if (query instanceof WildcardQuery w) {
      return pattern("wildcard", w.getField(), w.getTerm().text(), boost);
    }
    if (query instanceof PrefixQuery p) {
      return pattern("prefix", p.getField(), p.getPrefix().text(), boost);
    }
    if (query instanceof RegexpQuery r) {
      // Lucene's toString is /pattern/ for a regular expression; the flags are the parser's (all).
      String text = r.toString(r.getField());
      return pattern("regexp", r.getField(), text.substring(1, text.length() - 1), boost);
    }
    if (query instanceof TermRangeQuery r) {
      ObjectNode body = JSON.objectNode();
      if (r.getLowerTerm() != null) {
        body.put(r.includesLower() ? "gte" : "gt", r.getLowerTerm().utf8ToString());
      }
      if (r.getUpperTerm() != null) {
        body.put(r.includesUpper() ? "lte" : "lt", r.getUpperTerm().utf8ToString());
      }
      // No rewrite to send: a range on a text field is always a constant score over its terms.
      withBoost(body, boost);
      return wrap("range", JSON.objectNode().set(field(r.getField()), body));
    }
    throw new IllegalArgumentException(
        "No OpenSearch translation for " + query.getClass().getName() + ": " + query);
  }

  private static ObjectNode term(Term term, float boost) {
    ObjectNode body = JSON.objectNode();
    body.put("value", term.text());
    withBoost(body, boost);
    return wrap("term", JSON.objectNode().set(field(term.field()), body));
  }

  private static ObjectNode phrase(PhraseQuery phrase, float boost) {
    Term[] terms = phrase.getTerms();
    int[] positions = phrase.getPositions();
    List<String> texts = new ArrayList<>(terms.length);
    for (int i = 0; i < terms.length; i++) {
      if (positions[i] != positions[0] + i) {
        throw new IllegalArgumentException(
            "Only phrases of consecutive positions have a translation, not " + phrase);
      }
      String text = terms[i].text();
      if (text.isEmpty() || text.length() > MAX_PHRASE_TERM_LENGTH || text.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "The phrase term '" + text + "' would not come back whole from the whitespace analyzer: " + phrase);
      }
      texts.add(text);
    }
    ObjectNode body = JSON.objectNode();
    body.put("query", String.join(" ", texts));
    body.put("analyzer", "whitespace");
    if (phrase.getSlop() != 0) {
      body.put("slop", phrase.getSlop());
    }
    withBoost(body, boost);
    return wrap("match_phrase", JSON.objectNode().set(field(phrase.getField()), body));
  }

  /**
   * Clauses keep their order within each occur, as Lucene scores them. {@code
   * minimum_should_match} is sent only when Lucene's is set: OpenSearch's default then matches
   * Lucene's (at least one SHOULD clause without MUST or FILTER clauses, else none needed).
   */
  private static ObjectNode bool(BooleanQuery query, float boost) {
    ObjectNode body = JSON.objectNode();
    for (BooleanClause clause : query.clauses()) {
      String occur = switch (clause.occur()) {
        case MUST -> "must";
        case SHOULD -> "should";
        case MUST_NOT -> "must_not";
        case FILTER -> "filter";
      };
      ArrayNode list = body.has(occur) ? (ArrayNode) body.get(occur) : body.putArray(occur);
      list.add(translate(clause.query(), 1f));
    }
    if (query.getMinimumNumberShouldMatch() > 0) {
      body.put("minimum_should_match", query.getMinimumNumberShouldMatch());
    }
    withBoost(body, boost);
    return wrap("bool", body);
  }

  private static ObjectNode terms(TermInSetQuery query, float boost) {
    ArrayNode values = JSON.arrayNode();
    try {
      BytesRefIterator it = query.getBytesRefIterator();
      for (BytesRef term = it.next(); term != null; term = it.next()) {
        values.add(term.utf8ToString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // iterates terms held in memory
    }
    ObjectNode body = JSON.objectNode();
    body.set(field(query.getField()), values);
    withBoost(body, boost);
    return wrap("terms", body);
  }

  private static ObjectNode pattern(String type, String field, String value, float boost) {
    ObjectNode body = JSON.objectNode();
    body.put("value", value);
    body.put("rewrite", "constant_score");
    withBoost(body, boost);
    return wrap(type, JSON.objectNode().set(field(field), body));
  }

  private static String field(String luceneField) {
    return IndexSchema.openSearchField(luceneField);
  }

  private static void withBoost(ObjectNode body, float boost) {
    if (boost != 1f) {
      body.put("boost", boost);
    }
  }

  private static ObjectNode wrap(String type, ObjectNode body) {
    ObjectNode node = JSON.objectNode();
    node.set(type, body);
    return node;
  }

  private QueryDsl() {}
}
