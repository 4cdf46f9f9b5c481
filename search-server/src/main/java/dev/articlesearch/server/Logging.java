package dev.articlesearch.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The log's format and level, chosen on the command line: plain lines (also what logback starts
 * with, through {@link LogStart}) or one JSON object per line, with the level of the server's own
 * loggers; java.util.logging (Lucene's) sent to the same log. Set up in code rather than from an
 * XML file: logback read its XML file at start and again for the flags, with the JDK's XML parser,
 * and that took the main thread about 0.2 s of every start on the seeds, against 0.1 s now.
 */
final class Logging {
  /** How each line is written. */
  enum Format {
    /** "2026-12-05 19:30:00.123 [INFO] SearchServer - GET /api/search 200 1.2ms". */
    PLAIN,
    /**
     * One JSON object per line with time, level, logger, thread and message; a request's line adds
     * method, route, status, ms and (for a search) results, and the query at debug level; an
     * exception adds stack_trace, the whole trace as one string.
     */
    JSON
  }

  /** The levels the server's loggers can be set to; {@code debug} adds each request's query. */
  enum Level {
    ERROR, WARN, INFO, DEBUG
  }

  /**
   * Loggers quieter than the rest: Jetty and Javalin speak only when something is wrong; with the
   * semantic flag, DJL's tokenizers say at INFO where they unpack, and its CUDA probe warns on every
   * host without an NVIDIA driver that it found none (the models run on the CPU here).
   */
  private static final Map<String, ch.qos.logback.classic.Level> QUIETER = Map.of(
      "org.eclipse.jetty", ch.qos.logback.classic.Level.WARN,
      "io.javalin", ch.qos.logback.classic.Level.WARN,
      "ai.djl", ch.qos.logback.classic.Level.WARN,
      "ai.djl.util.cuda.CudaUtils", ch.qos.logback.classic.Level.ERROR);

  /** The server's own loggers, whose level the level flag sets. */
  private static final String OWN_LOGGERS = "dev.articlesearch";

  /** The system property naming an operator's own logback file. */
  static final String OPERATORS_FILE = "logback.configurationFile";

  /**
   * True when {@code -Dlogback.configurationFile} names a file of the operator's own that logback
   * can find (as it looks: a URL, a class-path resource, or a file): that file decides. Named but
   * not found, logback would fall back to its bare default (everything at debug, on stdout, where
   * the server prints its own lines), so the built-in set-up stays, and says why.
   */
  static boolean operatorsFile() {
    String name = System.getProperty(OPERATORS_FILE);
    if (name == null || name.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(name);
      if (uri.getScheme() != null && uri.getScheme().length() > 1) { // not a Windows drive letter
        uri.toURL();
        return true;
      }
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      // not a URL: a resource or a file, as logback tries next
    }
    if (Logging.class.getClassLoader().getResource(name) != null) {
      return true;
    }
    try {
      return Files.isRegularFile(Path.of(name));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Reconfigures logging, unless the operator's own file is in charge. Either way Lucene's
   * java.util.logging lines join this log, in its format.
   *
   * @return false when the operator's file was left in charge
   */
  static boolean configure(Format format, Level level) {
    boolean ours = !operatorsFile();
    if (ours) {
      apply((LoggerContext) LoggerFactory.getILoggerFactory(), format, level);
      String named = System.getProperty(OPERATORS_FILE);
      if (named != null) {
        LoggerFactory.getLogger(Logging.class).warn("-D{}={} names no URL, class-path resource or"
            + " file: the built-in log format is used", OPERATORS_FILE, named);
      }
    }
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    return ours;
  }

  /** Sets {@code context} up from scratch: one appender on stderr, in {@code format}. */
  static void apply(LoggerContext context, Format format, Level level) {
    context.reset();
    Encoder<ILoggingEvent> encoder = format == Format.JSON ? json() : plain();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    root.addAppender(stderr);
    QUIETER.forEach((name, quieter) -> context.getLogger(name).setLevel(quieter));
    context.getLogger(OWN_LOGGERS).setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
  }

  private static Encoder<ILoggingEvent> plain() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} [%level] %logger{0} - %msg%n");
    encoder.setCharset(StandardCharsets.UTF_8);
    return encoder;
  }

  private static Encoder<ILoggingEvent> json() {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setIncludeContext(false);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setTimestamp("time");
    names.setLogger("logger");
    names.setThread("thread");
    names.setVersion(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
    names.setLevelValue(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
    return encoder;
  }

  private Logging() {}
}
