package io.msistream.stream.kafka;

import io.msistream.kex.KafkaCryptoDeserializer;
import io.msistream.kex.KafkaCryptoSerializer;
import io.msistream.kex.KeyExchangeTopicsException;
import io.msistream.kex.NodeRuntime;
import io.msistream.kex.NodeRuntimes;
import io.msistream.kex.NodeStartException;
import io.msistream.kex.CryptoMessage;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.KafkaCryptoNode;
import io.msistream.stream.config.StreamConfig;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The KafkaCrypto side of {@link KafkaClients}: one node runtime per program (shared through
 * {@link NodeRuntimes}, so serdes configured by class name elsewhere in the process use the same
 * one), and the serdes that encrypt and decrypt with it.
 */
final class Encryption implements AutoCloseable {
  private final NodeRuntimes.Lease lease;

  private Encryption(NodeRuntimes.Lease lease) {
    this.lease = lease;
  }

  /**
   * Starts (or joins) the node runtime of {@code node}; its management clients use the config's
   * {@code [broker]} connection settings.
   *
   * @throws ConfigException the node cannot start (never a silent fallback to plain clients)
   */
  static Encryption start(KafkaCryptoNode node, StreamConfig config) throws ConfigException {
    Map<String, Object> connection = config.admin().properties();
    try {
      return new Encryption(NodeRuntimes.acquire(node.configFile(),
          NodeRuntime.builder(node.configFile()).kafkaProperties(connection)));
    } catch (NodeStartException e) {
      throw new ConfigException(config.file() + ", section [kafkacrypto]: KafkaCrypto node '"
          + node.nodeId() + "' cannot start: " + e.getMessage(), e);
    }
  }

  NodeRuntime runtime() {
    return lease.runtime();
  }

  /** {@code inner} followed by encryption for {@code isKey} records. */
  @SuppressWarnings("unchecked")
  <T> Serializer<T> wrap(Serializer<T> inner, boolean isKey) {
    return (Serializer<T>) (Serializer<?>) new KafkaCryptoSerializer(runtime(), inner, isKey);
  }

  /** Decryption followed by {@code inner}. */
  <T> Deserializer<CryptoMessage<T>> unwrap(Deserializer<T> inner, boolean isKey) {
    return new KafkaCryptoDeserializer<>(runtime(), inner, isKey);
  }

  /** Makes sure the key-exchange topics of {@code topic}'s root exist. */
  void ensureTopics(String topic) throws KafkaSetupException {
    try {
      runtime().ensureTopics(runtime().rootOf(topic));
    } catch (KeyExchangeTopicsException e) {
      throw new KafkaSetupException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    lease.close();
  }
}
