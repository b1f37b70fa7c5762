package io.msistream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaslSslListenerTest {

  @Test
  void clientsReachTheBrokerOverSaslSslWithTheSelfSignedCertificate(@TempDir Path dir) throws Exception {
    try (LocalKafkaBroker b = LocalKafkaBroker.start(LocalKafkaBroker.options().dataDir(dir)
        .saslSsl(0, Map.of("alice", "alice-s3cret\"x", "bob", "bob-pw")))) {
      String topic = "tls-" + UUID.randomUUID();
      Map<String, Object> alice = client(b, "alice", "alice-s3cret\"x");
      try (KafkaProducer<String, String> p = new KafkaProducer<>(alice, new StringSerializer(),
          new StringSerializer())) {
        p.send(new ProducerRecord<>(topic, "k", "over tls")).get();
      }
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(client(b, "bob", "bob-pw"),
          new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        String got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got == null && System.nanoTime() < deadline) {
          for (var r : c.poll(Duration.ofMillis(200))) {
            got = r.value();
          }
        }
        assertThat(got).isEqualTo("over tls");
      }
      Map<String, Object> wrong = client(b, "alice", "wrong");
      wrong.put("request.timeout.ms", 5000);
      wrong.put("default.api.timeout.ms", 10000);
      try (Admin admin = Admin.create(wrong)) {
        assertThatThrownBy(() -> admin.listTopics().names().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
      assertThat(b.caCertificate().orElseThrow()).exists().isRegularFile();
    }
  }

  @Test
  void usersComeFromTheEnvironmentSyntax() throws Exception {
    assertThat(LocalKafkaBrokerMain.parseUsers("a:x,b:y:z")).containsEntry("a", "x").containsEntry("b", "y:z");
    for (String bad : new String[] {null, "", "nopassword", ":x", "a:", "bad name:x"}) {
      assertThatThrownBy(() -> LocalKafkaBrokerMain.parseUsers(bad)).as(String.valueOf(bad))
          .isInstanceOf(org.apache.commons.cli.ParseException.class);
    }
  }

  private static Map<String, Object> client(LocalKafkaBroker b, String user, String password) {
    Map<String, Object> m = new HashMap<>();
    m.put("bootstrap.servers", b.saslSslBootstrapServers().orElseThrow());
    m.put("security.protocol", "SASL_SSL");
    m.put("sasl.mechanism", "PLAIN");
    m.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user + "\" password=\"" + password.replace("\"", "\\\"") + "\";");
    m.put("ssl.truststore.type", "PEM");
    m.put("ssl.truststore.location", b.caCertificate().orElseThrow().toString());
    return m;
  }
}
