package io.msistream.stream.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Which Java Kafka client a set of properties is for; decides which names it understands. */
public enum ClientRole {
  PRODUCER,
  CONSUMER,
  ADMIN;

  private ConfigDef def;

  /** The Java client's own definition of its properties (names and types). */
  public synchronized ConfigDef configDef() {
    if (def == null) {
      def = switch (this) {
        case PRODUCER -> ProducerConfig.configDef();
        case CONSUMER -> ConsumerConfig.configDef();
        case ADMIN -> AdminClientConfig.configDef();
      };
    }
    return def;
  }

  /** The Java type of {@code name} for this client, or null if the client does not know it. */
  public ConfigDef.Type typeOf(String name) {
    ConfigDef.ConfigKey k = configDef().configKeys().get(name);
    return k == null ? null : k.type;
  }
}
