package dev.articlesearch.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny sources folder laid out as bench/build-corpora lays out the real one: English HTML
 * pages (120 paragraphs), Chinese man pages (60 paragraphs, gzipped roff), two volumes of
 * traditional-character poems (320 lines) and {@code versions.tsv}.
 */
final class FixtureSources {
  static final List<DocSource> DOCS =
      List.of(
          new DocSource("docs-en", "docs-en", SourceKind.ENGLISH_DOCS, "html",
              DocSource.Format.HTML, path -> path.endsWith(".html")),
          new DocSource("docs-zh", "docs-zh", SourceKind.CHINESE_DOCS, "man",
              DocSource.Format.ROFF, path -> path.endsWith(".gz")));

  private static final String[] NOUNS = {"kernel", "driver", "memory", "scheduler", "device",
      "module", "buffer", "process", "thread", "socket", "table", "document"};
  private static final String[] VERBS = {"allocates", "releases", "maps", "tracks", "starts",
      "stops", "reads", "writes", "checks", "sorts", "finds", "opens"};
  private static final String[] CHINESE_NOUNS = {"内存", "进程", "文件", "网络", "设备", "模块",
      "线程", "缓存", "表格", "文档", "系统", "用户"};
  private static final String[] CHINESE_VERBS = {"分配", "释放", "读取", "写入", "检查", "排序",
      "查找", "打开", "关闭", "更新", "删除", "复制"};
  private static final String TRADITIONAL = "風雲龍鳳東西南北春夏秋冬山水花鳥長門書樓橋";

  static Path write(Path sources) throws IOException {
    for (int page = 1; page <= 3; page++) {
      StringBuilder html = new StringBuilder("<html><body><div role=\"main\"><h1>Guide " + page
          + "</h1>");
      for (int i = 0; i < 40; i++) {
        html.append("<p>").append(englishSentence(page * 100 + i)).append("</p>\n");
      }
      write(sources.resolve("docs-en/html/page-" + page + ".html"),
          html.append("</div></body></html>").toString().getBytes(StandardCharsets.UTF_8));
    }
    for (int page = 1; page <= 2; page++) {
      StringBuilder roff = new StringBuilder(".TH TOOL" + page + " 1\n.SH 名称\ntool" + page
          + " \\- 第" + page + "个工具的说明\n.SH 描述\n");
      for (int i = 0; i < 29; i++) {
        roff.append(".PP\n").append(chineseSentence(page * 100 + i)).append('\n');
      }
      write(sources.resolve("docs-zh/man/man1/tool" + page + ".1.gz"), gzip(roff.toString()));
    }
    write(sources.resolve("chinese-poetry/package/dist/quantangshi/poet.tang.0.json"),
        poems(0).getBytes(StandardCharsets.UTF_8));
    write(sources.resolve("chinese-poetry/package/dist/songci/ci.song.0.json"),
        poems(1).getBytes(StandardCharsets.UTF_8));
    write(sources.resolve(SourceArchive.FILE),
        ("docs-en\t1.0\tarchives/docs-en_1.0_all.deb\t" + "a".repeat(64) + "\n"
            + "docs-zh\t2.0\tarchives/docs-zh_2.0_all.deb\t" + "b".repeat(64) + "\n"
            + "chinese-poetry\t2.0.1\tarchives/chinese-poetry-2.0.1.tgz\t" + "c".repeat(64) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    return sources;
  }

  private static String englishSentence(int n) {
    return "The " + NOUNS[n % 12] + " " + VERBS[(n / 12) % 12] + " the " + NOUNS[(n / 7) % 12]
        + " before the next " + NOUNS[(n / 3) % 12] + ", as step " + n + " of the guide says.";
  }

  private static String chineseSentence(int n) {
    return "第" + n + "步：系统会" + CHINESE_VERBS[n % 12] + CHINESE_NOUNS[(n / 12) % 12] + "中的"
        + CHINESE_NOUNS[(n / 5) % 12] + "，然后" + CHINESE_VERBS[(n / 3) % 12] + "结果。";
  }

  /** 40 poems of four lines, each line unique, in traditional characters. */
  private static String poems(int volume) {
    List<String> poems = new ArrayList<>();
    for (int poem = 0; poem < 40; poem++) {
      List<String> lines = new ArrayList<>();
      for (int line = 0; line < 4; line++) {
        int n = volume * 1000 + poem * 4 + line;
        lines.add("\"" + chars(n, 5) + "，" + chars(n * 7 + 3, 5) + "。\"");
      }
      poems.add("{\"author\": \"佚名\", \"title\": \"詩" + poem + "\", \"paragraphs\": ["
          + String.join(", ", lines) + "]}");
    }
    return "[" + String.join(",\n", poems) + "]";
  }

  /** {@code n} written in {@code count} digits of base 22, the digits being characters. */
  private static String chars(int n, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0, rest = n; i < count; i++, rest /= TRADITIONAL.length()) {
      out.append(TRADITIONAL.charAt(rest % TRADITIONAL.length()));
    }
    return out.toString();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private FixtureSources() {}
}
