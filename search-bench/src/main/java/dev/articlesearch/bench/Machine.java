package dev.articlesearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Describes the machine the figures come from (Linux /proc). */
final class Machine {
  private Machine() {}

  static Results.Machine describe() {
    String cpu = field(lines("/proc/cpuinfo"), "model name");
    String mem = field(lines("/proc/meminfo"), "MemTotal");
    double gb = mem.isEmpty() ? -1 : Long.parseLong(mem.replaceAll("\\D", "")) / 1024.0 / 1024.0;
    return new Results.Machine(cpu, Runtime.getRuntime().availableProcessors(), Math.round(gb * 10) / 10.0,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String field(List<String> lines, String name) {
    return lines.stream().filter(l -> l.startsWith(name)).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
  }
}
