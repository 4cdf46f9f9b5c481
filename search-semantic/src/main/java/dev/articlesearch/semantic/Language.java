package dev.articlesearch.semantic;

/**
 * Which model a text goes to: Chinese when its Han characters outweigh its Latin letters, an
 * ideograph counted as a word of about four letters; else English. A Chinese paragraph that names
 * GLM-4 or Hugging Face stays Chinese, an English one that names 智谱 stays English.
 */
enum Language {
  CHINESE,
  ENGLISH;

  /** Letters per Han character, roughly: an English word is about 4–5 letters, a Chinese one 1–2 characters. */
  private static final int LETTERS_PER_HAN = 4;

  static Language of(String text) {
    long han = 0;
    long latin = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
        han++;
      } else if (Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN) {
        latin++;
      }
    }
    return han > 0 && han * LETTERS_PER_HAN >= latin ? CHINESE : ENGLISH;
  }
}
