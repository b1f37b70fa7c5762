package io.msistream.tools.upload;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.DataFileChunkDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helpers: configs, topics, and a plain consumer that collects and reassembles chunks. */
final class TestKafka {
  private TestKafka() {}

  static String topic(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A plain config for the test broker; {@code producer} entries replace or add [producer] options. */
  static Path config(Path dir, LocalKafkaBroker broker, Map<String, String> producer)
      throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("batch.size", "2000000");
    p.put("linger.ms", "20");
    p.put("compression.type", "lz4");
    p.put("key.serializer", "StringSerializer");
    p.put("value.serializer", "DataFileChunkSerializer");
    p.putAll(producer);
    StringBuilder b = new StringBuilder("[broker]\nbootstrap.servers = ")
        .append(broker.bootstrapServers()).append("\n\n[producer]\n");
    p.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
    b.append("\n[consumer]\ngroup.id = create_new\nauto.offset.reset = earliest\n"
        + "enable.auto.commit = False\nkey.deserializer = StringDeserializer\n"
        + "value.deserializer = DataFileChunkDeserializer\n");
    Path f = dir.resolve("test_" + UUID.randomUUID().toString().substring(0, 6) + ".config");
    Files.writeString(f, b.toString());
    return f;
  }

  static Path config(Path dir, LocalKafkaBroker broker) throws Exception {
    return config(dir, broker, Map.of());
  }

  static void createTopic(LocalKafkaBroker broker, String topic, int partitions)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin a = Admin.create(p)) {
      a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** Every record of a topic read so far, by relative path. */
  static final class Collector implements AutoCloseable {
    private final KafkaConsumer<String, DataFileChunk> consumer;
    final List<ConsumerRecord<String, DataFileChunk>> records = new ArrayList<>();

    Collector(LocalKafkaBroker broker, String topic) {
      Properties p = new Properties();
      p.put("bootstrap.servers", broker.bootstrapServers());
      p.put("group.id", UUID.randomUUID().toString());
      p.put("auto.offset.reset", "earliest");
      p.put("enable.auto.commit", "false");
      p.put("metadata.max.age.ms", "500"); // see a topic created after subscribing at once
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new DataFileChunkDeserializer());
      consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code done} holds for what was collected, or fails after {@code timeout}. */
    Collector awaitUntil(Predicate<Collector> done, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(this)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out; collected " + files().keySet());
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return this;
    }

    /** Polls for {@code quiet} more, to catch anything unexpected still arriving. */
    Collector drain(Duration quiet) {
      long deadline = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return this;
    }

    /** Records by relative path, in arrival order. */
    Map<String, List<ConsumerRecord<String, DataFileChunk>>> files() {
      Map<String, List<ConsumerRecord<String, DataFileChunk>>> m = new LinkedHashMap<>();
      for (var r : records) {
        m.computeIfAbsent(r.value().relativePath(), k -> new ArrayList<>()).add(r);
      }
      return m;
    }

    /** Generations (distinct file hashes, hex) of one path, in first-seen order. */
    List<String> generations(String rel) {
      List<String> g = new ArrayList<>();
      for (var r : files().getOrDefault(rel, List.of())) {
        String h = HexFormat.of().formatHex(r.value().fileHash());
        if (!g.contains(h)) {
          g.add(h);
        }
      }
      return g;
    }

    /** True if some generation of {@code rel} has all its chunks. */
    boolean complete(String rel) {
      return rebuild(rel) != null;
    }

    /** The bytes of the last complete generation of {@code rel}, or null. */
    byte[] rebuild(String rel) {
      List<String> gens = generations(rel);
      for (int k = gens.size() - 1; k >= 0; k--) {
        byte[] b = rebuild(rel, gens.get(k));
        if (b != null) {
          return b;
        }
      }
      return null;
    }

    /** The bytes of one generation, or null if chunks are missing. Checks every chunk hash. */
    byte[] rebuild(String rel, String hashHex) {
      Map<Integer, DataFileChunk> byIndex = new LinkedHashMap<>();
      int n = -1;
      for (var r : files().getOrDefault(rel, List.of())) {
        DataFileChunk c = r.value();
        if (!HexFormat.of().formatHex(c.fileHash()).equals(hashHex)) {
          continue;
        }
        if (!c.chunkHashMatches()) {
          throw new AssertionError("chunk hash mismatch in " + c);
        }
        n = c.totalChunks();
        byIndex.put(c.chunkIndex(), c);
      }
      if (n < 0 || byIndex.size() != n) {
        return null;
      }
      long size = 0;
      for (DataFileChunk c : byIndex.values()) {
        size = Math.max(size, c.chunkOffsetWrite() + c.dataLength());
      }
      byte[] out = new byte[(int) size];
      for (DataFileChunk c : byIndex.values()) {
        c.data().get(out, (int) c.chunkOffsetWrite(), c.dataLength());
      }
      return out;
    }

    /** Partitions the records of {@code rel} arrived on. */
    java.util.Set<Integer> partitions(String rel) {
      java.util.Set<Integer> s = new java.util.TreeSet<>();
      for (var r : files().getOrDefault(rel, List.of())) {
        s.add(r.partition());
      }
      return s;
    }

    List<TopicPartition> assignment() {
      return new ArrayList<>(consumer.assignment());
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
