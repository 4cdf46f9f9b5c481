package dev.articlesearch.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * One documentation source: which files of which Debian package are read, and how.
 *
 * @param id the source id, the start of its article file names
 * @param packageName the Debian package, also its folder in the sources folder
 * @param kind Chinese or English documentation
 * @param root the folder inside the package that holds the pages
 * @param format how the pages are written
 * @param include which pages, by path relative to {@code root} ({@code /}-separated)
 */
record DocSource(
    String id,
    String packageName,
    SourceKind kind,
    String root,
    Format format,
    Predicate<String> include) {

  enum Format {
    HTML,
    /** Man pages, gzipped roff. */
    ROFF
  }

  /**
   * Every documentation source, in the order they are read. English comes first: the Chinese
   * LibreOffice help repeats many English paragraphs it has not translated, and a text is kept
   * only where it is first seen, so those stay with the English help.
   */
  static final List<DocSource> ALL =
      List.of(
          new DocSource("kernel-en", "linux-doc-6.1", SourceKind.ENGLISH_DOCS,
              "usr/share/doc/linux-doc-6.1/html", Format.HTML,
              path -> sphinxPage(path) && !path.startsWith("translations/")),
          new DocSource("python-en", "python3.11-doc", SourceKind.ENGLISH_DOCS,
              "usr/share/doc/python3.11/html", Format.HTML, DocSource::sphinxPage),
          new DocSource("libreoffice-en", "libreoffice-help-en-us", SourceKind.ENGLISH_DOCS,
              "usr/share/libreoffice/help/en-US", Format.HTML,
              path -> path.startsWith("text/") && path.endsWith(".html")),
          new DocSource("libreoffice-zh", "libreoffice-help-zh-cn", SourceKind.CHINESE_DOCS,
              "usr/share/libreoffice/help/zh-CN", Format.HTML,
              path -> path.startsWith("text/") && path.endsWith(".html")),
          new DocSource("kernel-zh", "linux-doc-6.1", SourceKind.CHINESE_DOCS,
              "usr/share/doc/linux-doc-6.1/html/translations/zh_CN", Format.HTML,
              DocSource::sphinxPage),
          new DocSource("manpages-zh", "manpages-zh", SourceKind.CHINESE_DOCS,
              "usr/share/man/zh_CN", Format.ROFF, path -> path.endsWith(".gz")),
          new DocSource("debian-reference-zh", "debian-reference-zh-cn", SourceKind.CHINESE_DOCS,
              "usr/share/debian-reference", Format.HTML, path -> path.endsWith(".zh-cn.html")));

  /** The folder of pages inside the sources folder. */
  Path folder(Path sources) {
    return sources.resolve(packageName).resolve(root);
  }

  /**
   * A Sphinx page with prose: not its generated indexes, search page, or the {@code _sources},
   * {@code _static} and {@code _images} folders.
   */
  private static boolean sphinxPage(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return path.endsWith(".html")
        && !path.startsWith("_")
        && !path.contains("/_")
        && !name.startsWith("genindex")
        && !name.equals("search.html")
        && !name.equals("py-modindex.html");
  }
}
