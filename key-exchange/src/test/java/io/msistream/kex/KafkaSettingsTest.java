package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.KafkaUse;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.testing.SharedVectors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Management client settings: node selection in Java names, then the application's connection. */
class KafkaSettingsTest {

  @Test
  void theApplicationsBootstrapServersReplaceEveryNodeConnectionSetting() throws Exception {
    NodeConfig c = NodeConfig.read(SharedVectors.node("oms_producer").resolve("oms_producer.config"));
    Map<String, Object> node = KafkaSettings.fromNode(c.kafkaConfig(KafkaUse.CONSUMER, "crypto"), "x");
    // simple-provision's SSL lines are there, the empty bootstrap_servers is not
    assertThat(node).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/usr/lib/ssl/certs/ca-certificates.crt")
        .doesNotContainKey("bootstrap.servers");
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("bootstrap.servers", "127.0.0.1:9092");
    app.put("group.id", "application-group");
    app.put("max.poll.records", 10);
    Map<String, Object> merged = KafkaSettings.overlay(node, app);
    assertThat(merged).containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .doesNotContainKeys("security.protocol", "ssl.truststore.location", "ssl.truststore.type",
            "max.poll.records");
  }

  @Test
  void withoutApplicationServersTheNodesConnectionIsUsedAndExtended() {
    Map<String, ConfigValue> sel = new LinkedHashMap<>();
    sel.put("bootstrap_servers", new ConfigValue.TextValue("broker:9093"));
    sel.put("security_protocol", new ConfigValue.TextValue("SASL_SSL"));
    sel.put("sasl_mechanism", new ConfigValue.TextValue("PLAIN"));
    sel.put("sasl_plain_username", new ConfigValue.TextValue("user"));
    sel.put("sasl_plain_password", new ConfigValue.TextValue("pa\"ss"));
    sel.put("linger_ms", ConfigValue.IntValue.of(5));
    sel.put("client_id", new ConfigValue.TextValue(""));
    Map<String, Object> node = KafkaSettings.fromNode(sel, "x");
    assertThat(node).containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("linger.ms", "5").doesNotContainKey("client.id");
    assertThat(String.valueOf(node.get("sasl.jaas.config"))).contains("PlainLoginModule")
        .contains("username=\"user\"").contains("password=\"pa\\\"ss\"");
    Map<String, Object> merged = KafkaSettings.overlay(node, Map.of("ssl.truststore.location", "/ca.pem"));
    assertThat(merged).containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("ssl.truststore.location", "/ca.pem").containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void topicNamesFollowTheNodesSeparatorAndSuffixes() {
    TopicNames n = new TopicNames(".", ".subs", ".keys", ".reqs");
    assertThat(n.root("a.b.c")).isEqualTo("a");
    assertThat(n.allOf("a")).containsExactly("a.keys", "a.reqs", "a.subs");
    assertThat(n.rootOfSubs("a.subs")).isEqualTo("a");
    assertThat(n.rootOfSubs("a.b.subs")).isNull();
    assertThat(n.rootOfSubs(".subs")).isNull();
    assertThat(n.rootOfSubs("a.keys")).isNull();
  }
}
