package dev.articlesearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Writes a report's Markdown again from its JSON, so a run keeps its figures when the report's
 * tables change (a target added, say) without measuring again.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Writes REPORT.md again from REPORT.json (the figures of a `run`), beside it.")
final class RenderCommand implements Callable<Integer> {
  @Parameters(paramLabel = "REPORT.json", description = "a report written by `run`")
  Path json;

  @Override
  public Integer call() throws IOException {
    Results.Report report = new ObjectMapper().readValue(json.toFile(), Results.Report.class);
    String name = json.getFileName().toString().replaceFirst("\\.json$", "");
    Path md = json.resolveSibling(name + ".md");
    Files.writeString(md, Markdown.of(report), StandardCharsets.UTF_8);
    System.out.println("Wrote " + md);
    return 0;
  }
}
