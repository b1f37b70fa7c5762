package io.msistream.tools.download;

import static io.msistream.tools.download.KafkaTestSupport.await;
import static io.msistream.tools.download.KafkaTestSupport.createTopic;
import static io.msistream.tools.download.KafkaTestSupport.hasContent;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.kex.NodeRuntime;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.DataFileChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted topics with the Python-provisioned interop nodes: producer {@code oms_producer} (and
 * {@code oms_prodcon}, whose keys nobody serves once it stops), consumer {@code oms_consumer}.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class EncryptedDownloadTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int CHUNK = 16 * 1024;

  @TempDir Path nodes;
  @TempDir Path src;
  @TempDir Path tmp;

  private static String group() {
    return "enc-" + UUID.randomUUID();
  }

  private static void sendEncrypted(KafkaProducer<Object, Object> p, String topic,
      List<DataFileChunk> chunks) throws Exception {
    for (DataFileChunk c : chunks) {
      p.send(new ProducerRecord<>(topic, c.messageKey().getBytes(StandardCharsets.UTF_8),
          ChunkEncoder.encode(c)));
    }
    p.flush();
  }

  @Test
  void encryptedRoundTrip(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "openmsitest.h6enc", 2);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (NodeRuntime producerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_producer"));
        KafkaProducer<Object, Object> p = EncryptedTestSupport.producer(broker, producerNode);
        NodeRuntime consumerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_consumer"))) {
      for (int i = 0; i < 3; i++) {
        String rel = "enc" + i + "/f" + i + ".bin";
        byte[] content = TestFiles.randomBytes(60 + i, 9 * CHUNK + 77 * i);
        files.put(rel, content);
        sendEncrypted(p, topic, TestFiles.chunksOf(src, rel, content, CHUNK,
            OptionalDouble.of(1e9)));
      }
      Path out = tmp.resolve("out");
      Downloader d = EncryptedTestSupport.downloader(
          KafkaTestSupport.consumerProps(broker, group()), consumerNode, out, topic, 2,
          EncryptedTestSupport.waiter(Duration.ofSeconds(60), Duration.ofSeconds(5)), false,
          KafkaTestSupport.fastSettings());
      try {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
          await(WAIT, e.getKey(), () -> hasContent(out.resolve(e.getKey()), e.getValue()));
        }
        assertThat(d.stats().undecryptable.get()).isZero();
        assertThat(out.resolve("ENCRYPTED_MESSAGES")).doesNotExist();
      } finally {
        d.close();
      }
    }
  }

  @Test
  void tamperedAndKeylessRecordsGoToEncryptedMessagesAndTheOtherFilesComplete(
      LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "openmsitest.h6keyless", 1);
    byte[] orphan = TestFiles.randomBytes(70, 3 * CHUNK);
    List<DataFileChunk> orphanChunks = TestFiles.chunksOf(src, "lost/orphan.bin", orphan, CHUNK,
        OptionalDouble.empty());
    // 1. records whose producer is gone before anyone asks for its keys
    try (NodeRuntime gone = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_prodcon"));
        KafkaProducer<Object, Object> p = EncryptedTestSupport.producer(broker, gone)) {
      sendEncrypted(p, topic, orphanChunks);
    }
    byte[] good = TestFiles.randomBytes(71, 5 * CHUNK);
    List<DataFileChunk> goodChunks = TestFiles.chunksOf(src, "ok/good.bin", good, CHUNK,
        OptionalDouble.empty());
    Path out = tmp.resolve("out");
    try (NodeRuntime producerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_producer"));
        KafkaProducer<Object, Object> p = EncryptedTestSupport.producer(broker, producerNode);
        KafkaProducer<byte[], byte[]> raw = KafkaTestSupport.producer(broker);
        NodeRuntime consumerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_consumer"))) {
      // 2. a record encrypted with a live producer's key, then tampered with
      byte[] wire = producerNode.encrypt(topic, Context.VALUE,
          ChunkEncoder.encode(goodChunks.get(0)));
      byte[] tampered = wire.clone();
      tampered[tampered.length - 5] ^= 0x20;
      byte[] key = producerNode.encrypt(topic, Context.KEY, "k".getBytes(StandardCharsets.UTF_8));
      raw.send(new ProducerRecord<>(topic, 0, key, tampered)).get(30, TimeUnit.SECONDS);
      // 3. the good file, and a plaintext record in the encrypted topic
      sendEncrypted(p, topic, goodChunks);
      byte[] plain = TestFiles.randomBytes(72, 100);
      List<DataFileChunk> plainChunk = TestFiles.chunksOf(src, "plain/p.bin", plain, CHUNK,
          OptionalDouble.empty());
      raw.send(KafkaTestSupport.record(topic, 0, plainChunk.get(0))).get(30, TimeUnit.SECONDS);

      int expectedAside = orphanChunks.size() + 2; // + tampered + plaintext
      Downloader d = EncryptedTestSupport.downloader(
          KafkaTestSupport.consumerProps(broker, group()), consumerNode, out, topic, 1,
          EncryptedTestSupport.waiter(Duration.ofSeconds(3), Duration.ofSeconds(1)), false,
          KafkaTestSupport.fastSettings());
      try {
        await(WAIT, "the good file", () -> hasContent(out.resolve("ok/good.bin"), good));
        await(WAIT, "all undecryptable records kept",
            () -> d.stats().undecryptable.get() == expectedAside);
      } finally {
        d.close();
      }
      assertThat(out.resolve("lost/orphan.bin")).doesNotExist();
      assertThat(out.resolve("plain/p.bin")).doesNotExist();
      Path enc = out.resolve("ENCRYPTED_MESSAGES");
      try (Stream<Path> s = Files.list(enc)) {
        List<Path> values = s.filter(f -> f.toString().endsWith("_value.bin")).toList();
        assertThat(values).hasSize(expectedAside);
        assertThat(values).allSatisfy(f -> assertThat(f.getFileName().toString())
            .startsWith("encrypted_message_from_" + topic + "_produced_on_"));
        assertThat(values.stream().map(EncryptedDownloadTest::read))
            .anySatisfy(b -> assertThat(b).isEqualTo(tampered));
      }

      // the same topic read with --treat_undecryptable_as_plaintext: the plaintext record is used
      Path out2 = tmp.resolve("out2");
      Downloader d2 = EncryptedTestSupport.downloader(
          KafkaTestSupport.consumerProps(broker, group()), consumerNode, out2, topic, 1,
          EncryptedTestSupport.waiter(Duration.ofSeconds(3), Duration.ofSeconds(1)), true,
          KafkaTestSupport.fastSettings());
      try {
        await(WAIT, "the plaintext file", () -> hasContent(out2.resolve("plain/p.bin"), plain));
        await(WAIT, "the good file", () -> hasContent(out2.resolve("ok/good.bin"), good));
        await(WAIT, "the encrypted leftovers",
            () -> d2.stats().undecryptable.get() == orphanChunks.size() + 1);
      } finally {
        d2.close();
      }
    }
  }

  @Test
  void aRecordEncryptedByPythonIsDecryptedAndCompletesItsFile(LocalKafkaBroker broker)
      throws Exception {
    io.msistream.crypto.json.JsonValue vectors =
        io.msistream.crypto.testing.SharedVectors.json("chunks/chunks.json");
    io.msistream.crypto.json.JsonValue enc = vectors.get("encrypted_chunk");
    io.msistream.crypto.json.JsonValue file = vectors.get("files").list().stream()
        .filter(f -> f.get("relative_path").str().equals("raw/run7/scan_0003.dat"))
        .findFirst().orElseThrow();
    String root = enc.get("root").str();
    String topic = createTopic(broker, root + ".h6py", 1);
    io.msistream.kex.keys.ReceivedKeyStore keys = io.msistream.kex.keys.ReceivedKeyStore.inMemory();
    // the key a real exchange with the Python producer delivered (recorded in the vectors)
    keys.put(root, new io.msistream.crypto.record.KeyIndex.Bin(enc.get("ki").get("bin").hex()),
        io.msistream.crypto.SecretBytes.copyOf(enc.get("K_R_hex").hex()));
    Path out = tmp.resolve("out");
    try (NodeRuntime producerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_producer"));
        KafkaProducer<byte[], byte[]> raw = KafkaTestSupport.producer(broker);
        NodeRuntime consumerNode = NodeRuntime.builder(
                EncryptedTestSupport.copyNode(nodes, "oms_consumer"))
            .kafkaProperties(Map.of("bootstrap.servers", broker.bootstrapServers()))
            .receivedKeys(keys).start()) {
      List<io.msistream.crypto.json.JsonValue> chunks = file.get("chunks").list();
      for (int i = 0; i < 2; i++) { // chunks 1 and 2: Python's plaintext, encrypted here
        byte[] value = Files.readAllBytes(io.msistream.crypto.testing.SharedVectors.interop(
            chunks.get(i).get("value_10_field_file").str()));
        raw.send(new ProducerRecord<>(topic, 0,
            producerNode.encrypt(topic, Context.KEY, chunks.get(i).get("key_hex").hex()),
            producerNode.encrypt(topic, Context.VALUE, value))).get(30, TimeUnit.SECONDS);
      }
      // chunk 3 exactly as the Python producer encrypted it
      raw.send(new ProducerRecord<>(topic, 0, enc.get("wire_key_hex").hex(),
          Files.readAllBytes(io.msistream.crypto.testing.SharedVectors.interop(
              enc.get("wire_value_file").str())))).get(30, TimeUnit.SECONDS);
      Downloader d = EncryptedTestSupport.downloader(
          KafkaTestSupport.consumerProps(broker, group()), consumerNode, out, topic, 1,
          EncryptedTestSupport.waiter(Duration.ofSeconds(60), Duration.ofSeconds(5)), false,
          KafkaTestSupport.fastSettings());
      try {
        await(WAIT, "the file", () -> d.stats().filesCompleted.get() == 1);
        assertThat(d.stats().undecryptable.get()).isZero();
      } finally {
        d.close();
      }
    } finally {
      keys.close();
    }
    byte[] rebuilt = Files.readAllBytes(out.resolve("raw/run7/scan_0003.dat"));
    assertThat(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-512").digest(rebuilt)))
        .isEqualTo(file.get("sha512_hex").str());
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
