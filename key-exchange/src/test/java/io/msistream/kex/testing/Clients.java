package io.msistream.kex.testing;

import io.msistream.kex.CryptoMessage;
import io.msistream.kex.KafkaCryptoDeserializer;
import io.msistream.kex.KafkaCryptoSerializer;
import io.msistream.kex.NodeRuntime;
import io.msistream.kex.NodeRuntimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Application clients configured by class name, as stream-core will configure them. */
public final class Clients {
  private Clients() {}

  /** A producer of String keys and values, both encrypted, using the node at {@code config}. */
  public static KafkaProducer<Object, Object> producer(String bootstrap, Path config) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", KafkaCryptoSerializer.class.getName());
    p.put("value.serializer", KafkaCryptoSerializer.class.getName());
    p.put("kafkacrypto.inner.serializer", StringSerializer.class.getName());
    p.put(NodeRuntimes.CONFIG, config.toString());
    p.put(NodeRuntimes.HANDOFF_TIMEOUT, "0"); // most tests run no keeper: close at once
    p.put("linger.ms", "0");
    return new KafkaProducer<>(p);
  }

  /** A consumer of String keys and values, both decrypted, using the node at {@code config}. */
  public static KafkaConsumer<CryptoMessage<String>, CryptoMessage<String>> consumer(
      String bootstrap, Path config) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", KafkaCryptoDeserializer.class.getName());
    p.put("value.deserializer", KafkaCryptoDeserializer.class.getName());
    p.put("kafkacrypto.inner.deserializer", StringDeserializer.class.getName());
    p.put(NodeRuntimes.CONFIG, config.toString());
    p.put("group.id", "g-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(p);
  }

  /** A plain producer of byte arrays (for records made or tampered with by hand). */
  public static KafkaProducer<byte[], byte[]> rawProducer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("linger.ms", "0");
    return new KafkaProducer<>(p);
  }

  /** A consumer of values only (keys as bytes), decrypted with a runtime given directly. */
  public static KafkaConsumer<byte[], CryptoMessage<String>> consumer(String bootstrap,
      NodeRuntime runtime) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "g-" + UUID.randomUUID());
    p.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new KafkaCryptoDeserializer<>(runtime, new StringDeserializer(), false));
  }

  /** Reads partition 0 of {@code topic} from the start until {@code n} records arrived. */
  public static <K, V> List<ConsumerRecord<K, V>> read(KafkaConsumer<K, V> c, String topic, int n,
      Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, 0);
    c.assign(List.of(tp));
    c.seekToBeginning(List.of(tp));
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      c.poll(Duration.ofMillis(100)).forEach(out::add);
    }
    if (out.size() < n) {
      throw new AssertionError("read " + out.size() + " of " + n + " records from " + topic);
    }
    return out;
  }
}
