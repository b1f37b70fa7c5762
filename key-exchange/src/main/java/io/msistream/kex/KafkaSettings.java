package io.msistream.kex;

import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.KafkaClientProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka client settings of the management clients (KEY_EXCHANGE.md, start-up step 4): the
 * node's {@code get_kafka_config(use, "crypto")} selection translated to Java names by crypto-core
 * ({@link KafkaClientProperties}), then overlaid with the application's connection settings. When
 * the application gives {@code bootstrap.servers}, every connection setting comes from the
 * application alone: simple-provision writes {@code security_protocol : SSL} and a system CA path
 * into every node, which would turn a plaintext setup into a failing TLS one.
 */
final class KafkaSettings {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

  private KafkaSettings() {}

  /** The node's selection in Java names; empty values (Python's "unset") are left out. */
  static Map<String, Object> fromNode(Map<String, ConfigValue> node, String source) {
    KafkaClientProperties.Result r = KafkaClientProperties.fromKafkaPython(node);
    if (!r.unmapped().isEmpty()) {
      LOG.debug("{}: Kafka settings without a Java equivalent, ignored: {}", source, r.unmapped());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    r.properties().forEach((k, v) -> {
      if (!v.isEmpty() || k.equals("ssl.endpoint.identification.algorithm")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * The management client's settings: the node's overlaid with the application's connection
   * settings; the node's connection settings are dropped entirely when the application names
   * {@code bootstrap.servers}.
   */
  static Map<String, Object> overlay(Map<String, Object> node, Map<String, ?> application) {
    Map<String, Object> out = new LinkedHashMap<>(node);
    if (application.containsKey("bootstrap.servers")) {
      out.keySet().removeIf(KafkaSettings::isConnection);
    }
    for (Map.Entry<String, ?> e : application.entrySet()) {
      if (isConnection(e.getKey()) && e.getValue() != null) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Settings that say where and how to connect. */
  static boolean isConnection(String name) {
    return name.equals("bootstrap.servers") || name.equals("security.protocol")
        || name.startsWith("sasl.") || name.startsWith("ssl.") || name.equals("client.dns.lookup");
  }
}
