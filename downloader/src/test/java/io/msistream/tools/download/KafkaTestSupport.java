package io.msistream.tools.download;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.DataFileChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/** Topics, a raw test producer and downloader set-up against the test broker. */
final class KafkaTestSupport {
  private KafkaTestSupport() {}

  static String uniqueTopic(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String createTopic(LocalKafkaBroker broker, String prefix, int partitions)
      throws Exception {
    String topic = uniqueTopic(prefix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
    return topic;
  }

  static KafkaProducer<byte[], byte[]> producer(LocalKafkaBroker broker) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("linger.ms", 5);
    p.put("batch.size", 1_000_000);
    p.put("max.request.size", 10_000_000);
    p.put("acks", "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends chunks as OpenMSIStream does: UTF-8 key, encoded value, partition by the client. */
  static void send(KafkaProducer<byte[], byte[]> p, String topic, List<DataFileChunk> chunks)
      throws Exception {
    for (DataFileChunk c : chunks) {
      p.send(record(topic, null, c)).get(30, TimeUnit.SECONDS);
    }
  }

  static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, DataFileChunk c) {
    return new ProducerRecord<>(topic, partition,
        c.messageKey().getBytes(StandardCharsets.UTF_8), ChunkEncoder.encode(c));
  }

  static void sendRaw(KafkaProducer<byte[], byte[]> p, String topic, Integer partition, byte[] key,
      byte[] value) throws Exception {
    p.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
  }

  static Map<String, Object> consumerProps(LocalKafkaBroker broker, String group) {
    Map<String, Object> m = new HashMap<>();
    m.put("bootstrap.servers", broker.bootstrapServers());
    m.put("group.id", group);
    m.put("auto.offset.reset", "earliest");
    m.put("enable.auto.commit", false);
    m.put("max.partition.fetch.bytes", 4 << 20);
    m.put("session.timeout.ms", 10_000);
    m.put("heartbeat.interval.ms", 500);
    return m;
  }

  static ConsumerWorker.Settings fastSettings() {
    return new ConsumerWorker.Settings(Duration.ofMillis(200), Duration.ofMillis(200), 8 << 20,
        Duration.ofSeconds(60), Duration.ofMillis(200));
  }

  static Downloader downloader(LocalKafkaBroker broker, Path out, String topic, String group,
      int threads, Optional<Pattern> regex) throws IOException {
    return downloader(consumerProps(broker, group), out, topic, threads, regex, fastSettings());
  }

  /** The tool's own settings (reference.conf) for throughput measurements. */
  static ConsumerWorker.Settings productionSettings() {
    return new ConsumerWorker.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), 128 << 20,
        Duration.ofSeconds(300), Duration.ofSeconds(1));
  }

  static Downloader downloader(Map<String, Object> props, Path out, String topic, int threads,
      Optional<Pattern> regex, ConsumerWorker.Settings settings) throws IOException {
    ConsumerWorker.ConsumerSource<byte[], ByteBuffer> source = id -> {
      Map<String, Object> m = new HashMap<>(props);
      m.put("client.id", id);
      return new KafkaConsumer<>(m, new ByteArrayDeserializer(), new ByteBufferDeserializer());
    };
    return Downloader.start(out, topic, threads, regex, source, RecordOpener.plain(), settings);
  }

  /** Committed offsets of a group (partition → next offset). */
  static Map<Integer, Long> committed(LocalKafkaBroker broker, String group, String topic)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<Integer, Long> out = new HashMap<>();
      m.forEach((tp, om) -> {
        if (tp.topic().equals(topic) && om != null) {
          out.put(tp.partition(), om.offset());
        }
      });
      return out;
    }
  }

  static long sum(Map<Integer, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits until {@code ok} holds, polling; fails with {@code what} after {@code timeout}. */
  static void await(Duration timeout, String what, BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static boolean hasContent(Path file, byte[] expected) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == expected.length
          && java.util.Arrays.equals(Files.readAllBytes(file), expected);
    } catch (IOException e) {
      return false;
    }
  }

  /** An OpenMSIStream config file for the test broker. */
  static Path configFile(Path dir, LocalKafkaBroker broker) throws IOException {
    Path f = dir.resolve("test_broker.config");
    Files.writeString(f, "[broker]\nbootstrap.servers = " + broker.bootstrapServers() + "\n\n"
        + "[consumer]\ngroup.id = create_new\nauto.offset.reset = earliest\n"
        + "enable.auto.commit = False\nfetch.min.bytes = 1\n"
        + "key.deserializer = StringDeserializer\nvalue.deserializer = DataFileChunkDeserializer\n");
    return f;
  }
}
