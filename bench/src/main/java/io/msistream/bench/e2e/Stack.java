package io.msistream.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The parts of an end-to-end run, each a real process started from the shaded jars: a local
 * broker, ProvisionNode for the nodes, the uploader, the downloader and the key keeper. Everything
 * lives in one work folder; {@link #close()} stops every process still running.
 */
final class Stack implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("bootstrap\\.servers=(\\S+)");
  static final String DOWNLOADER = "io.msistream.tools.download.DataFileDownloadDirectory";
  static final String UPLOADER = "io.msistream.tools.upload.DataFileUploadDirectory";

  private final Workspace ws;
  private final Path work;
  private final PrintStream out;
  private final List<ToolProcess> running = new ArrayList<>();
  private final List<String> jvm;
  private ToolProcess broker;
  private String bootstrap;

  /**
   * The JVM options {@code bin/} launchers give a tool when {@code JAVA_OPTS} is not set
   * ({@code MSISTREAM_DEFAULT_JAVA_OPTS} in {@code bin/_launch}), so figures measured here are
   * what users get.
   */
  static final List<String> LAUNCHER_DEFAULTS = List.of("-XX:+UseParallelGC", "-Xmn64m");

  Stack(Workspace ws, Path work, PrintStream out, List<String> jvmOptions) {
    this.ws = ws;
    this.work = work;
    this.out = out;
    this.jvm = List.copyOf(jvmOptions);
  }

  Path work() {
    return work;
  }

  String bootstrap() {
    return bootstrap;
  }

  ToolProcess broker() {
    return broker;
  }

  /** Starts {@code LocalKafkaBroker} on a free port with its data in the work folder. */
  void startBroker() throws IOException, InterruptedException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    broker = start("LocalKafkaBroker", "local-broker", "io.msistream.broker.LocalKafkaBrokerMain",
        List.of("--port", Integer.toString(port), "--data-dir", work.resolve("kafka").toString()),
        Map.of());
    Matcher m = broker.awaitLog(READY, Duration.ofSeconds(120));
    bootstrap = m.group(1);
  }

  /** Creates a topic with {@code partitions} partitions. */
  void createTopic(String topic, int partitions) throws IOException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * Provisions a node with ProvisionNode (scripted, passwords from files) into
   * {@code <work>/config_files/<id>/}; returns the node's config file.
   */
  Path provision(String nodeId, int role, String topics, Path rotPassword, Path provPassword)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("config_files"));
    ToolProcess p = start("ProvisionNode " + nodeId, "provision-tool",
        "io.msistream.tools.provision.ProvisionNode",
        List.of("--node-id", nodeId, "--role", Integer.toString(role), "--topics", topics,
            "--rot-password-file", rotPassword.toString(), "--provisioning-password-file",
            provPassword.toString(), "--yes", "--output-dir", dir.toString()),
        Map.of());
    int status = p.await(Duration.ofSeconds(180));
    running.remove(p);
    if (status != 0) {
      throw new IOException("ProvisionNode " + nodeId + " failed with status " + status + p.tail());
    }
    return dir.resolve(nodeId).resolve(nodeId + ".config");
  }

  /** Writes an OpenMSIStream config for the local broker, encrypted when {@code node} is given. */
  Path config(String name, Path node) throws IOException {
    StringBuilder c = new StringBuilder()
        .append("[broker]\nbootstrap.servers = ").append(bootstrap).append("\n\n")
        .append("[producer]\nbatch.size = 1000000\nlinger.ms = 50\n")
        .append("key.serializer = StringSerializer\nvalue.serializer = DataFileChunkSerializer\n\n")
        .append("[consumer]\ngroup.id = create_new\nauto.offset.reset = earliest\n")
        .append("enable.auto.commit = False\nfetch.min.bytes = 100000\n")
        .append("key.deserializer = StringDeserializer\n")
        .append("value.deserializer = DataFileChunkDeserializer\n");
    if (node != null) {
      c.append("\n[kafkacrypto]\nconfig_file = ").append(node.toAbsolutePath()).append('\n');
    }
    Path file = Files.createDirectories(work.resolve("config_files")).resolve(name + ".config");
    Files.writeString(file, c, StandardCharsets.UTF_8);
    return file;
  }

  /** DataFileUploadDirectory on {@code dir}, uploading what is there and what arrives. */
  ToolProcess startUploader(Path dir, Path config, String topic, List<String> extra)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(dir.toString(), "--config", config.toString(),
        "--topic_name", topic, "--upload_existing", "--watchdog_lag_time", "1",
        "--update_seconds", "-1"));
    args.addAll(extra);
    return start("DataFileUploadDirectory", "uploader", UPLOADER, args, Map.of());
  }

  /** DataFileDownloadDirectory into {@code outDir}. */
  ToolProcess startDownloader(Path outDir, Path config, String topic, List<String> extra)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(outDir.toString(), "--config", config.toString(),
        "--topic_name", topic, "--update_seconds", "-1"));
    args.addAll(extra);
    return start("DataFileDownloadDirectory", "downloader", DOWNLOADER, args, Map.of());
  }

  /** KeyKeeper for {@code topic}. */
  ToolProcess startKeeper(Path config, String topic) throws IOException {
    return start("KeyKeeper", "key-keeper", "io.msistream.tools.keeper.KeyKeeper",
        List.of("--config", config.toString(), "--topic_name", topic, "--update_seconds", "-1"),
        Map.of());
  }

  ToolProcess start(String name, String module, String main, List<String> args,
      Map<String, String> env) throws IOException {
    String logName = name.replaceAll("[^A-Za-z0-9_.-]+", "_") + "-" + running.size() + ".log";
    ToolProcess p = ToolProcess.start(name, ws.jar(module), main, args,
        module.equals("local-broker") ? LAUNCHER_DEFAULTS : jvm, env,
        work.resolve("logs").resolve(logName));
    running.add(p);
    return p;
  }

  /** Stops a process ({@code q}, then signals) and forgets it. */
  int stop(ToolProcess p) throws InterruptedException {
    running.remove(p);
    return p.stop(Duration.ofSeconds(30));
  }

  /** Stops every tool still running, the broker last. */
  @Override
  public void close() throws InterruptedException {
    List<ToolProcess> tools = new ArrayList<>(running);
    java.util.Collections.reverse(tools);
    for (ToolProcess p : tools) {
      if (p != broker) {
        p.stop(Duration.ofSeconds(30));
      }
    }
    if (broker != null) {
      broker.terminate(Duration.ofSeconds(30));
    }
    running.clear();
  }

  void say(String what) {
    // HH:mm:ss always (LocalTime.toString drops ':00' seconds)
    out.println("[demo " + java.time.LocalTime.now()
        .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + what);
    out.flush();
  }
}
