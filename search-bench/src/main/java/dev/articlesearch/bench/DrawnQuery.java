package dev.articlesearch.bench;

/**
 * One benchmark query, as a user would type it.
 *
 * @param id {@code q0001}, …
 * @param lang {@code zh} when the text has Chinese characters, else {@code en}
 * @param words how many analysed words the text spans (1–4)
 * @param phrase whether the query is a quoted phrase
 * @param query the query string; a phrase is wrapped in double quotes
 */
record DrawnQuery(String id, String lang, int words, boolean phrase, String query) {
  /** The query's text from the corpus, without the phrase quotes. */
  String text() {
    return phrase ? query.substring(1, query.length() - 1) : query;
  }
}
