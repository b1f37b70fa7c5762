package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One scenario's setting: a workspace, a broker, a topic {@code <root>.chunks} whose root is
 * the workspace's tag (so its key-exchange topics are the scenario's own), nodes provisioned for
 * that root, config files, and the tools started with the options every scenario uses.
 */
final class Lab {
  /** Upper bound for a tool to start, or a file set to arrive (generous: a loaded 2-core box). */
  static final Duration WAIT = Duration.ofSeconds(120);
  /** Upper bound for a tool to stop after {@code q}. */
  static final Duration EXIT = Duration.ofSeconds(60);
  /** The chunk size of the scenarios' uploads. */
  static final int CHUNK = 65_536;
  /** The downloader's work folder inside its output directory. */
  static final String WORK_FOLDER = ".msistream-download";
  static final String ENCRYPTED_MESSAGES = "ENCRYPTED_MESSAGES";

  static final Pattern UPLOADER_READY = Pattern.compile("Will upload new files added to ");
  static final Pattern DOWNLOADER_READY =
      Pattern.compile("Will reconstruct files from messages in the ");

  final Workspace ws;
  final String bootstrap;
  final String root;
  final String topic;
  private final Map<String, String> toolEnv;

  private Lab(Workspace ws, String bootstrap, String root, String topic,
      Map<String, String> toolEnv) {
    this.ws = ws;
    this.bootstrap = bootstrap;
    this.root = root;
    this.topic = topic;
    this.toolEnv = Map.copyOf(toolEnv);
  }

  /** The same lab whose tools also get these environment variables. */
  Lab withToolEnv(Map<String, String> env) {
    return new Lab(ws, bootstrap, root, topic, env);
  }

  /** A lab on {@code bootstrap} with a new topic of {@code partitions} partitions. */
  static Lab create(Workspace ws, String bootstrap, int partitions) throws Exception {
    return create(ws, bootstrap, ws.tag(), partitions);
  }

  /** A lab whose topic is {@code <root>.<tag>}. */
  static Lab create(Workspace ws, String bootstrap, String root, int partitions) throws Exception {
    String topic = root + "." + (root.equals(ws.tag()) ? "chunks" : ws.tag());
    Cluster.createTopic(bootstrap, topic, partitions);
    return new Lab(ws, bootstrap, root, topic, Map.of());
  }

  /** Provisions {@code <name>-<tag>} for this lab's root, re-requesting keys every 2 s. */
  Path node(String name, NodeRole role) throws Exception {
    Path config = Nodes.provision(ws, name + "-" + ws.tag(), role, root);
    Nodes.fastRetries(config);
    return config;
  }

  /** A config file {@code configs/<name>.config} for this broker encrypting with {@code node}. */
  Path config(String name, Path node) {
    return ConfigFile.forBroker(bootstrap).node(node)
        .writeTo(ws.dir("configs").resolve(name + ".config"));
  }

  /**
   * A producer config for uploads the broker throttles ({@link Cluster#throttleProducer}): one
   * request in flight at a time, so the quota holds from the first second instead of after a
   * burst of several requests.
   */
  Path throttledProducerConfig(String name, Path node) {
    return ConfigFile.forBroker(bootstrap).node(node)
        .set("producer", "max.in.flight.requests.per.connection", "1")
        .writeTo(ws.dir("configs").resolve(name + ".config"));
  }

  /**
   * {@code DataFileUploadDirectory src --upload_existing} with 64 KiB chunks, a 1 s settle time and
   * a progress line every 2 s.
   */
  ToolProcess uploader(String name, Path config, Path src, String... extra) {
    List<String> a = new ArrayList<>(List.of(src.toString(), "--config", config.toString(),
        "--topic_name", topic, "--upload_existing", "--watchdog_lag_time", "1",
        "--update_seconds", "2", "--chunk_size", Integer.toString(CHUNK)));
    a.addAll(List.of(extra));
    return ws.start(name, Tool.DATA_FILE_UPLOAD_DIRECTORY, toolEnv, a);
  }

  /**
   * {@code DataFileDownloadDirectory out} in consumer group {@code group}, a progress line every
   * 2 s, its log file in {@code logs/<name>/} (not in the output directory).
   */
  ToolProcess downloader(String name, Path config, Path out, String group, String... extra) {
    List<String> a = new ArrayList<>(List.of(out.toString(), "--config", config.toString(),
        "--topic_name", topic, "--consumer_group_id", group, "--update_seconds", "2",
        "--logger_file_path", ws.logs().resolve(name).toString()));
    a.addAll(List.of(extra));
    return ws.start(name, Tool.DATA_FILE_DOWNLOAD_DIRECTORY, toolEnv, a);
  }

  /** Waits until every file of {@code tree} is in {@code out} with its full size. */
  void awaitFiles(FileTree tree, Path out) {
    Await.until("all " + tree.size() + " files in " + out, WAIT,
        () -> tree.presentIn(out) == tree.size(),
        () -> tree.presentIn(out) + " of " + tree.size() + " present\n" + ws.diagnostics());
  }

  /** Types {@code q} and asserts a clean exit (status 0). */
  static void stop(ToolProcess p) {
    int status = p.quit(EXIT);
    assertThat(status).as("%s exit status after q\n%s", p.name(), p.tail()).isZero();
  }

  /**
   * The output directory holds exactly the files of {@code tree}, byte-identical, and besides
   * them only the downloader's work folder and {@code alsoAllowed}; the tools left nothing in
   * their working directory.
   */
  void assertDownloaded(FileTree tree, Path out, String... alsoAllowed) {
    Set<String> allowed = new TreeSet<>(List.of(alsoAllowed));
    allowed.add(WORK_FOLDER);
    tree.assertExactlyIn(out, allowed);
    ws.assertWorkingDirectoryUntouched();
  }

  /** The upload folder holds the tree and the uploader's own LOGS/ folder, nothing else. */
  static void assertSourceUntouched(FileTree tree, Path src) {
    tree.assertExactlyIn(src, Set.of("LOGS"));
  }
}
