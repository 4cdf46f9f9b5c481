package dev.articlesearch.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a documentation HTML page (Sphinx, LibreOffice help, DocBook) into paragraphs: each
 * {@code <p>}, {@code <li>}, {@code <dd>}, {@code <td>}-level block is one paragraph, its markup
 * dropped and its whitespace collapsed as a browser would.
 */
final class HtmlPages {
  /** The elements whose text is a paragraph; a block inside another ends the outer one's text. */
  private static final Set<String> BLOCKS =
      Set.of("p", "li", "dd", "td", "th", "blockquote", "caption", "figcaption");

  /**
   * Not prose: code and literal blocks ({@code pre}), navigation, headers and footers, tables of
   * contents, Sphinx's sidebar and ¶ links, LibreOffice's hidden per-platform variants (they
   * would repeat the visible text) and the "Note"/"Warning" captions of admonitions.
   */
  private static final String SKIPPED =
      "script, style, noscript, pre, nav, header, footer, [hidden], .headerlink, .navheader,"
          + " .navfooter, .toc, .toctree-wrapper, .sphinxsidebar, .related, .footer,"
          + " .admonition-title";

  /** Where the page's own content is: Sphinx's main role, LibreOffice's display area. */
  private static final String CONTENT = "[role=main], #DisplayArea";

  /** The page; its title is its first {@code <h1>}, else {@code <title>}, else the fallback. */
  static Page extract(String html, String fallbackTitle) {
    Document document = Jsoup.parse(html);
    document.select(SKIPPED).remove();
    Element content = document.selectFirst(CONTENT);
    Element root = content != null ? content : document.body();
    List<String> paragraphs = new ArrayList<>();
    NodeTraversor.traverse(new BlockCollector(paragraphs), root);
    return new Page(title(document, fallbackTitle), paragraphs);
  }

  private static String title(Document document, String fallbackTitle) {
    Element heading = document.selectFirst("h1");
    String title = ParagraphFilter.normalize(heading != null ? heading.text() : document.title());
    return title.isEmpty() ? fallbackTitle : title;
  }

  /**
   * Collects the text of each block element. Text before a nested block is flushed as its own
   * paragraph, so {@code <li>Intro <ul><li>item</li></ul></li>} gives "Intro" then "item".
   */
  private static final class BlockCollector implements NodeVisitor {
    private final List<String> paragraphs;
    private final Deque<StringBuilder> open = new ArrayDeque<>();

    BlockCollector(List<String> paragraphs) {
      this.paragraphs = paragraphs;
    }

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode text && !open.isEmpty()) {
        open.peek().append(text.getWholeText());
      } else if (node instanceof Element element) {
        if (BLOCKS.contains(element.normalName())) {
          flush(open.peek());
          open.push(new StringBuilder());
        } else if (element.normalName().equals("br") && !open.isEmpty()) {
          open.peek().append(' ');
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
        flush(open.pop());
      }
    }

    private void flush(StringBuilder text) {
      if (text != null) {
        String paragraph = ParagraphFilter.normalize(text.toString());
        if (!paragraph.isEmpty()) {
          paragraphs.add(paragraph);
        }
        text.setLength(0);
      }
    }
  }

  private HtmlPages() {}
}
