package dev.articlesearch.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The log's format and level, chosen on the command line: logback reconfigured from {@code
 * logback.xml} (plain lines, what it reads by itself at start) or {@code logback-json.xml} (one
 * JSON object per line), with the level of the server's own loggers; java.util.logging (Lucene's)
 * sent to the same log.
 */
final class Logging {
  /** How each line is written. */
  enum Format {
    PLAIN("/logback.xml"),
    JSON("/logback-json.xml");

    final String resource;

    Format(String resource) {
      this.resource = resource;
    }
  }

  /** The levels the server's loggers can be set to; {@code debug} adds each request's query. */
  enum Level {
    ERROR, WARN, INFO, DEBUG
  }

  /** The context property logback*.xml read the server's level from. */
  static final String LEVEL_PROPERTY = "articlesearch.log.level";

  /**
   * Reconfigures logging. Does nothing when {@code -Dlogback.configurationFile} names a file of
   * the operator's own: that file decides.
   *
   * @return false when the operator's file was left in charge
   */
  static boolean configure(Format format, Level level) {
    if (System.getProperty("logback.configurationFile") != null) {
      return false;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    URL config = Logging.class.getResource(format.resource);
    if (config == null) {
      throw new IllegalStateException("Missing resource " + format.resource);
    }
    context.reset();
    context.putProperty(LEVEL_PROPERTY, level.name().toLowerCase(Locale.ROOT));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("Cannot configure logging from " + format.resource, e);
    }
    // Lucene writes to java.util.logging: its lines join this log, in its format.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    return true;
  }

  private Logging() {}
}
