package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalKafkaBrokerExtension.class)
class UploadDataFileTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    return UploadDataFile.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void uploadsOneFileAndExitsOnceAcknowledged(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("one");
    Path sub = Files.createDirectories(tmp.resolve("in a dir"));
    byte[] data = DataFileUploadDirectoryTest.random(1_000_000, 1);
    Path f = Files.write(sub.resolve("scan 1;ü.dat"), data);
    Path config = TestKafka.config(tmp, broker);
    assertThat(run(f.toString(), "--config", config.toString(), "--topic_name", topic,
        "--chunk_size", "65536", "--n_threads", "3")).as(err()).isZero();
    assertThat(err()).contains("Uploading " + f).contains("Done uploading " + f);
    try (TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      c.awaitUntil(k -> k.complete("scan 1;ü.dat"), Duration.ofSeconds(60));
      assertThat(c.rebuild("scan 1;ü.dat")).isEqualTo(data);
      assertThat(c.files().get("scan 1;ü.dat")).hasSize(16)
          .allSatisfy(r -> assertThat(r.value().subdir()).isEmpty());
      assertThat(c.partitions("scan 1;ü.dat")).hasSize(1);
    }
    // the log file goes next to the uploaded file, at WARNING level
    assertThat(sub.resolve("UploadDataFile.log")).exists();
  }

  @Test
  void anEmptyFileIsSentAsOneEmptyChunk(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("empty");
    Path f = Files.write(tmp.resolve("empty.dat"), new byte[0]);
    assertThat(run(f.toString(), "--config", TestKafka.config(tmp, broker).toString(),
        "--topic_name", topic)).as(err()).isZero();
    try (TestKafka.Collector c = new TestKafka.Collector(broker, topic)) {
      c.awaitUntil(k -> k.complete("empty.dat"), Duration.ofSeconds(60));
      assertThat(c.rebuild("empty.dat")).isEmpty();
    }
  }

  @Test
  void aRejectedChunkMeansExitStatusOne(LocalKafkaBroker broker) throws Exception {
    String topic = TestKafka.topic("reject");
    Path f = Files.write(tmp.resolve("big.dat"), DataFileUploadDirectoryTest.random(300_000, 2));
    // the broker refuses messages above 100 kB for this topic
    try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of(
        "bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1,
          (short) 1).configs(java.util.Map.of("max.message.bytes", "100000")))).all().get();
    }
    Path config = TestKafka.config(tmp, broker, java.util.Map.of("batch.size", "16384",
        "compression.type", "none"));
    assertThat(run(f.toString(), "--config", config.toString(), "--topic_name", topic,
        "--chunk_size", "262144")).isEqualTo(1);
    assertThat(err()).contains("big.dat could not be uploaded");
  }
}
