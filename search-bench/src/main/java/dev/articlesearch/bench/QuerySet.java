package dev.articlesearch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's queries, stored as a TSV file with a header line ({@value #HEADER}), UTF-8. DrawnQuery
 * text never holds a tab or a line break, so no quoting is needed.
 */
record QuerySet(List<DrawnQuery> queries) {
  static final String HEADER = "id\tlang\twords\tphrase\tquery";

  QuerySet {
    queries = List.copyOf(queries);
  }

  void write(Path file) {
    StringBuilder tsv = new StringBuilder(HEADER).append('\n');
    for (DrawnQuery q : queries) {
      tsv.append(q.id()).append('\t').append(q.lang()).append('\t').append(q.words())
          .append('\t').append(q.phrase()).append('\t').append(q.query()).append('\n');
    }
    try {
      Files.writeString(file, tsv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  static QuerySet read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(file + ": the first line must be the header " + HEADER);
    }
    List<DrawnQuery> queries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] columns = lines.get(i).split("\t", -1);
      if (columns.length != 5) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": expected 5 tab-separated columns, found "
                + columns.length);
      }
      queries.add(new DrawnQuery(columns[0], columns[1], Integer.parseInt(columns[2]),
          Boolean.parseBoolean(columns[3]), columns[4]));
    }
    return new QuerySet(queries);
  }
}
