package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.CryptoMessage;
import io.msistream.kex.DecryptionWaiter;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.StreamConfig;
import io.msistream.stream.kafka.KafkaClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted uploads with copies of the Python-provisioned nodes: oms_producer uploads,
 * oms_consumer decrypts with key-exchange's deserializer after a real key exchange.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class EncryptedUploadTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  @TempDir Path tmp;

  static Path copyNode(Path dir, String id) throws Exception {
    Path src = SharedVectors.node(id);
    Path dst = Files.createDirectories(dir.resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(src.resolve(id + ext), dst.resolve(id + ext));
    }
    return dst.resolve(id + ".config");
  }

  static Path encryptedConfig(Path dir, LocalKafkaBroker broker, Path nodeConfig)
      throws Exception {
    Path plain = TestKafka.config(dir, broker);
    return Files.writeString(plain, Files.readString(plain) + "\n[kafkacrypto]\nconfig_file = "
        + nodeConfig + "\n");
  }

  /** Decrypted chunks by relative path, via oms_consumer. */
  static final class Decrypted implements AutoCloseable {
    final KafkaClients clients;
    final org.apache.kafka.clients.consumer.Consumer<CryptoMessage<String>,
        CryptoMessage<DataFileChunk>> consumer;
    final DecryptionWaiter waiter = DecryptionWaiter.create(WAIT, Duration.ofSeconds(30));
    final Map<String, Map<Integer, DataFileChunk>> files = new HashMap<>();
    final List<String> keys = new ArrayList<>();

    Decrypted(Path config, String topic) throws Exception {
      clients = KafkaClients.open(StreamConfig.load(config, k -> null),
          ConfigDirs.of(k -> null, config.getParent(), Optional.empty()));
      consumer = clients.chunkMessageConsumer(Map.of("metadata.max.age.ms", 500));
      consumer.subscribe(List.of(topic));
    }

    void awaitFiles(List<String> rels, Map<String, byte[]> expected) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!rels.stream().allMatch(r -> rebuild(r) != null)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out; have " + files.keySet());
        }
        for (ConsumerRecord<CryptoMessage<String>, CryptoMessage<DataFileChunk>> r
            : consumer.poll(Duration.ofMillis(200))) {
          CryptoMessage<DataFileChunk> v = waiter.await(r.value());
          CryptoMessage<String> k = waiter.await(r.key());
          assertThat(v.isCleartext()).as("value decrypted: %s", v).isTrue();
          assertThat(k.isCleartext()).as("key decrypted: %s", k).isTrue();
          DataFileChunk c = v.cleartext().orElseThrow();
          assertThat(c.chunkHashMatches()).isTrue();
          keys.add(k.cleartext().orElseThrow());
          files.computeIfAbsent(c.relativePath(), x -> new HashMap<>()).put(c.chunkIndex(), c);
        }
      }
      for (String rel : rels) {
        assertThat(rebuild(rel)).as(rel).isEqualTo(expected.get(rel));
      }
    }

    byte[] rebuild(String rel) {
      Map<Integer, DataFileChunk> m = files.get(rel);
      if (m == null || m.isEmpty() || m.size() != m.values().iterator().next().totalChunks()) {
        return null;
      }
      long size = 0;
      for (DataFileChunk c : m.values()) {
        size = Math.max(size, c.chunkOffsetWrite() + c.dataLength());
      }
      byte[] out = new byte[(int) size];
      for (DataFileChunk c : m.values()) {
        c.data().get(out, (int) c.chunkOffsetWrite(), c.dataLength());
      }
      return out;
    }

    @Override
    public void close() {
      clients.close();
    }
  }

  /** The raw records: KafkaCrypto's format, neither the chunk message nor the key text. */
  static void assertCiphertextOnTheWire(LocalKafkaBroker broker, String topic, int atLeast) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("group.id", UUID.randomUUID().toString());
    p.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (got.size() < atLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).hasSizeGreaterThanOrEqualTo(atLeast);
      for (var r : got) {
        assertThat(r.key()[0]).isEqualTo((byte) 1);
        assertThat(r.value()[0]).isEqualTo((byte) 1);
        assertThat(new String(r.key(), StandardCharsets.ISO_8859_1)).doesNotContain("_chunk_");
        assertThat(r.value()[1]).isNotEqualTo((byte) 0x9a); // not a bare chunk array
      }
    }
  }

  @Test
  void uploadsATreeThatTheConsumerNodeDecrypts(LocalKafkaBroker broker) throws Exception {
    String topic = "test_oms_encrypted.up_" + UUID.randomUUID().toString().substring(0, 8);
    Path producerCfg = encryptedConfig(tmp, broker, copyNode(tmp, "oms_producer"));
    Path consumerCfg = encryptedConfig(tmp, broker, copyNode(tmp, "oms_consumer"));
    Path dir = Files.createDirectory(tmp.resolve("watched"));
    Map<String, byte[]> expected = new HashMap<>();
    List<String> rels = List.of("top.dat", "a/b/deep.bin", "name with space;x.dat",
        "ü/empty.dat");
    for (int i = 0; i < rels.size(); i++) {
      byte[] b = DataFileUploadDirectoryTest.random(rels.get(i).endsWith("empty.dat") ? 0
          : 30_000 * (i + 1), i);
      expected.put(rels.get(i), b);
      DataFileUploadDirectoryTest.write(dir, rels.get(i), b);
    }
    try (RunningUploader up = RunningUploader.start(dir.toString(), "--config",
        producerCfg.toString(), "--topic_name", topic, "--chunk_size", "16384",
        "--upload_existing", "--update_seconds", "-1", "--watchdog_lag_time", "1");
        Decrypted d = new Decrypted(consumerCfg, topic)) {
      d.awaitFiles(rels, expected);
      byte[] later = DataFileUploadDirectoryTest.random(50_000, 9);
      DataFileUploadDirectoryTest.write(dir, "new/later.bin", later);
      expected.put("new/later.bin", later);
      d.awaitFiles(List.of("new/later.bin"), expected);
      assertThat(d.keys).allMatch(k -> k.contains("_chunk_"));
      assertThat(up.quit(WAIT)).isZero();
      assertThat(up.output()).doesNotContain("ERROR");
    }
    assertCiphertextOnTheWire(broker, topic, 5);
  }

  @Test
  void uploadDataFileWarnsThatConsumersNeedTheProducer(LocalKafkaBroker broker)
      throws Exception {
    String topic = "test_oms_encrypted.one_" + UUID.randomUUID().toString().substring(0, 8);
    Path producerCfg = encryptedConfig(tmp, broker, copyNode(tmp, "oms_producer"));
    Path consumerCfg = encryptedConfig(tmp, broker, copyNode(tmp, "oms_consumer"));
    byte[] data = DataFileUploadDirectoryTest.random(100_000, 3);
    Path f = Files.write(tmp.resolve("one.dat"), data);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // the consumer starts first and stays subscribed, so it can ask while the producer runs
    try (Decrypted d = new Decrypted(consumerCfg, topic)) {
      d.consumer.poll(Duration.ofMillis(100));
      int status = UploadDataFile.run(new String[] {f.toString(), "--config",
          producerCfg.toString(), "--topic_name", topic, "--chunk_size", "16384",
          "--key_handoff_timeout", "2"},
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("Encrypted upload")
          .contains("key keeper").contains("waits up to 2.0 s")
          // no keeper runs here: the bounded wait ends with the node's warning
          .contains("NOT handed to a key keeper");
    }
    assertCiphertextOnTheWire(broker, topic, 7);
  }
}
