package io.msistream.tools.download;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.CryptoMessage;
import io.msistream.kex.DecryptionWaiter;
import io.msistream.kex.KafkaCryptoDeserializer;
import io.msistream.kex.KafkaCryptoSerializer;
import io.msistream.kex.NodeRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Copies of the Python-provisioned interop nodes and encrypting clients over them. */
final class EncryptedTestSupport {
  private EncryptedTestSupport() {}

  /**
   * Copies node {@code id} from the shared interop set into {@code dir/id} (a running node
   * rewrites its files, so the originals are never used), with a short re-request interval.
   */
  static Path copyNode(Path dir, String id) throws Exception {
    Path src = SharedVectors.node(id);
    Path dst = Files.createDirectories(dir.resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(src.resolve(id + ext), dst.resolve(id + ext));
    }
    Path config = dst.resolve(id + ".config");
    NodeConfig.read(config).with(null, "crypto_sub_interval", ConfigValue.IntValue.of(3))
        .with(null, "mgmt_subscribe_interval", ConfigValue.IntValue.of(1)).write(config);
    return config;
  }

  static NodeRuntime runtime(LocalKafkaBroker broker, Path nodeConfig) throws Exception {
    return NodeRuntime.start(nodeConfig, Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  /** A producer that encrypts keys and values with {@code node} (raw bytes inside). */
  static KafkaProducer<Object, Object> producer(LocalKafkaBroker broker, NodeRuntime node) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("linger.ms", 20);
    p.put("batch.size", 2_000_000);
    p.put("max.request.size", 10_000_000);
    p.put("buffer.memory", 256L << 20);
    p.put("acks", "all");
    return new KafkaProducer<>(p, new KafkaCryptoSerializer(node, new ByteArraySerializer(), true),
        new KafkaCryptoSerializer(node, new ByteArraySerializer(), false));
  }

  /** A downloader whose consumers decrypt with {@code node}. */
  static Downloader downloader(Map<String, Object> consumerProps, NodeRuntime node, Path out,
      String topic, int threads, DecryptionWaiter waiter, boolean foreignAsPlaintext,
      ConsumerWorker.Settings settings) throws IOException {
    ConsumerWorker.ConsumerSource<CryptoMessage<byte[]>, CryptoMessage<byte[]>> source = id -> {
      Map<String, Object> m = new HashMap<>(consumerProps);
      m.put("client.id", id);
      return new KafkaConsumer<>(m,
          new KafkaCryptoDeserializer<>(node, new ByteArrayDeserializer(), true),
          new KafkaCryptoDeserializer<>(node, new ByteArrayDeserializer(), false));
    };
    return Downloader.start(out, topic, threads, Optional.empty(), source,
        new DecryptingOpener(waiter, foreignAsPlaintext), settings);
  }

  static DecryptionWaiter waiter(Duration initial, Duration later) {
    return DecryptionWaiter.create(initial, later);
  }
}
