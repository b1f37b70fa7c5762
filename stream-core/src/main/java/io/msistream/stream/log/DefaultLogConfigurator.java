package io.msistream.stream.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration when no {@code logback-test.xml}/{@code logback.xml} or
 * {@code -Dlogback.configurationFile} is present: console INFO in the OpenMSIStream format, Kafka
 * loggers at WARN (instead of logback's built-in DEBUG-to-stdout). Tools replace it with
 * {@link Logs#configure} once their options are parsed. Registered through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = DefaultLogConfigurator.class.getClassLoader();
    }
    if (System.getProperty("logback.configurationFile") != null
        || cl.getResource("logback-test.xml") != null || cl.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // an explicit configuration wins
    }
    Logs.configureDefault(ctx, "msistream");
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
