package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefIterator;

/**
 * Translates the Lucene queries the library runs ({@code ArticleIndex.queryTiers}) into
 * OpenSearch's query DSL, each into the DSL query that OpenSearch turns back into the same Lucene
 * query, so both engines score the same way. Field names go through {@link
 * OpenSearchMapping#field}.
 *
 * <p>Terms are sent as terms, never re-analysed: {@code term} for a term, {@code match_phrase}
 * with the {@code whitespace} analyzer for a phrase. The library's terms never hold whitespace
 * (smartcn skips spaces, and the library drops tokens of other whitespace characters as
 * punctuation; bigrams are CJK characters only), so splitting the joined terms on whitespace gives
 * them back one by one at consecutive positions: exactly the Lucene {@code PhraseQuery}.
 */
final class QueryDsl {
  /** The {@code whitespace} tokenizer's default longest token; a longer term would be split. */
  static final int MAX_PHRASE_TERM_LENGTH = 255;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * The DSL for a query.
   *
   * @throws IllegalArgumentException for a query type that has no translation here, naming it
   */
  static ObjectNode of(Query query) {
    return translate(query, 1f);
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
    throw new IllegalArgumentException(
        "No OpenSearch translation for " + query.getClass().getName() + ": " + query);
  }

  private static ObjectNode term(Term term, float boost) {
    ObjectNode body = JSON.objectNode();
    body.put("value", term.text());
    withBoost(body, boost);
    return wrap("term", JSON.objectNode().set(OpenSearchMapping.field(term.field()), body));
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
    return wrap("match_phrase", JSON.objectNode().set(OpenSearchMapping.field(phrase.getField()), body));
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
    body.set(OpenSearchMapping.field(query.getField()), values);
    withBoost(body, boost);
    return wrap("terms", body);
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
