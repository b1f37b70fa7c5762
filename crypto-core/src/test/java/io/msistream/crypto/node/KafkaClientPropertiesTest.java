package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

  @Test
  void translatesTheSelectionSampleForJavaClients() throws Exception {
    JsonValue sample = SharedVectors.json("files.json").get("config_samples").list().stream()
        .filter(s -> s.get("name").str().equals("kafka_config_selection")).findFirst().orElseThrow();
    NodeConfig c = NodeConfig.parse(sample.get("text").str(), "selection");
    KafkaClientProperties.Result r = KafkaClientProperties.fromKafkaPython(
        c.kafkaConfig(KafkaUse.CONSUMER, "crypto"));
    assertThat(r.properties()).containsExactly(
        entry("bootstrap.servers", "b1:9093,b2:9093"),
        entry("security.protocol", "SASL_SSL"),
        entry("ssl.truststore.type", "PEM"),
        entry("ssl.truststore.location", "ca-bundle.pem"),
        entry("sasl.mechanism", "PLAIN"),
        entry("sasl.kerberos.service.name", "kafka"),
        entry("max.poll.records", "100"),
        entry("max.request.size", "1048576"),
        entry("group.id", "custom-group"),
        entry("fetch.max.wait.ms", "200"),
        entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"user\" password=\"secret\";"));
    assertThat(r.unmapped()).isEmpty();
  }

  @Test
  void scramQuotingSslAndPythonOnlySettings() {
    Map<String, ConfigValue> in = new LinkedHashMap<>();
    in.put("sasl_mechanism", new ConfigValue.TextValue("SCRAM-SHA-512"));
    in.put("sasl_plain_username", new ConfigValue.TextValue("u\"x"));
    in.put("sasl_plain_password", new ConfigValue.TextValue("p\\w"));
    in.put("ssl_certfile", new ConfigValue.TextValue("c.pem"));
    in.put("ssl_keyfile", new ConfigValue.TextValue("k.pem"));
    in.put("ssl_check_hostname", new ConfigValue.BoolValue(false));
    in.put("api_version", new ConfigValue.TextValue("2.8"));
    in.put("batch_size", new ConfigValue.FloatValue(16384.0));
    in.put("enable_auto_commit", new ConfigValue.BoolValue(true));
    in.put("weird", new ConfigValue.BytesValue(new byte[] {1}));
    KafkaClientProperties.Result r = KafkaClientProperties.fromKafkaPython(in);
    assertThat(r.properties()).containsEntry("sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\\\"x\""
            + " password=\"p\\\\w\";")
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("batch.size", "16384")
        .containsEntry("enable.auto.commit", "true")
        .doesNotContainKey("ssl.keystore.location");
    assertThat(r.unmapped()).containsExactly("ssl_certfile", "ssl_keyfile", "api_version", "weird");
  }
}
