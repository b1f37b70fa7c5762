package io.msistream.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** One test per row of KafkaNameTable, plus the generic rules. */
class KafkaPropertiesTest {
  @TempDir static Path tmp;

  static List<Setting> settings(String section, String... kv) {
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.add(new Setting("t.config", i / 2 + 1, section, kv[i], kv[i + 1]));
    }
    return out;
  }

  static KafkaProperties.Translation tr(ClientRole role, String... kv) throws ConfigException {
    return KafkaProperties.translate(settings("producer", kv), role);
  }

  static Map<String, Object> props(ClientRole role, String... kv) throws ConfigException {
    return tr(role, kv).properties();
  }

  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /** Every table row must have an entry here. */
  private static Map<String, Check> rowChecks() throws Exception {
    Path ca = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Path cert = Files.writeString(tmp.resolve("client.pem"), "CERT");
    Path key = Files.writeString(tmp.resolve("client.key"), "KEY");
    Path p12 = Files.writeString(tmp.resolve("ks.p12"), "P12");
    Map<String, Check> m = new LinkedHashMap<>();
    Check sasl = () -> {
      assertThat(props(ClientRole.PRODUCER, "sasl.username", "u\"ser", "sasl.password", "p\\w"))
          .containsEntry("sasl.mechanism", "PLAIN")
          .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
              + " required username=\"u\\\"ser\" password=\"p\\\\w\";");
      assertThat(props(ClientRole.CONSUMER, "sasl.mechanism", "scram-sha-512",
          "sasl.username", "u", "sasl.password", "p"))
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
              + " required username=\"u\" password=\"p\";");
      assertThatThrownBy(() -> props(ClientRole.ADMIN, "sasl.username", "u"))
          .hasMessageContaining("must be given together").hasMessageContaining("'sasl.username'");
      assertThatThrownBy(() -> props(ClientRole.ADMIN, "sasl.mechanism", "GSSAPI",
          "sasl.username", "u", "sasl.password", "secret"))
          .hasMessageContaining("PLAIN or SCRAM").hasMessageNotContaining("secret");
      KafkaProperties.Translation explicit = tr(ClientRole.ADMIN, "sasl.username", "u",
          "sasl.password", "p", "sasl.jaas.config", "X required;");
      assertThat(explicit.properties()).containsEntry("sasl.jaas.config", "X required;");
      assertThat(explicit.dropped()).hasSize(2);
    };
    m.put("sasl.username", sasl);
    m.put("sasl.password", sasl);
    m.put("sasl.mechanisms", () -> assertThat(props(ClientRole.ADMIN, "sasl.mechanisms", "PLAIN"))
        .containsEntry("sasl.mechanism", "PLAIN"));
    m.put("sasl.mechanism", () -> assertThat(props(ClientRole.ADMIN, "sasl.mechanism", "plain"))
        .containsEntry("sasl.mechanism", "PLAIN"));
    m.put("security.protocol", () -> assertThat(props(ClientRole.CONSUMER,
        "security.protocol", "sasl_ssl")).containsEntry("security.protocol", "SASL_SSL"));
    m.put("ssl.ca.location", () -> {
      assertThat(props(ClientRole.PRODUCER, "ssl.ca.location", ca.toString()))
          .containsEntry("ssl.truststore.location", ca.toString())
          .containsEntry("ssl.truststore.type", "PEM");
      KafkaProperties.Translation probe = tr(ClientRole.PRODUCER, "ssl.ca.location", "probe");
      assertThat(probe.properties()).isEmpty();
      assertThat(probe.dropped()).singleElement().asString().contains("JVM default truststore");
      assertThatThrownBy(() -> props(ClientRole.PRODUCER, "ssl.ca.location", "/no/ca.pem"))
          .hasMessageContaining("does not exist");
    });
    m.put("ssl.ca.pem", () -> assertThat(props(ClientRole.PRODUCER, "ssl.ca.pem", "PEMTEXT"))
        .containsEntry("ssl.truststore.certificates", "PEMTEXT")
        .containsEntry("ssl.truststore.type", "PEM"));
    Check clientPemFiles = () -> assertThat(props(ClientRole.CONSUMER,
        "ssl.certificate.location", cert.toString(), "ssl.key.location", key.toString()))
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY").containsEntry("ssl.keystore.type", "PEM");
    m.put("ssl.certificate.location", clientPemFiles);
    m.put("ssl.key.location", clientPemFiles);
    Check clientPem = () -> assertThat(props(ClientRole.CONSUMER,
        "ssl.certificate.pem", "C", "ssl.key.pem", "K"))
        .containsEntry("ssl.keystore.certificate.chain", "C")
        .containsEntry("ssl.keystore.key", "K").containsEntry("ssl.keystore.type", "PEM");
    m.put("ssl.certificate.pem", clientPem);
    m.put("ssl.key.pem", clientPem);
    m.put("ssl.keystore.location", () -> assertThat(props(ClientRole.PRODUCER,
        "ssl.keystore.location", p12.toString(), "ssl.keystore.password", "pw"))
        .containsEntry("ssl.keystore.location", p12.toString())
        .containsEntry("ssl.keystore.type", "PKCS12")
        .containsEntry("ssl.keystore.password", "pw"));
    m.put("ssl.endpoint.identification.algorithm", () -> {
      assertThat(props(ClientRole.PRODUCER, "ssl.endpoint.identification.algorithm", "none"))
          .containsEntry("ssl.endpoint.identification.algorithm", "");
      assertThat(props(ClientRole.PRODUCER, "ssl.endpoint.identification.algorithm", "https"))
          .containsEntry("ssl.endpoint.identification.algorithm", "https");
    });
    m.put("message.max.bytes", () -> {
      assertThat(props(ClientRole.PRODUCER, "message.max.bytes", "2000000.0"))
          .containsEntry("max.request.size", 2000000);
      assertThat(tr(ClientRole.CONSUMER, "message.max.bytes", "5").properties()).isEmpty();
    });
    m.put("queue.buffering.max.kbytes", () -> assertThat(props(ClientRole.PRODUCER,
        "queue.buffering.max.kbytes", "1048576")).containsEntry("buffer.memory", 1073741824L));
    m.put("queue.buffering.max.ms", () -> assertThat(props(ClientRole.PRODUCER,
        "queue.buffering.max.ms", "100")).containsEntry("linger.ms", 100L));
    m.put("compression.codec", () -> assertThat(props(ClientRole.PRODUCER,
        "compression.codec", "lz4")).containsEntry("compression.type", "lz4"));
    m.put("request.required.acks", () -> assertThat(props(ClientRole.PRODUCER,
        "request.required.acks", "all")).containsEntry("acks", "all"));
    m.put("message.send.max.retries", () -> assertThat(props(ClientRole.PRODUCER,
        "message.send.max.retries", "5")).containsEntry("retries", 5));
    m.put("message.timeout.ms", () -> assertThat(props(ClientRole.PRODUCER,
        "message.timeout.ms", "300000")).containsEntry("delivery.timeout.ms", 300000));
    m.put("fetch.wait.max.ms", () -> assertThat(props(ClientRole.CONSUMER,
        "fetch.wait.max.ms", "500")).containsEntry("fetch.max.wait.ms", 500));
    m.put("fetch.message.max.bytes", () -> assertThat(props(ClientRole.CONSUMER,
        "fetch.message.max.bytes", "1048576")).containsEntry("max.partition.fetch.bytes", 1048576));
    m.put("topic.metadata.refresh.interval.ms", () -> assertThat(props(ClientRole.ADMIN,
        "topic.metadata.refresh.interval.ms", "60000")).containsEntry("metadata.max.age.ms", 60000L));
    m.put("socket.receive.buffer.bytes", () -> assertThat(props(ClientRole.CONSUMER,
        "socket.receive.buffer.bytes", "65536")).containsEntry("receive.buffer.bytes", 65536));
    m.put("socket.send.buffer.bytes", () -> assertThat(props(ClientRole.PRODUCER,
        "socket.send.buffer.bytes", "131072")).containsEntry("send.buffer.bytes", 131072));
    m.put("auto.offset.reset", () -> {
      for (String[] c : new String[][] {{"smallest", "earliest"}, {"beginning", "earliest"},
          {"earliest", "earliest"}, {"largest", "latest"}, {"end", "latest"},
          {"latest", "latest"}, {"none", "none"}, {"error", "none"}}) {
        assertThat(props(ClientRole.CONSUMER, "auto.offset.reset", c[0]))
            .containsEntry("auto.offset.reset", c[1]);
      }
      assertThatThrownBy(() -> props(ClientRole.CONSUMER, "auto.offset.reset", "sometimes"))
          .isInstanceOf(ConfigException.class);
    });
    m.put("group.id", () -> {
      String a = (String) props(ClientRole.CONSUMER, "group.id", "create_new").get("group.id");
      String b = (String) props(ClientRole.CONSUMER, "group.id", "create_new").get("group.id");
      assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
          .isNotEqualTo(b);
      assertThat(props(ClientRole.CONSUMER, "group.id", "lab")).containsEntry("group.id", "lab");
    });
    m.put("key.serializer", () -> assertThat(props(ClientRole.PRODUCER,
        "key.serializer", "StringSerializer")).containsEntry("key.serializer",
        "org.apache.kafka.common.serialization.StringSerializer"));
    m.put("value.serializer", () -> {
      assertThat(props(ClientRole.PRODUCER, "value.serializer", "DataFileChunkSerializer"))
          .containsEntry("value.serializer", "io.msistream.stream.chunk.DataFileChunkSerializer");
      assertThat(props(ClientRole.PRODUCER, "value.serializer", "DoubleSerializer"))
          .containsEntry("value.serializer", "org.apache.kafka.common.serialization.DoubleSerializer");
      assertThat(props(ClientRole.PRODUCER, "value.serializer",
          "org.apache.kafka.common.serialization.ByteArraySerializer")).containsEntry(
          "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
      assertThat(props(ClientRole.PRODUCER, "value.serializer",
          "openmsistream.kafka_wrapper.serialization.DataFileChunkSerializer")).containsEntry(
          "value.serializer", "io.msistream.stream.chunk.DataFileChunkSerializer");
      assertThatThrownBy(() -> props(ClientRole.PRODUCER, "value.serializer", "Pickle"))
          .hasMessageContaining("unknown (de)serializer 'Pickle'")
          .hasMessageContaining("DataFileChunkSerializer");
    });
    m.put("key.deserializer", () -> assertThat(props(ClientRole.CONSUMER,
        "key.deserializer", "IntegerDeserializer")).containsEntry("key.deserializer",
        "org.apache.kafka.common.serialization.IntegerDeserializer"));
    m.put("value.deserializer", () -> assertThat(props(ClientRole.CONSUMER,
        "value.deserializer", "DataFileChunkDeserializer")).containsEntry("value.deserializer",
        "io.msistream.stream.chunk.DataFileChunkDeserializer"));
    m.put("partition.assignment.strategy", () -> assertThat(props(ClientRole.CONSUMER,
        "partition.assignment.strategy", "range, cooperative-sticky"))
        .containsEntry("partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.RangeAssignor,"
                + "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
    m.put("node_id", () -> {
      KafkaProperties.Translation t = tr(ClientRole.PRODUCER, "node_id", "testing_node");
      assertThat(t.properties()).isEmpty();
      assertThat(t.dropped()).singleElement().asString().contains("node_id")
          .doesNotContain("testing_node");
    });
    for (String name : KafkaNameTable.rows().keySet()) {
      if (!m.containsKey(name) && KafkaNameTable.row(name).kind() == KafkaNameTable.Kind.DROP) {
        m.put(name, () -> {
          for (ClientRole role : ClientRole.values()) {
            KafkaProperties.Translation t = tr(role, name, "1");
            assertThat(t.properties()).as(name).isEmpty();
            assertThat(t.dropped()).singleElement().asString().contains(name);
          }
        });
      }
    }
    return m;
  }

  @TestFactory
  List<DynamicTest> oneTestPerTableRow() throws Exception {
    Map<String, Check> checks = rowChecks();
    assertThat(checks.keySet()).containsExactlyInAnyOrderElementsOf(KafkaNameTable.rows().keySet());
    List<DynamicTest> tests = new ArrayList<>();
    checks.forEach((name, check) -> tests.add(DynamicTest.dynamicTest(name, check::run)));
    return tests;
  }

  @Test
  void knownJavaNamesPassThroughWithTypedValues() throws Exception {
    assertThat(props(ClientRole.PRODUCER, "bootstrap.servers", "h:9092", "batch.size", "2000000.0",
        "linger.ms", "100", "enable.idempotence", "False", "max.request.size", "2e6",
        "buffer.memory", "1_000_000", "compression.type", "lz4"))
        .containsExactly(Map.entry("bootstrap.servers", "h:9092"),
            Map.entry("batch.size", 2000000), Map.entry("linger.ms", 100L),
            Map.entry("enable.idempotence", false), Map.entry("max.request.size", 2000000),
            Map.entry("buffer.memory", 1000000L), Map.entry("compression.type", "lz4"));
    assertThat(props(ClientRole.CONSUMER, "enable.auto.commit", "True", "fetch.min.bytes",
        "100000", "check.crcs", "no")).containsEntry("enable.auto.commit", true)
        .containsEntry("fetch.min.bytes", 100000).containsEntry("check.crcs", false);
  }

  @Test
  void unknownNamesAreDroppedNotPassed() throws Exception {
    KafkaProperties.Translation t = tr(ClientRole.CONSUMER, "batch.size", "5", "made.up", "x");
    assertThat(t.properties()).isEmpty();
    assertThat(t.dropped()).hasSize(2).allSatisfy(s -> assertThat(s).contains("not a Java consumer property"));
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> props(ClientRole.PRODUCER, "linger.ms", "1.5"))
        .hasMessage("t.config, line 1, section [producer], option 'linger.ms': expected a whole"
            + " number, not a fraction");
    assertThatThrownBy(() -> props(ClientRole.PRODUCER, "batch.size", "lots"))
        .hasMessageContaining("expected a whole number");
    assertThatThrownBy(() -> props(ClientRole.PRODUCER, "batch.size", "1e12"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> props(ClientRole.PRODUCER, "enable.idempotence", "maybe"))
        .hasMessageContaining("boolean");
  }

  @Test
  void laterSectionsOverrideEarlierOnes() throws Exception {
    List<Setting> s = new ArrayList<>(settings("broker", "client.id", "a", "linger.ms", "5"));
    s.addAll(settings("producer", "client.id", "b"));
    assertThat(KafkaProperties.translate(s, ClientRole.PRODUCER).properties())
        .containsEntry("client.id", "b").containsEntry("linger.ms", 5L);
  }

  @Test
  void readmeDocumentsEveryRow() throws Exception {
    String readme = Files.readString(StreamConfigFilesTest.configFilesDir().resolve("README.md"));
    Set<String> missing = new TreeSet<>();
    for (String name : KafkaNameTable.rows().keySet()) {
      if (!readme.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(missing).isEmpty();
  }
}
