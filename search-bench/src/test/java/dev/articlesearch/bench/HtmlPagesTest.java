package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlPagesTest {
  @Test
  void eachBlockIsOneParagraphAndNavigationAndCodeAreSkipped() {
    String html =
        """
        <html><head><title>页面标题 — The Linux Kernel documentation</title></head><body>
        <div class="related" role="navigation"><ul><li>上一页 previous page</li></ul></div>
        <div role="main">
          <h1>内存管理<a class="headerlink" href="#x">¶</a></h1>
          <p>第一段，包含  <b>粗体</b>
             和换行。</p>
          <div class="highlight"><pre>code_block(that, vanishes);</pre></div>
          <ul><li>Intro text <ul><li>nested item</li></ul></li></ul>
          <dl><dt>term()</dt><dd><p>Definition paragraph.</p></dd></dl>
          <table><tr><td>单元格一</td><td>cell&nbsp;two</td></tr></table>
          <p>Press <span hidden="true">Command</span><span>Ctrl</span> + F<br>to search.</p>
        </div>
        <div class="footer">© Copyright The kernel development community.</div>
        </body></html>
        """;

    Page page = HtmlPages.extract(html, "fallback");

    assertEquals("内存管理", page.title());
    assertEquals(
        List.of("第一段，包含 粗体和换行。", "Intro text", "nested item", "Definition paragraph.",
            "单元格一", "cell two", "Press Ctrl + F to search."),
        page.paragraphs());
  }

  @Test
  void libreOfficeHelpIsReadFromItsDisplayArea() {
    String html =
        """
        <html><body>
        <header><a class="logo"><p>LibreOffice 7.4 帮助</p></a></header>
        <div id="DisplayArea"><h1>查找工具栏</h1>
          <p class="paragraph">使用「查找」工具栏可以快速搜索文档内容。</p></div>
        <footer><p>This page is: /text/shared/find_toolbar.xhp</p></footer>
        </body></html>
        """;

    Page page = HtmlPages.extract(html, "fallback");

    assertEquals("查找工具栏", page.title());
    assertEquals(List.of("使用「查找」工具栏可以快速搜索文档内容。"), page.paragraphs());
  }

  @Test
  void pageWithoutHeadingIsTitledByItsTitleElementOrFileName() {
    assertEquals("Debian 参考手册",
        HtmlPages.extract("<title>Debian 参考手册</title><p>正文段落的内容。</p>", "ch01").title());
    assertEquals("ch01", HtmlPages.extract("<p>正文段落的内容。</p>", "ch01").title());
  }
}
