package io.msistream.it;

import io.msistream.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The broker the scenarios share: one real local broker per test JVM, started on first use, with
 * its PLAINTEXT listener and a SASL_SSL listener (SASL/PLAIN, self-signed TLS) for one user whose
 * password is made up per run. Scenarios use their own topics and roots. A scenario that
 * restarts a broker starts its own instead.
 */
final class SuiteBroker implements ParameterResolver {
  /** The SASL user of the SASL_SSL listener. */
  static final String SASL_USER = "h10-lab-user";
  /** Its password (made up per run). */
  static final String SASL_PASSWORD = "pw-" + UUID.randomUUID();

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SuiteBroker.class);

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    return pc.getParameter().getType() == LocalKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    return ec.getRoot().getStore(NS).getOrComputeIfAbsent(LocalKafkaBroker.class, k -> start(),
        LocalKafkaBroker.class);
  }

  /**
   * Client quotas measured over 2 windows of 1 s instead of 11: a throttled client is held to its
   * rate after about a second, not after a burst of 10 s worth of data.
   */
  static LocalKafkaBroker.Options quotasOverOneSecond(LocalKafkaBroker.Options o) {
    return o.set("quota.window.num", "2").set("quota.window.size.seconds", "1");
  }

  private static LocalKafkaBroker start() {
    try {
      return LocalKafkaBroker.start(quotasOverOneSecond(LocalKafkaBroker.options())
          .saslSsl(0, Map.of(SASL_USER, SASL_PASSWORD)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the shared test broker", e);
    }
  }
}
