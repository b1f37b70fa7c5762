package io.msistream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.ChunkPlan;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.chunk.ChunkReader;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.config.ClientRole;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.StreamConfig;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalKafkaBrokerExtension.class)
class KafkaClientsTest {
  @TempDir Path tmp;

  private StreamConfig config(String bootstrap, String extra) throws Exception {
    Path f = tmp.resolve("t_" + UUID.randomUUID() + ".config");
    Files.writeString(f, "[broker]\nbootstrap.servers = " + bootstrap + "\n"
        + "[producer]\nlinger.ms = 5\ncompression.type = lz4\n"
        + "key.serializer = StringSerializer\nvalue.serializer = DataFileChunkSerializer\n"
        + "[consumer]\ngroup.id = create_new\nauto.offset.reset = earliest\n"
        + "enable.auto.commit = False\n"
        + "key.deserializer = StringDeserializer\nvalue.deserializer = DataFileChunkDeserializer\n"
        + extra);
    return StreamConfig.load(f, k -> null);
  }

  private ConfigDirs dirs() {
    return ConfigDirs.of(k -> null, tmp, Optional.empty());
  }

  @Test
  void plainChunksRoundTripThroughTheBroker(LocalKafkaBroker broker) throws Exception {
    String topic = "clients_" + UUID.randomUUID();
    Path file = tmp.resolve("data.bin");
    byte[] bytes = new byte[70_000];
    new Random(1).nextBytes(bytes);
    Files.write(file, bytes);
    ChunkPlan plan = ChunkPlanner.of(16_384).plan(file);

    try (KafkaClients clients = KafkaClients.open(config(broker.bootstrapServers(), ""), dirs())) {
      assertThat(clients.isEncrypted()).isFalse();
      Producer<String, DataFileChunk> p = clients.chunkProducer(Map.of());
      Producer<String, byte[]> encoded = clients.encodedChunkProducer(Map.of());
      try (FileChannel ch = FileChannel.open(file)) {
        for (var d : plan.chunks()) {
          if (d.index() % 2 == 0) {
            p.send(new ProducerRecord<>(topic, 0, plan.messageKey(d), ChunkReader.read(plan, d)))
                .get();
          } else {
            encoded.send(new ProducerRecord<>(topic, 0, plan.messageKey(d),
                ChunkEncoder.encodeFromFile(ch, plan, d,
                    io.msistream.stream.chunk.ChunkFormat.TEN_FIELDS))).get();
          }
        }
      }
      Consumer<String, DataFileChunk> c = clients.chunkConsumer(Map.of());
      c.subscribe(List.of(topic));
      List<ConsumerRecord<String, DataFileChunk>> got = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (got.size() < plan.totalChunks() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).hasSize(plan.totalChunks());
      byte[] rebuilt = new byte[bytes.length];
      for (ConsumerRecord<String, DataFileChunk> r : got) {
        DataFileChunk chunk = r.value();
        assertThat(chunk.chunkHashMatches()).isTrue();
        assertThat(chunk.hasFileHash(plan.fileHash())).isTrue();
        assertThat(r.key()).isEqualTo(chunk.messageKey());
        chunk.data().get(rebuilt, (int) chunk.chunkOffsetWrite(), chunk.dataLength());
      }
      assertThat(rebuilt).isEqualTo(bytes);
    }
  }

  @Test
  void overridesWinAndSerializersAreSuppliedByTheFactory() throws Exception {
    try (KafkaClients clients = KafkaClients.open(config("127.0.0.1:1", ""), dirs())) {
      Map<String, Object> p = clients.properties(ClientRole.PRODUCER,
          Map.of("linger.ms", 0L, "client.id", "me"));
      assertThat(p).containsEntry("linger.ms", 0L).containsEntry("client.id", "me")
          .containsEntry("compression.type", "lz4").doesNotContainKeys("key.serializer",
              "value.serializer");
      assertThat(clients.properties(ClientRole.CONSUMER, Map.of("group.id", "g")))
          .containsEntry("group.id", "g").doesNotContainKey("value.deserializer");
    }
  }

  @Test
  void refusesSerializersTheProgramCannotUse() throws Exception {
    StreamConfig c = config("127.0.0.1:1", "");
    Path f = tmp.resolve("other.config");
    Files.writeString(f, Files.readString(c.file()).replace("value.serializer = DataFileChunkSerializer",
        "value.serializer = StringSerializer"));
    try (KafkaClients clients = KafkaClients.open(StreamConfig.load(f, k -> null), dirs())) {
      assertThatThrownBy(() -> clients.chunkProducer(Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("[producer]").hasMessageContaining("value.serializer")
          .hasMessageContaining("DataFileChunkSerializer");
    }
  }

  @Test
  void encryptedConfigNeverFallsBackToPlain() throws Exception {
    Path node = tmp.resolve("n1");
    Files.createDirectories(node);
    Files.writeString(node.resolve("n1.config"), "[DEFAULT]\nnode_id : n1\n");
    StreamConfig c = config("127.0.0.1:1", "[kafkacrypto]\nnode_id = n1\n");
    assertThatThrownBy(() -> KafkaClients.open(c, dirs()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafkacrypto").hasMessageContaining("n1")
        .hasMessageContaining("cannot start");
  }

  /** A copy of a Python-provisioned interop node in {@code dir}; its .config path. */
  static Path copyNode(Path dir, String id) throws Exception {
    Path src = io.msistream.crypto.testing.SharedVectors.node(id);
    Path dst = Files.createDirectories(dir.resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(src.resolve(id + ext), dst.resolve(id + ext));
    }
    return dst.resolve(id + ".config");
  }

  @Test
  void encryptedChunksRoundTripBetweenTwoNodes(LocalKafkaBroker broker) throws Exception {
    String topic = "test_oms_encrypted.clients_" + UUID.randomUUID();
    Path producerNode = copyNode(tmp, "oms_producer");
    Path consumerNode = copyNode(tmp, "oms_consumer");
    final StreamConfig pc = config(broker.bootstrapServers(),
        "[kafkacrypto]\nconfig_file = " + producerNode + "\n");
    StreamConfig cc = config(broker.bootstrapServers(),
        "[kafkacrypto]\nconfig_file = " + consumerNode + "\n");
    Path file = tmp.resolve("secret.bin");
    byte[] bytes = new byte[40_000];
    new Random(2).nextBytes(bytes);
    Files.write(file, bytes);
    ChunkPlan plan = ChunkPlanner.of(16_384).plan(file);

    KafkaClients producing = KafkaClients.open(pc, dirs());
    try (KafkaClients consuming = KafkaClients.open(cc, dirs())) {
      producing.handOffKeysOnClose(Duration.ofSeconds(30), io.msistream.kex.HandoffPolicy.ANY);
      assertThat(producing.isEncrypted()).isTrue();
      assertThat(producing.nodeRuntime()).isPresent();
      assertThat(producing.properties(ClientRole.PRODUCER, Map.of()))
          .containsEntry("compression.type", "none");
      producing.ensureKeyExchangeTopics(topic);
      Producer<String, byte[]> p = producing.encodedChunkProducer(Map.of());
      try (FileChannel ch = FileChannel.open(file)) {
        for (var d : plan.chunks()) {
          p.send(new ProducerRecord<>(topic, 0, plan.messageKey(d), ChunkEncoder.encodeFromFile(
              ch, plan, d, io.msistream.stream.chunk.ChunkFormat.TEN_FIELDS))).get();
        }
      }
      assertThatThrownBy(() -> consuming.chunkConsumer(Map.of()))
          .isInstanceOf(ConfigException.class).hasMessageContaining("messageConsumer");

      var c = consuming.chunkMessageConsumer(Map.of());
      c.subscribe(List.of(topic));
      io.msistream.kex.DecryptionWaiter waiter = io.msistream.kex.DecryptionWaiter.create(
          Duration.ofSeconds(60), Duration.ofSeconds(30));
      byte[] rebuilt = new byte[bytes.length];
      int got = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (got < plan.totalChunks() && System.nanoTime() < deadline) {
        for (var r : c.poll(Duration.ofMillis(200))) {
          var key = waiter.await(r.key());
          var value = waiter.await(r.value());
          assertThat(value).isInstanceOf(io.msistream.kex.CryptoMessage.Cleartext.class);
          DataFileChunk chunk = value.cleartext().orElseThrow();
          assertThat(key.cleartext()).contains(chunk.messageKey());
          // on the wire: KafkaCrypto's format, not the chunk message
          assertThat(value.raw()[0]).isEqualTo((byte) 1);
          assertThat(chunk.chunkHashMatches()).isTrue();
          chunk.data().get(rebuilt, (int) chunk.chunkOffsetWrite(), chunk.dataLength());
          got++;
        }
      }
      assertThat(got).isEqualTo(plan.totalChunks());
      assertThat(rebuilt).isEqualTo(bytes);
      // the consumer has the key: the close-time handoff wait (policy ANY) sees it delivered
      producing.close();
      assertThat(producing.handoff()).hasValueSatisfying(h -> {
        assertThat(h.complete()).isTrue();
        assertThat(h.handedOff()).isNotEmpty();
      });
    } finally {
      producing.close();
    }
  }

  @Test
  void plainMessageConsumerGivesCleartext(LocalKafkaBroker broker) throws Exception {
    String topic = "clients_clear_" + UUID.randomUUID();
    try (KafkaClients clients = KafkaClients.open(config(broker.bootstrapServers(), ""), dirs())) {
      clients.ensureKeyExchangeTopics(topic); // nothing to do for plain configs
      Producer<String, byte[]> p = clients.encodedChunkProducer(Map.of());
      assertThat(KafkaClients.requireTopic(p, topic)).isNotEmpty();
      Path file = tmp.resolve("f.bin");
      Files.write(file, new byte[] {1, 2, 3});
      ChunkPlan plan = ChunkPlanner.of(1024).plan(file);
      try (FileChannel ch = FileChannel.open(file)) {
        p.send(new ProducerRecord<>(topic, plan.messageKey(plan.chunk(1)),
            ChunkEncoder.encodeFromFile(ch, plan, plan.chunk(1),
                io.msistream.stream.chunk.ChunkFormat.TEN_FIELDS))).get();
      }
      var c = clients.chunkMessageConsumer(Map.of());
      c.subscribe(List.of(topic));
      List<io.msistream.kex.CryptoMessage<DataFileChunk>> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).singleElement().satisfies(v -> {
        assertThat(v.isCleartext()).isTrue();
        assertThat(v.cleartext().orElseThrow().dataBytes()).containsExactly(1, 2, 3);
      });
    }
  }

  @Test
  void closeClosesEveryClientMadeHere() throws Exception {
    KafkaClients clients = KafkaClients.open(config("127.0.0.1:1", ""), dirs());
    Producer<String, DataFileChunk> p = clients.chunkProducer(Map.of("max.block.ms", 100));
    clients.close(Duration.ZERO);
    assertThatThrownBy(() -> p.send(new ProducerRecord<>("t", "k", null)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> clients.chunkProducer(Map.of()))
        .isInstanceOf(IllegalStateException.class);
    clients.close(); // idempotent
  }
}
