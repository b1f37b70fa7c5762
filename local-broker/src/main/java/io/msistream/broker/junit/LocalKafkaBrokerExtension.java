package io.msistream.broker.junit;

import io.msistream.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real Kafka broker: one per test JVM, started on first use on a
 * free port with a temporary data folder, closed (and its folder deleted) when the test run ends.
 *
 * <pre>{@code
 * @ExtendWith(LocalKafkaBrokerExtension.class)
 * class MyTest {
 *   @Test void roundTrip(LocalKafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Tests share the broker, so each should use its own topic names (e.g. with a random suffix).
 */
public final class LocalKafkaBrokerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LocalKafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    return pc.getParameter().getType() == LocalKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    return broker(ec);
  }

  /** The shared broker of this test JVM, started if needed. */
  public static LocalKafkaBroker broker(ExtensionContext ec) {
    return ec.getRoot().getStore(NS).getOrComputeIfAbsent(
        LocalKafkaBroker.class, k -> startBroker(), LocalKafkaBroker.class);
  }

  private static LocalKafkaBroker startBroker() {
    try {
      return LocalKafkaBroker.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the test Kafka broker", e);
    }
  }
}
