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
    Path f = tmp.resolve("t.config");
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
        .hasMessageContaining("kafkacrypto").hasMessageContaining("n1");
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
