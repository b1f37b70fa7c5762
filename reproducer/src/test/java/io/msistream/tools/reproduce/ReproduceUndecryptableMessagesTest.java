package io.msistream.tools.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.stream.chunk.EncryptedMessageNames;
import io.msistream.stream.chunk.EncryptedMessageNames.StampKind;
import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalKafkaBrokerExtension.class)
class ReproduceUndecryptableMessagesTest {
  private static final ZoneId ZONE = ZoneId.of("UTC");

  @TempDir Path tmp;

  @Test
  void resendsSavedPairsUnchangedInSavedOrderAndKeepsTheFiles(LocalKafkaBroker broker) throws Exception {
    String topic = newTopic(broker, "lab.chunks");
    Path dir = tmp.resolve("ENCRYPTED_MESSAGES");
    Instant t = Instant.parse("2026-04-08T17:37:45.123Z");
    List<EncryptedMessageNames.Written> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // all five share one millisecond: names get de-duplicating suffixes, order comes from mtime
      written.add(EncryptedMessageNames.write(dir, topic, StampKind.PRODUCED, t, ZONE, 0, i,
          ("\u0001key-" + i).getBytes(StandardCharsets.UTF_8), ("\u0001value-" + i).getBytes(StandardCharsets.UTF_8)));
      Files.setLastModifiedTime(written.get(i).keyFile(), FileTime.fromMillis(1_000_000L + i * 1000L));
    }
    Path config = nodeConfig(broker);

    Result r = run(config.toString(), dir.toString());

    assertThat(r.status).as(r.out).isEqualTo(0);
    assertThat(r.out).contains("Reproducing", "Done! Sent 5 message(s)");
    List<ConsumerRecord<byte[], byte[]>> got = consume(broker, topic, 5);
    assertThat(got).extracting(c -> new String(c.value(), StandardCharsets.UTF_8))
        .containsExactly("\u0001value-0", "\u0001value-1", "\u0001value-2", "\u0001value-3", "\u0001value-4");
    assertThat(got).extracting(c -> new String(c.key(), StandardCharsets.UTF_8))
        .containsExactly("\u0001key-0", "\u0001key-1", "\u0001key-2", "\u0001key-3", "\u0001key-4");
    for (EncryptedMessageNames.Written w : written) {
      assertThat(w.keyFile()).exists();
      assertThat(w.valueFile()).exists();
    }
    // running again re-sends duplicates
    assertThat(run(config.toString(), dir.toString()).status).isEqualTo(0);
    assertThat(consume(broker, topic, 10)).hasSize(10);
  }

  @Test
  void acceptsAnOpenMsiStreamConfigWithABrokerSection(LocalKafkaBroker broker) throws Exception {
    String topic = newTopic(broker, "oms");
    Path dir = tmp.resolve("saved");
    EncryptedMessageNames.write(dir, topic, StampKind.CONSUMED, Instant.now(), ZONE, 0, 0,
        new byte[] {1, 2}, new byte[] {1, 3, 4});
    Path config = tmp.resolve("lab.config");
    Files.writeString(config, "[broker]\nbootstrap.servers = " + broker.bootstrapServers()
        + "\n\n[producer]\nbatch.size = 200000\nkey.serializer = StringSerializer\n");

    Result r = run(config.toString(), dir.toString());

    assertThat(r.status).as(r.out).isEqualTo(0);
    assertThat(consume(broker, topic, 1).get(0).value()).containsExactly(1, 3, 4);
  }

  @Test
  void dryRunListsAndSendsNothing(LocalKafkaBroker broker) throws Exception {
    String topic = newTopic(broker, "dry");
    Path dir = tmp.resolve("saved");
    EncryptedMessageNames.write(dir, topic, StampKind.PRODUCED, Instant.now(), ZONE, 0, 0,
        new byte[] {1}, new byte[] {1});

    Result r = run(nodeConfig(broker).toString(), dir.toString(), "--dry_run");

    assertThat(r.status).isEqualTo(0);
    assertThat(r.out).contains("Would reproduce encrypted_message_from_" + topic, "nothing was sent");
    assertThat(consume(broker, topic, 0, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void missingTopicsUnpairedAndUnparseableFilesAreReportedAndTheRestIsSent(LocalKafkaBroker broker)
      throws Exception {
    String topic = newTopic(broker, "ok");
    String gone = "gone-" + UUID.randomUUID();
    Path dir = tmp.resolve("saved");
    EncryptedMessageNames.write(dir, topic, StampKind.PRODUCED, Instant.now(), ZONE, 0, 0,
        new byte[] {1}, new byte[] {2});
    EncryptedMessageNames.write(dir, gone, StampKind.PRODUCED, Instant.now(), ZONE, 0, 1,
        new byte[] {1}, new byte[] {2});
    EncryptedMessageNames.Written orphan = EncryptedMessageNames.write(dir, topic,
        StampKind.RECEIVED, Instant.now(), ZONE, 0, 2, new byte[] {1}, new byte[] {2});
    Files.delete(orphan.valueFile());
    Files.write(dir.resolve("encrypted_message_from_nomarker_key.bin"), new byte[] {1});
    Files.write(dir.resolve("encrypted_message_from_x_produced_on_Jan_01_2026_at_00_00_00_000000_value.bin"),
        new byte[] {1});

    Result r = run(nodeConfig(broker).toString(), dir.toString());

    assertThat(r.status).isEqualTo(1);
    assertThat(r.out)
        .contains("Topic " + gone + " does not exist")
        .contains("without its value file")
        .contains("name not recognized")
        .contains("value file without its key file")
        .contains("Done! Sent 1 message(s)");
    assertThat(consume(broker, topic, 1)).hasSize(1);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(gone); // never auto-created
    }
  }

  @Test
  void badInputGivesOneClearLineAndExitCode2(LocalKafkaBroker broker) throws Exception {
    Path config = nodeConfig(broker);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path saved = tmp.resolve("saved");
    EncryptedMessageNames.write(saved, "t", StampKind.PRODUCED, Instant.now(), ZONE, 0, 0,
        new byte[] {1}, new byte[] {1});
    Path unreadable = tmp.resolve("unreadable.config");
    Files.writeString(unreadable, "[DEFAULT]\nnode_id : n\n");
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    Path noBroker = tmp.resolve("nobroker.config");
    Files.writeString(noBroker, "[DEFAULT]\nnode_id : n\n[n-kafka]\nbootstrap_servers : \n");

    String[][] cases = {
        {config.toString(), tmp.resolve("missing").toString()},
        {config.toString(), empty.toString()},
        {tmp.resolve("missing.config").toString(), saved.toString()},
        {noBroker.toString(), saved.toString()},
        {config.toString()},
    };
    for (String[] args : cases) {
      Result r = run(args);
      assertThat(r.status).as(String.join(" ", args) + "\n" + r.err).isEqualTo(2);
      assertThat(r.err).startsWith("ReproduceUndecryptableMessages: error: ").doesNotContain("\tat ");
    }
    if (!"root".equals(System.getProperty("user.name"))) { // root reads anything
      assertThat(run(unreadable.toString(), saved.toString()).status).isEqualTo(2);
    }
    // a config whose reads fail even for root: a link to a file that gives EIO (Linux)
    Path mem = Path.of("/proc/self/mem");
    if (Files.exists(mem)) {
      Path failing = Files.createSymbolicLink(tmp.resolve("failing.config"), mem);
      Result r = run(failing.toString(), saved.toString());
      assertThat(r.status).as(r.err).isEqualTo(2);
      assertThat(r.err).startsWith("ReproduceUndecryptableMessages: error: cannot read config file")
          .contains("failing.config").doesNotContain("\tat ");
    }
  }

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = ToolMain.runWithStatus(ReproduceUndecryptableMessages.SPEC,
        a -> ReproduceUndecryptableMessages.run(a, o), args, o, e);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path nodeConfig(LocalKafkaBroker broker) throws Exception {
    Path config = tmp.resolve("reproducer.config");
    Files.writeString(config, "[DEFAULT]\nnode_id : reproducer\n\n[reproducer-kafka]\nbootstrap_servers : "
        + broker.bootstrapServers() + "\nsecurity_protocol : PLAINTEXT\n");
    return config;
  }

  private static String newTopic(LocalKafkaBroker broker, String prefix) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    return topic;
  }

  private static List<ConsumerRecord<byte[], byte[]>> consume(LocalKafkaBroker broker, String topic, int n) {
    return consume(broker, topic, n, Duration.ofSeconds(30));
  }

  private static List<ConsumerRecord<byte[], byte[]>> consume(LocalKafkaBroker broker, String topic,
      int n, Duration wait) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers()), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && (n == 0 || out.size() < n)) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
