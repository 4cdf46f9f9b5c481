package dev.articlesearch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a man page's roff source into paragraphs, without groff: the text between paragraph
 * macros ({@code .PP}, {@code .SH}, {@code .TP}, {@code .sp}, a blank line, …) is one paragraph,
 * its lines joined as roff fills them and its escapes resolved. Rendering with {@code man} would
 * need man-db and groff on the machine, and another groff version could change the corpus; the
 * man pages here use a small set of macros, which this handles.
 *
 * <p>Dropped: section headings and {@code .TP} tags (option names, not prose), no-fill blocks
 * ({@code .nf}…{@code .fi}, {@code .EX}…{@code .EE}: synopses and examples), tables ({@code
 * .TS}…{@code .TE}), macro definitions, comments, and requests that only format.
 */
final class RoffPages {
  /** Requests that end a paragraph. */
  private static final List<String> BREAKS =
      List.of("PP", "LP", "P", "sp", "br", "RS", "RE", "IP", "HP", "in", "ti", "SH", "SS", "TP");

  /** Named characters ({@code \(em}, {@code \[em]}) and strings ({@code \*(Aq}) of man pages. */
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("em", "—"), Map.entry("en", "–"), Map.entry("hy", "-"), Map.entry("mi", "-"),
          Map.entry("co", "©"), Map.entry("rg", "®"), Map.entry("tm", "™"), Map.entry("bu", "•"),
          Map.entry("lq", "“"), Map.entry("rq", "”"), Map.entry("oq", "‘"), Map.entry("cq", "’"),
          Map.entry("aq", "'"), Map.entry("Aq", "'"), Map.entry("dq", "\""),
          Map.entry("mu", "×"), Map.entry("de", "°"), Map.entry("+-", "±"), Map.entry("<=", "≤"),
          Map.entry(">=", "≥"), Map.entry("!=", "≠"), Map.entry("->", "→"), Map.entry("<-", "←"),
          Map.entry("S1", "¹"), Map.entry("S2", "²"), Map.entry("S3", "³"), Map.entry("ti", "~"),
          Map.entry("ha", "^"), Map.entry("sl", "/"), Map.entry("rs", "\\"),
          Map.entry("ba", "|"), Map.entry("pl", "+"), Map.entry("eq", "="), Map.entry("Fo", "«"),
          Map.entry("Fc", "»"), Map.entry("sc", "§"), Map.entry("dg", "†"), Map.entry("R", "®"),
          Map.entry("Tm", "™"));

  /** The page; its title is its first paragraph (the NAME line: "ls - 列出目录内容"). */
  static Page extract(String roff, String fallbackTitle) {
    Parser parser = new Parser();
    for (String line : roff.split("\\R", -1)) {
      parser.line(line);
    }
    List<String> paragraphs = parser.finish();
    return new Page(paragraphs.isEmpty() ? fallbackTitle : paragraphs.get(0), paragraphs);
  }

  /** Resolves escapes: fonts, sizes and colours go, named characters become characters. */
  static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char escape = text.charAt(i + 1);
      i += 2;
      switch (escape) {
        case '"', '#' -> i = text.length(); // a comment runs to the end of the line
        case 'f', 'm', 'M', 'n', 'k', 'F' -> i = skipName(text, i); // font, colour, register
        case 's' -> i = skipSize(text, i);
        case '*', '(', '[' -> {
          int start = escape == '*' ? i : i - 1;
          int end = skipName(text, start);
          out.append(named(name(text, start, end)));
          i = end;
        }
        case 'h', 'v', 'w', 'l', 'L', 'N', 'D', 'o', 'b', 'x', 'X', 'Z', 'A', 'B', 'C' ->
            i = skipDelimited(text, i);
        case 'e', '\\' -> out.append('\\');
        case '-' -> out.append('-');
        case ' ', '~', '0', 't' -> out.append(' ');
        case '&', ')', '|', '^', '%', ':', ',', '/', 'c', 'u', 'd', 'p', 'r', '{', '}', 'a' -> {
          // zero-width, line-control and spacing escapes: nothing to keep
        }
        default -> out.append(escape);
      }
    }
    return out.toString();
  }

  /** After {@code \f}, {@code \*}, {@code \m}: a one-letter name, {@code (xx} or {@code [..]}. */
  private static int skipName(String text, int at) {
    if (at >= text.length()) {
      return at;
    }
    return switch (text.charAt(at)) {
      case '(' -> Math.min(at + 3, text.length());
      case '[' -> {
        int close = text.indexOf(']', at);
        yield close < 0 ? text.length() : close + 1;
      }
      default -> at + 1;
    };
  }

  private static String name(String text, int start, int end) {
    if (start >= end) {
      return "";
    }
    char first = text.charAt(start);
    if (first == '(') {
      return text.substring(start + 1, end);
    }
    if (first == '[') {
      return text.substring(start + 1, Math.max(start + 1, end - 1));
    }
    return text.substring(start, end);
  }

  private static String named(String name) {
    if (name.matches("u[0-9A-Fa-f]{4,6}")) {
      int codePoint = Integer.parseInt(name.substring(1), 16);
      return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : "";
    }
    return NAMED.getOrDefault(name, "");
  }

  /** After {@code \s}: an optional sign, then one digit, {@code (nn} or {@code [..]}. */
  private static int skipSize(String text, int at) {
    int i = at;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == '(' || text.charAt(i) == '[')) {
      return skipName(text, i);
    }
    return i < text.length() && Character.isDigit(text.charAt(i)) ? i + 1 : i;
  }

  /** After {@code \h}, {@code \w}, …: an argument between two equal delimiters ({@code '…'}). */
  private static int skipDelimited(String text, int at) {
    if (at >= text.length()) {
      return at;
    }
    int close = text.indexOf(text.charAt(at), at + 1);
    return close < 0 ? text.length() : close + 1;
  }

  /** The state of one page: the paragraph being read and the kind of block we are in. */
  private static final class Parser {
    private final List<String> paragraphs = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private boolean noFill;
    private boolean table;
    private boolean macroDefinition;
    private boolean skipNextText;

    void line(String line) {
      if (macroDefinition) {
        macroDefinition = !line.startsWith("..");
      } else if (line.startsWith(".") || line.startsWith("'")) {
        request(line.substring(1).strip());
      } else if (noFill || table) {
        // examples, synopses and tables are not prose
      } else if (line.isBlank()) {
        flush();
      } else {
        text(line);
      }
    }

    List<String> finish() {
      flush();
      return paragraphs;
    }

    private void request(String request) {
      if (request.startsWith("\\\"") || request.isEmpty()) {
        return; // a comment or an empty request
      }
      int space = request.indexOf(' ');
      String name = space < 0 ? request : request.substring(0, space);
      String args = space < 0 ? "" : request.substring(space + 1).strip();
      if (BREAKS.contains(name)) {
        flush();
        // a heading or tag with no argument is on the next text line
        skipNextText =
            name.equals("TP") || (args.isEmpty() && (name.equals("SH") || name.equals("SS")));
        return;
      }
      switch (name) {
        case "nf", "EX" -> {
          flush();
          noFill = true;
        }
        case "fi", "EE" -> noFill = false;
        case "TS" -> {
          flush();
          table = true;
        }
        case "TE" -> table = false;
        case "de", "de1", "am", "ig" -> macroDefinition = true;
        case "B", "I", "SM", "SB" -> {
          if (!noFill && !table && !args.isEmpty()) {
            text(String.join(" ", arguments(args)));
          }
        }
        case "BR", "BI", "IB", "IR", "RB", "RI" -> {
          if (!noFill && !table && !args.isEmpty()) {
            text(String.join("", arguments(args)));
          }
        }
        default -> {
          // formatting only (.TH, .ad, .nh, .ie, .ds, .so, …): no text of its own to keep
        }
      }
    }

    /** A line of text (from a text line or a font macro), unless it is a heading or tag. */
    private void text(String line) {
      if (skipNextText) {
        skipNextText = false;
        return;
      }
      String text = unescape(line);
      if (!text.isBlank()) {
        if (!current.isEmpty()) {
          current.append('\n'); // normalize makes it a space, except between Chinese characters
        }
        current.append(text);
      }
    }

    private void flush() {
      String paragraph = ParagraphFilter.normalize(current.toString());
      if (!paragraph.isEmpty()) {
        paragraphs.add(paragraph);
      }
      current.setLength(0);
    }
  }

  /** A macro's arguments: separated by spaces, {@code "double quoted"} ones may hold spaces. */
  static List<String> arguments(String args) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < args.length()) {
      if (args.charAt(i) == ' ') {
        i++;
      } else if (args.charAt(i) == '"') {
        int close = args.indexOf('"', i + 1);
        int end = close < 0 ? args.length() : close;
        out.add(args.substring(i + 1, end));
        i = end + 1;
      } else {
        int end = args.indexOf(' ', i);
        end = end < 0 ? args.length() : end;
        out.add(args.substring(i, end));
        i = end;
      }
    }
    return out;
  }

  private RoffPages() {}
}
