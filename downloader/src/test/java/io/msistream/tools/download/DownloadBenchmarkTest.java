package io.msistream.tools.download;

import static io.msistream.tools.download.KafkaTestSupport.await;
import static io.msistream.tools.download.KafkaTestSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
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
    produce(broker, topic);
    Path out = tmp.resolve("out");
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    java.util.Map<String, Object> props = KafkaTestSupport.consumerProps(broker,
        "bench-" + UUID.randomUUID());
    props.put("max.partition.fetch.bytes", 16 << 20);
    props.put("fetch.max.bytes", 64 << 20);
    props.put("receive.buffer.bytes", 1 << 20);
    Downloader d = KafkaTestSupport.downloader(props, out, topic, 2, Optional.empty(),
        KafkaTestSupport.productionSettings());
    try {
      await(Duration.ofMinutes(10), "all files",
          () -> d.stats().filesCompleted.get() == FILES);
    } finally {
      d.close();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double mib = (double) FILES * FILE_SIZE / (1 << 20);
    LOG.info("BENCH plain download: {} MiB in {} s = {} MiB/s; JVM CPU (downloader + broker) {} s"
        + " = {} MiB per CPU-second; load average {}", mib, String.format("%.2f", secs),
        String.format("%.1f", mib / secs), String.format("%.2f", cpu),
        String.format("%.1f", mib / cpu),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertThat(d.stats().filesCompleted.get()).isEqualTo(FILES);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private void produce(LocalKafkaBroker broker, String topic) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("linger.ms", 20);
    p.put("batch.size", 2_000_000);
    p.put("max.request.size", 10_000_000);
    p.put("buffer.memory", 256L << 20);
    p.put("acks", "1");
    SplittableRandom rnd = new SplittableRandom(1);
    byte[] buf = new byte[FILE_SIZE];
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
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
    }
    LOG.info("BENCH produced {} files in {} s", FILES,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }
}
