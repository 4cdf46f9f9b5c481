package dev.articlesearch.core;

import java.nio.file.Path;

/**
 * One rebuild in a JVM of its own, for tests that kill it part way or let another process commit:
 * {@code RebuildChild <corpus folder> <index folder>}. It prints {@link #STARTED} before the rebuild
 * and {@link #FINISHED} after it, so a test can tell a killed child from one that completed.
 */
final class RebuildChild {
  static final String STARTED = "rebuild started";
  static final String FINISHED = "rebuild finished";

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: RebuildChild <corpus folder> <index folder>");
      System.exit(2);
    }
    System.out.println(STARTED);
    System.out.flush();
    RebuildReport report = ArticleIndex.rebuild(Path.of(args[0]), Path.of(args[1]));
    System.out.println(FINISHED + ": " + report.articles() + " articles, " + report.paragraphs() + " paragraphs");
    System.out.flush();
  }

  private RebuildChild() {}
}
