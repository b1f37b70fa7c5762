package io.msistream.tools.reproduce;

import io.msistream.crypto.ini.Ini;
import io.msistream.crypto.ini.IniDialect;
import io.msistream.crypto.ini.IniException;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.KafkaClientProperties;
import io.msistream.crypto.node.KafkaUse;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.StreamConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain producer settings for re-sending saved bytes, read from either kind of config file the tool
 * accepts: a KafkaCrypto node {@code .config} (its {@code producer} Kafka selection, spec §8.1, as
 * OpenMSIStream's tool reads it) or an OpenMSIStream config with a {@code [broker]} section.
 * Serializers are always byte arrays: nothing is re-encrypted.
 */
final class ProducerSettings {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerSettings.class);

  private ProducerSettings() {}

  static Map<String, Object> load(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException("config file " + file + " is not readable");
    }
    Map<String, Object> props = isStreamConfig(file) ? fromStreamConfig(file) : fromNodeConfig(file);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    if (!props.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
        || String.valueOf(props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isBlank()) {
      throw new ConfigException(file + ": no broker address (bootstrap.servers in [broker], or "
          + "bootstrap_servers in the node's -kafka section)");
    }
    return props;
  }

  /** An OpenMSIStream config is recognised by its {@code [broker]} section. */
  private static boolean isStreamConfig(Path file) throws ConfigException {
    try {
      Ini ini = Ini.parse(Files.readString(file, StandardCharsets.UTF_8), IniDialect.python(),
          file.toString());
      return ini.sections().contains(StreamConfig.BROKER);
    } catch (IniException e) {
      return false; // not Python-dialect INI: let the node reader report the problem
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> fromStreamConfig(Path file) throws ConfigException {
    StreamConfig config = StreamConfig.load(file);
    return new LinkedHashMap<>(config.producer().properties());
  }

  private static Map<String, Object> fromNodeConfig(Path file) throws ConfigException {
    try {
      NodeConfig node = NodeConfig.read(file);
      Map<String, ConfigValue> selected = node.kafkaConfig(KafkaUse.PRODUCER, null);
      KafkaClientProperties.Result r = KafkaClientProperties.fromKafkaPython(selected);
      for (String u : r.unmapped()) {
        LOG.warn("{}: Kafka setting '{}' has no Java client equivalent and is ignored", file, u);
      }
      return new LinkedHashMap<>(r.properties());
    } catch (NodeFileException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
