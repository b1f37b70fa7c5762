package io.msistream.tools.download;

import static io.msistream.tools.download.KafkaTestSupport.await;
import static io.msistream.tools.download.KafkaTestSupport.configFile;
import static io.msistream.tools.download.KafkaTestSupport.createTopic;
import static io.msistream.tools.download.KafkaTestSupport.hasContent;
import static io.msistream.tools.download.KafkaTestSupport.producer;
import static io.msistream.tools.download.KafkaTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LocalKafkaBrokerExtension.class)
class DataFileDownloadDirectoryTest {
  @TempDir Path tmp;
  @TempDir Path src;

  private record Result(int status, String out, String err) {}

  private static Result run(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = DataFileDownloadDirectory.run(new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), argv);
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--n_threads 0", "--n_threads x", "--download_regex (",
      "--bogus 1", "--update_seconds 1.5", "--max_wait_per_decrypt -1",
      "--treat_undecryptable_as_plaintext=yes"})
  void usageErrorsExitWithStatus2(String extra) {
    String[] argv = extra.isEmpty() ? new String[0]
        : (tmp.resolve("out") + " " + extra).split(" ");
    Result r = run(argv);
    assertThat(r.status()).isEqualTo(ToolMain.USAGE);
    assertThat(r.err()).startsWith("DataFileDownloadDirectory: error: ");
  }

  @Test
  void helpListsTheOptionsAndExitsWith0() {
    Result r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("output_dir", "--config", "--topic_name", "--consumer_group_id",
        "--download_regex", "--n_threads", "--treat_undecryptable_as_plaintext",
        "--max_wait_per_decrypt", "--max_initial_wait_per_decrypt", "--update_seconds",
        "(default: create_new)", "(default: 2)", "(default: 300)");
  }

  /**
   * Option names and defaults are OpenMSIStream's (spec §7.2), so its command lines work
   * unchanged; {@code --consumer_group_id create_new} stays the default.
   */
  @Test
  void optionNamesAndDefaultsAreUpstreams() throws Exception {
    CliArgs a = DataFileDownloadDirectory.spec().parse(tmp.resolve("out").toString());
    Map<String, Object> got = new LinkedHashMap<>();
    for (Arg<?> arg : DataFileDownloadDirectory.spec().args()) {
      if (arg.kind() != Arg.Kind.POSITIONAL) {
        got.put(arg.name(), a.find(arg).orElse(null));
      }
    }
    Map<String, Object> upstream = new LinkedHashMap<>();
    upstream.put("config", "test");
    upstream.put("topic_name", "test");
    upstream.put("consumer_topic_name", "test");
    upstream.put("producer_topic_name", "test");
    upstream.put("consumer_group_id", "create_new");
    upstream.put("download_regex", null);
    upstream.put("n_threads", 2);
    upstream.put("treat_undecryptable_as_plaintext", false);
    upstream.put("max_wait_per_decrypt", 5.0);
    upstream.put("max_initial_wait_per_decrypt", 60.0);
    upstream.put("update_seconds", 300);
    upstream.put("heartbeat_topic_name", null);
    upstream.put("heartbeat_program_id", null);
    upstream.put("heartbeat_interval_secs", 900.0);
    upstream.put("log_topic_name", null);
    upstream.put("log_program_id", null);
    upstream.put("log_interval_secs", 60.0);
    upstream.put("logger_stream_level", ch.qos.logback.classic.Level.INFO);
    upstream.put("logger_file_level", ch.qos.logback.classic.Level.WARN);
    upstream.put("logger_file_path", null);
    assertThat(got).containsExactlyInAnyOrderEntriesOf(upstream);
    // the log file goes directly inside output_dir (no LOGS subfolder)
    assertThat(DataFileDownloadDirectory.spec().defaultLogDir(a))
        .contains(tmp.resolve("out").toAbsolutePath());
  }

  /**
   * SIGTERM (what service managers and containers send) stops the downloader as {@code q} does:
   * consumers stop, offsets of the written chunks are committed, and the summary is logged.
   */
  @Test
  void sigtermStopsGracefullyAndCommits(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "sigterm", 1);
    Path config = configFile(tmp, broker);
    Path out = tmp.resolve("downloads");
    byte[] content = TestFiles.randomBytes(77, 50_000);
    var chunks = TestFiles.chunksOf(src, "s/one.bin", content, 8192, OptionalDouble.empty());
    String group = "g-sigterm-" + System.nanoTime();
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, chunks);
    }
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", cp, DataFileDownloadDirectory.class.getName(), out.toString(),
        "--config", config.toString(), "--topic_name", topic, "--consumer_group_id", group,
        "--update_seconds", "-1").redirectErrorStream(true).start();
    StringBuilder log = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
          child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (log) {
            log.append(line).append('\n');
          }
        }
      } catch (java.io.IOException e) {
        // the child ended
      }
    });
    reader.start();
    try {
      await(Duration.ofSeconds(90), "the file",
          () -> !child.isAlive() || hasContent(out.resolve("s/one.bin"), content));
      assertThat(child.isAlive()).as("exited early:\n%s", log).isTrue();
      assertThat(child.toHandle().destroy()).isTrue(); // SIGTERM; keeps our end of its output
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("stopped:\n%s", log).isTrue();
      reader.join(10_000);
      String text;
      synchronized (log) {
        text = log.toString();
      }
      assertThat(text).contains("Termination signal received")
          .contains("1 files were successfully reconstructed");
      assertThat(KafkaTestSupport.sum(KafkaTestSupport.committed(broker, group, topic)))
          .as("committed offsets").isEqualTo(chunks.size());
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aMissingConfigFileExitsWithStatus2() {
    Result r = run(tmp.resolve("out").toString(), "--config", tmp.resolve("nope.config").toString());
    assertThat(r.status()).isEqualTo(ToolMain.USAGE);
  }

  @Test
  void aMissingTopicExitsWithStatus2(LocalKafkaBroker broker) throws Exception {
    Path config = configFile(tmp, broker);
    Result r = run(tmp.resolve("out").toString(), "--config", config.toString(), "--topic_name",
        "no_such_topic_" + System.nanoTime());
    assertThat(r.status()).isEqualTo(ToolMain.USAGE);
    assertThat(r.err()).contains("does not exist");
  }

  @Test
  void plainRoundTripThroughTheCommandLineStopsOnQ(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "cli", 3);
    Path config = configFile(tmp, broker);
    Path out = tmp.resolve("downloads");
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int i = 0; i < 5; i++) {
        String rel = (i == 0 ? "" : "dir" + (i % 2) + "/") + "f" + i + ".bin";
        byte[] content = TestFiles.randomBytes(i, 40_000 + i * 1234);
        files.put(rel, content);
        send(p, topic, TestFiles.chunksOf(src, rel, content, 8192, OptionalDouble.empty()));
      }
    }
    PipedOutputStream commands = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(commands);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() ->
        DataFileDownloadDirectory.run(stdin, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8), out.toString(), "--config",
            config.toString(), "--topic_name", topic, "--n_threads", "2", "--update_seconds",
            "1"));
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      await(Duration.ofSeconds(60), e.getKey(),
          () -> status.isDone() || hasContent(out.resolve(e.getKey()), e.getValue()));
    }
    await(Duration.ofSeconds(30), "a progress line",
        () -> err.toString(StandardCharsets.UTF_8).contains("5 files completed"));
    commands.write("c\nq\n".getBytes(StandardCharsets.UTF_8));
    commands.flush();
    assertThat(status.get(60, TimeUnit.SECONDS)).isZero();
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("Listening for files to reconstruct in " + out,
        "Will reconstruct files from messages in the " + topic + " topic using 2 threads",
        "messages processed, 5 files completely reconstructed so far",
        "files were successfully reconstructed from");
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      assertThat(Files.readAllBytes(out.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(out.resolve("DataFileDownloadDirectory.log")).exists();
  }

  @Test
  void encryptedRoundTripThroughTheCommandLine(LocalKafkaBroker broker, @TempDir Path nodes)
      throws Exception {
    String topic = createTopic(broker, "openmsitest.h6cli", 2);
    Path consumerNode = EncryptedTestSupport.copyNode(nodes, "oms_consumer");
    Path config = tmp.resolve("encrypted.config");
    Files.writeString(config, Files.readString(configFile(tmp, broker))
        + "\n[kafkacrypto]\nconfig_file = " + consumerNode + "\n");
    Path out = tmp.resolve("decrypted");
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (io.msistream.kex.NodeRuntime producerNode = EncryptedTestSupport.runtime(broker,
            EncryptedTestSupport.copyNode(nodes, "oms_producer"));
        KafkaProducer<Object, Object> p = EncryptedTestSupport.producer(broker, producerNode)) {
      for (int i = 0; i < 3; i++) {
        String rel = "e" + i + "/f" + i + ".bin";
        byte[] content = TestFiles.randomBytes(100 + i, 30_000 + i * 999);
        files.put(rel, content);
        for (var c : TestFiles.chunksOf(src, rel, content, 8192, OptionalDouble.empty())) {
          p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
              c.messageKey().getBytes(StandardCharsets.UTF_8),
              io.msistream.stream.chunk.ChunkEncoder.encode(c)));
        }
      }
      p.flush();
      PipedOutputStream commands = new PipedOutputStream();
      PipedInputStream stdin = new PipedInputStream(commands);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() ->
          DataFileDownloadDirectory.run(stdin, new PrintStream(new ByteArrayOutputStream()),
              new PrintStream(err, true, StandardCharsets.UTF_8), out.toString(), "--config",
              config.toString(), "--topic_name", topic, "--update_seconds", "-1"));
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        await(Duration.ofSeconds(90), e.getKey(),
            () -> status.isDone() || hasContent(out.resolve(e.getKey()), e.getValue()));
      }
      commands.write("q\n".getBytes(StandardCharsets.UTF_8));
      commands.flush();
      assertThat(status.get(60, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8))
          .isZero();
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      assertThat(Files.readAllBytes(out.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(out.resolve("ENCRYPTED_MESSAGES")).doesNotExist();
  }
}
