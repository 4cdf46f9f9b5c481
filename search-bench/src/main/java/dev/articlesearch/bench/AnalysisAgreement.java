package dev.articlesearch.bench;

import dev.articlesearch.core.AnalyzedToken;
import dev.articlesearch.core.ArticleIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Does OpenSearch analyse our paragraphs as the library does? For each paragraph and each of the
 * two searched fields, compares OpenSearch's tokens ({@code _analyze}) with the library's ({@link
 * ArticleIndex#analyze}): identical, the same terms and offsets at other positions (the gaps
 * OpenSearch leaves where it drops punctuation, see {@link OpenSearchMapping}), or other terms.
 */
final class AnalysisAgreement {
  /** Tokens shown on each side of the first difference in an example. */
  private static final int CONTEXT = 3;

  /**
   * How one field compares over the paragraphs checked.
   *
   * @param field the library's field name
   * @param paragraphs paragraphs compared
   * @param identical same terms, offsets and positions
   * @param positionsDiffer same terms and offsets, some other positions
   * @param termsDiffer other terms or offsets
   * @param termsWithWhitespace the library's terms that hold whitespace (the phrase translation in
   *     {@link dev.articlesearch.cluster.QueryDsl} needs none)
   * @param examples paragraphs with other terms, up to the number asked for
   */
  record FieldAgreement(
      String field, int paragraphs, int identical, int positionsDiffer, int termsDiffer,
      long termsWithWhitespace, List<Example> examples) {
    FieldAgreement {
      examples = List.copyOf(examples);
    }
  }

  /**
   * Where one paragraph's terms first differ.
   *
   * @param excerpt the paragraph text around the difference
   * @param ours the library's terms there
   * @param peer OpenSearch's terms there
   */
  record Example(String excerpt, List<String> ours, List<String> peer) {}

  /** Compares the word field ({@code text}) and the CJK field ({@code text_cjk}). */
  static List<FieldAgreement> check(
      OpenSearchPeer peer, String index, List<String> paragraphs, int maxExamples) {
    List<FieldAgreement> out = new ArrayList<>();
    for (String field : List.of("text", "text_cjk")) {
      int identical = 0;
      int positions = 0;
      int terms = 0;
      long whitespace = 0;
      List<Example> examples = new ArrayList<>();
      for (String text : paragraphs) {
        List<AnalyzedToken> ours =
            ArticleIndex.analyze(text).stream().filter(t -> t.field().equals(field)).toList();
        List<AnalyzedToken> theirs = peer.analyze(index, OpenSearchMapping.field(field), text);
        whitespace += ours.stream().filter(t -> t.term().chars().anyMatch(Character::isWhitespace)).count();
        if (sameTokens(ours, theirs, true)) {
          identical++;
        } else if (sameTokens(ours, theirs, false)) {
          positions++;
        } else {
          terms++;
          if (examples.size() < maxExamples) {
            examples.add(example(text, ours, theirs));
          }
        }
      }
      out.add(new FieldAgreement(field, paragraphs.size(), identical, positions, terms, whitespace, examples));
    }
    return out;
  }

  private static boolean sameTokens(List<AnalyzedToken> a, List<AnalyzedToken> b, boolean positions) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      AnalyzedToken x = a.get(i);
      AnalyzedToken y = b.get(i);
      if (!x.term().equals(y.term()) || x.start() != y.start() || x.end() != y.end()
          || (positions && x.position() != y.position())) {
        return false;
      }
    }
    return true;
  }

  private static Example example(String text, List<AnalyzedToken> ours, List<AnalyzedToken> theirs) {
    int at = 0;
    while (at < ours.size() && at < theirs.size()
        && ours.get(at).term().equals(theirs.get(at).term())
        && ours.get(at).start() == theirs.get(at).start()) {
      at++;
    }
    int offset = at < ours.size() ? ours.get(at).start()
        : at < theirs.size() ? theirs.get(at).start() : text.length();
    String excerpt = text.substring(Math.max(0, offset - 30), Math.min(text.length(), offset + 30));
    return new Example(excerpt, window(ours, at), window(theirs, at));
  }

  private static List<String> window(List<AnalyzedToken> tokens, int at) {
    return tokens.subList(Math.max(0, at - CONTEXT), Math.min(tokens.size(), at + CONTEXT + 1))
        .stream().map(AnalyzedToken::term).toList();
  }

  private AnalysisAgreement() {}
}
