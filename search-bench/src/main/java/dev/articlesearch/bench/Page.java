package dev.articlesearch.bench;

import java.util.List;

/**
 * What one source file holds, before filtering: its title and its paragraphs in reading order.
 *
 * @param title the page's own title (its heading), or a name derived from the file
 * @param paragraphs the text blocks, each one paragraph
 */
record Page(String title, List<String> paragraphs) {
  Page {
    paragraphs = List.copyOf(paragraphs);
  }
}
