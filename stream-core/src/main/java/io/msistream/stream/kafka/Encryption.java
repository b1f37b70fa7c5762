package io.msistream.stream.kafka;

import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.KafkaCryptoNode;
import io.msistream.stream.config.StreamConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The KafkaCrypto side of {@link KafkaClients}: one node runtime per program, and the serializer
 * wrapping that encrypts keys and values with it.
 */
final class Encryption implements AutoCloseable {
  private Encryption() {}

  /**
   * Starts the node runtime of {@code node}.
   *
   * @throws ConfigException the node cannot be used (never a silent fallback to plain clients)
   */
  static Encryption start(KafkaCryptoNode node, StreamConfig config) throws ConfigException {
    throw new ConfigException(config.file() + ", section [kafkacrypto]: end-to-end encryption"
        + " (node '" + node.nodeId() + "') is not yet available in this build; refusing to run"
        + " without it (remove [kafkacrypto] to send and receive plaintext)");
  }

  /** {@code inner} followed by encryption for {@code isKey} records. */
  <T> Serializer<T> wrap(Serializer<T> inner, boolean isKey) {
    throw new IllegalStateException("not started");
  }

  @Override
  public void close() {}
}
