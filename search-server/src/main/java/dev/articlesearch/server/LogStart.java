package dev.articlesearch.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * How logback starts, before the flags are read: plain lines at info, set up in code. logback finds
 * this class through {@code META-INF/services} and asks it before its own XML configurator, which
 * it then runs only for a file of the operator's own ({@code -Dlogback.configurationFile}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogStart extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (Logging.operatorsFile()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logging.apply(context, Logging.Format.PLAIN, Logging.Level.INFO);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
