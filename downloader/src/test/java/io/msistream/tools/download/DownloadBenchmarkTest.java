package io.msistream.tools.download;

import static io.msistream.tools.download.KafkaTestSupport.await;
import static io.msistream.tools.download.KafkaTestSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.kex.NodeRuntime;
import io.msistream.stream.chunk.ChunkDescriptor;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.chunk.ChunkPlan;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.kafka.FilePartitions;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download throughput of 64 files × 16 MiB (1 GiB) in 512 KiB chunks through the in-JVM broker.
 * Not asserted on time; run with
 * {@code -Dmsistream.bench=true -Dtest=DownloadBenchmarkTest -Dsurefire.argLine=-Xmx2g}.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
@EnabledIfSystemProperty(named = "msistream.bench", matches = "true")
class DownloadBenchmarkTest {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadBenchmarkTest.class);
  private static final int FILES = Integer.getInteger("msistream.bench.files", 64);
  private static final int FILE_SIZE = 16 << 20;
  private static final int PARTITIONS = 4;

  @TempDir Path src;
  @TempDir Path tmp;

  @Test
  void plainDownload(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "bench_plain", PARTITIONS);
    try (KafkaProducer<Object, Object> p = rawProducer(broker)) {
      produce(p, topic);
    }
    measure("plain", out -> KafkaTestSupport.downloader(benchProps(broker), out, topic, 2,
        Optional.empty(), KafkaTestSupport.productionSettings()));
  }

  @Test
  void encryptedDownload(LocalKafkaBroker broker, @TempDir Path nodes) throws Exception {
    String topic = createTopic(broker, "openmsitest.bench_enc", PARTITIONS);
    try (NodeRuntime producerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_producer"));
        KafkaProducer<Object, Object> p = EncryptedTestSupport.producer(broker, producerNode);
        NodeRuntime consumerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_consumer"))) {
      produce(p, topic);
      measure("encrypted", out -> EncryptedTestSupport.downloader(benchProps(broker),
          consumerNode, out, topic, 2,
          EncryptedTestSupport.waiter(Duration.ofSeconds(60), Duration.ofSeconds(5)), false,
          KafkaTestSupport.productionSettings()));
    }
  }

  @FunctionalInterface
  private interface Start {
    Downloader start(Path out) throws Exception;
  }

  private static Map<String, Object> benchProps(LocalKafkaBroker broker) {
    Map<String, Object> props = KafkaTestSupport.consumerProps(broker, "bench-" + UUID.randomUUID());
    props.put("max.partition.fetch.bytes", Integer.getInteger("msistream.bench.partition_fetch",
        16 << 20));
    props.put("fetch.max.bytes", Integer.getInteger("msistream.bench.fetch", 64 << 20));
    props.put("receive.buffer.bytes", 1 << 20);
    return props;
  }

  private void measure(String what, Start start) throws Exception {
    Path out = tmp.resolve("out");
    long cpu0 = processCpuNanos();
    Map<Long, Long> threads0 = threadCpu();
    long t0 = System.nanoTime();
    Downloader d = start.start(out);
    try {
      await(Duration.ofMinutes(10), "all files",
          () -> d.stats().filesCompleted.get() == FILES);
      logThreadCpu(threads0);
    } finally {
      d.close();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double mib = (double) FILES * FILE_SIZE / (1 << 20);
    LOG.info("BENCH {} download: {} MiB in {} s = {} MiB/s; JVM CPU (downloader + broker) {} s"
        + " = {} MiB per CPU-second; load average {}", what, mib, String.format("%.2f", secs),
        String.format("%.1f", mib / secs), String.format("%.2f", cpu),
        String.format("%.1f", mib / cpu),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertThat(d.stats().filesCompleted.get()).isEqualTo(FILES);
    assertThat(d.stats().undecryptable.get()).isZero();
  }

  private static KafkaProducer<Object, Object> rawProducer(LocalKafkaBroker broker) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("linger.ms", 20);
    p.put("batch.size", 2_000_000);
    p.put("max.request.size", 10_000_000);
    p.put("buffer.memory", 256L << 20);
    p.put("acks", "1");
    @SuppressWarnings({"unchecked", "rawtypes"})
    KafkaProducer<Object, Object> k = new KafkaProducer(p, new ByteArraySerializer(),
        new ByteArraySerializer());
    return k;
  }

  private static Map<Long, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<Long, Long> m = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      m.put(id, mx.getThreadCpuTime(id));
    }
    return m;
  }

  /** CPU seconds per thread group (name without numbers) since {@code before}. */
  private static void logThreadCpu(Map<Long, Long> before) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Double> groups = new java.util.TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      long now = mx.getThreadCpuTime(id);
      if (info == null || now < 0) {
        continue;
      }
      String name = info.getThreadName().replaceAll("[0-9]+", "#");
      groups.merge(name, (now - before.getOrDefault(id, 0L)) / 1e9, Double::sum);
    }
    StringBuilder sb = new StringBuilder("BENCH thread CPU seconds:");
    groups.entrySet().stream().filter(e -> e.getValue() > 0.05)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> sb.append(String.format("%n  %6.2f %s", e.getValue(), e.getKey())));
    LOG.info("{}", sb);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private void produce(KafkaProducer<Object, Object> producer, String topic) throws Exception {
    SplittableRandom rnd = new SplittableRandom(1);
    byte[] buf = new byte[FILE_SIZE];
    long t0 = System.nanoTime();
    for (int f = 0; f < FILES; f++) {
      for (int i = 0; i < buf.length; i += 8) {
        long v = rnd.nextLong();
        for (int k = 0; k < 8; k++) {
          buf[i + k] = (byte) (v >>> (8 * k));
        }
      }
      String rel = "d" + (f % 4) + "/file" + f + ".bin";
      Path file = TestFiles.write(src, rel, buf);
      ChunkPlan plan = ChunkPlanner.of(ChunkPlanner.DEFAULT_CHUNK_SIZE).plan(src, file);
      int partition = FilePartitions.of(rel, PARTITIONS);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        for (ChunkDescriptor c : plan.chunks()) {
          byte[] value = ChunkEncoder.encodeFromFile(ch, plan, c, ChunkFormat.TEN_FIELDS);
          producer.send(new ProducerRecord<>(topic, partition,
              plan.messageKey(c).getBytes(StandardCharsets.UTF_8), value));
        }
      }
      Files.delete(file);
    }
    producer.flush();
    LOG.info("BENCH produced {} files in {} s", FILES,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }
}
