package io.msistream.tools.download;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.msistream.kex.CryptoMessage;
import io.msistream.kex.DecryptionWaiter;
import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.ArgTypes;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.CommonArgs;
import io.msistream.stream.cli.ControlledProcess;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.cli.UserError;
import io.msistream.stream.config.ClientRole;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.StreamConfig;
import io.msistream.stream.config.ToolDefaults;
import io.msistream.stream.kafka.KafkaClients;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DataFileDownloadDirectory <output_dir> [options]}: reconstructs the files whose chunks
 * arrive on a topic (OpenMSIStream spec §7), with OpenMSIStream's options and output layout, plus:
 * files appear at their final path atomically and only once their hash matches; progress is
 * persisted and offsets are committed only for durable chunks, so a restart with the same
 * consumer group completes half-received files; hostile paths and unusable records are kept for
 * inspection instead of written or crash-looping; several instances may share one output
 * directory.
 *
 * <p>Runs until {@code q} on stdin or SIGTERM/SIGINT (a graceful stop); {@code c} logs a status
 * report; a progress line is logged every {@code --update_seconds}.
 */
public final class DataFileDownloadDirectory {
  /** The program name (log lines, help, defaults prefix). */
  public static final String PROGRAM = "DataFileDownloadDirectory";

  private static final Logger LOG = LoggerFactory.getLogger(PROGRAM);

  static final Arg<Path> OUTPUT_DIR = Arg.positional("output_dir", ArgTypes.DIRECTORY_TO_CREATE,
      "Directory to put reconstructed files in (created if missing)");

  static final Arg<Pattern> DOWNLOAD_REGEX = Arg.option("download_regex", ArgTypes.PYTHON_REGEX,
      null, "Only reconstruct files whose relative path (OS separators) matches this"
          + " (Python-syntax) regular expression at its start")
      .metavar("REGEX");

  private static final CliSpec SPEC = CliSpec.builder(PROGRAM)
      .description("Reconstruct files from the chunk messages of a Kafka topic into a directory."
          + " Type 'q' or 'quit' to stop, 'c' or 'check' for a status report.")
      .add(OUTPUT_DIR, CommonArgs.CONFIG, CommonArgs.TOPIC_NAME, CommonArgs.CONSUMER_TOPIC_NAME,
          CommonArgs.PRODUCER_TOPIC_NAME.withHelp("Not used by this program"),
          CommonArgs.CONSUMER_GROUP_ID, DOWNLOAD_REGEX,
          CommonArgs.N_THREADS.withHelp("Number of consumer threads (consumers in the group)"),
          CommonArgs.TREAT_UNDECRYPTABLE_AS_PLAINTEXT, CommonArgs.MAX_WAIT_PER_DECRYPT,
          CommonArgs.MAX_INITIAL_WAIT_PER_DECRYPT, CommonArgs.UPDATE_SECONDS,
          CommonArgs.HEARTBEAT_TOPIC_NAME, CommonArgs.HEARTBEAT_PROGRAM_ID,
          CommonArgs.HEARTBEAT_INTERVAL_SECS, CommonArgs.LOG_TOPIC_NAME,
          CommonArgs.LOG_PROGRAM_ID, CommonArgs.LOG_INTERVAL_SECS)
      .withLogging(a -> a.get(OUTPUT_DIR))
      .versionOf(DataFileDownloadDirectory.class)
      .defaults(ToolDefaults.forProgram(PROGRAM))
      .build();

  private DataFileDownloadDirectory() {}

  /** The command line this program accepts. */
  public static CliSpec spec() {
    return SPEC;
  }

  /** Runs the program and exits the JVM with its status (0, 1 failure, 2 usage/config error). */
  public static void main(String[] argv) {
    ToolMain.main(SPEC, args -> run(args, System.in, true), argv);
  }

  /**
   * Runs the program in this JVM and returns its exit status; {@code commands} replaces stdin
   * ({@code q} stops it), and no signal handler is installed.
   */
  public static int run(InputStream commands, PrintStream out, PrintStream err, String... argv) {
    return ToolMain.run(SPEC, args -> run(args, commands, false), argv, out, err);
  }

  private static void run(CliArgs args, InputStream commands, boolean signals) throws Exception {
    Path out = args.get(OUTPUT_DIR);
    String topic = consumerTopic(args);
    String group = args.get(CommonArgs.CONSUMER_GROUP_ID);
    if (group.equals("create_new")) {
      group = UUID.randomUUID().toString();
    }
    int threads = args.get(CommonArgs.N_THREADS);
    ToolDefaults defaults = ToolDefaults.forProgram(PROGRAM);
    ConfigDirs dirs = ConfigDirs.fromEnvironment();
    StreamConfig config = StreamConfig.resolve(args.get(CommonArgs.CONFIG), dirs);
    warnUnsupported(args);
    try (KafkaClients clients = KafkaClients.open(config, dirs)) {
      Map<String, Object> overrides = consumerOverrides(clients, defaults, group,
          args.get(CommonArgs.MAX_INITIAL_WAIT_PER_DECRYPT));
      long maxPollMs = ((Number) clients.properties(ClientRole.CONSUMER, overrides)
          .get("max.poll.interval.ms")).longValue();
      ConsumerWorker.Settings settings = new ConsumerWorker.Settings(
          seconds(defaults.getDouble("poll-seconds")),
          seconds(defaults.getDouble("checkpoint-seconds")),
          (long) (defaults.getDouble("checkpoint-mebibytes") * (1 << 20)),
          Duration.ofMillis(maxPollMs / 2), Duration.ofSeconds(1));
      checkTopic(clients, topic);
      LOG.info("Listening for files to reconstruct in {}", out);
      LOG.info("Will reconstruct files from messages in the {} topic using {} thread{}", topic,
          threads, threads == 1 ? "" : "s");
      Downloader d;
      try {
        d = start(clients, args, out, topic, threads, overrides, settings);
      } catch (java.io.IOException e) {
        throw new UnavailableException("cannot use the output directory " + out + ": " + e);
      }
      ControlledProcess p = ControlledProcess.builder(PROGRAM)
          .input(commands)
          .handleSignals(signals)
          .onCheck(d::logCheck)
          .updates(args.get(CommonArgs.UPDATE_SECONDS), d::logProgress)
          .build();
      p.run(stop -> {
        try {
          stop.await();
        } finally {
          d.close();
        }
      });
    }
  }

  /** Starts the downloader with plain or decrypting consumers, as the config asks. */
  private static Downloader start(KafkaClients clients, CliArgs args, Path out, String topic,
      int threads, Map<String, Object> overrides, ConsumerWorker.Settings settings)
      throws Exception {
    Optional<Pattern> regex = Optional.ofNullable(args.get(DOWNLOAD_REGEX));
    if (!clients.isEncrypted()) {
      ConsumerWorker.ConsumerSource<byte[], ByteBuffer> source = id -> clients.consumer(
          new ByteArrayDeserializer(), new ByteBufferDeserializer(), withClientId(overrides, id));
      return Downloader.start(out, topic, threads, regex, source, RecordOpener.plain(), settings);
    }
    clients.ensureKeyExchangeTopics(topic);
    DecryptionWaiter waiter = DecryptionWaiter.create(
        seconds(args.get(CommonArgs.MAX_INITIAL_WAIT_PER_DECRYPT)),
        seconds(args.get(CommonArgs.MAX_WAIT_PER_DECRYPT)));
    ConsumerWorker.ConsumerSource<CryptoMessage<byte[]>, CryptoMessage<byte[]>> source =
        id -> clients.messageConsumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
            withClientId(overrides, id));
    return Downloader.start(out, topic, threads, regex, source,
        new DecryptingOpener(waiter, args.get(CommonArgs.TREAT_UNDECRYPTABLE_AS_PLAINTEXT)),
        settings);
  }

  private static Map<String, Object> withClientId(Map<String, Object> overrides, String id) {
    Map<String, Object> o = new LinkedHashMap<>(overrides);
    o.put("client.id", id);
    return o;
  }

  /** {@code --consumer_topic_name} unless left at {@code test}, then {@code --topic_name}. */
  static String consumerTopic(CliArgs args) {
    String c = args.get(CommonArgs.CONSUMER_TOPIC_NAME);
    return c.equals("test") ? args.get(CommonArgs.TOPIC_NAME) : c;
  }

  /**
   * What the downloader sets on its consumers: the group (always the option's), manual commits
   * (always), a poll interval well above the decryption waits, and fetch sizes suited to large
   * chunk messages unless the config file's {@code [consumer]} section sets them.
   */
  static Map<String, Object> consumerOverrides(KafkaClients clients, ToolDefaults defaults,
      String group, double initialWaitSeconds) throws Exception {
    Map<String, Object> fromConfig = clients.properties(ClientRole.CONSUMER, Map.of());
    Map<String, Object> o = new LinkedHashMap<>();
    Config cd = defaults.config().getConfig(defaults.keyOf("consumer-defaults"));
    for (Map.Entry<String, ConfigValue> e : cd.root().entrySet()) {
      if (!fromConfig.containsKey(e.getKey())) {
        o.put(e.getKey(), e.getValue().unwrapped());
      }
    }
    if (!fromConfig.containsKey("max.poll.interval.ms")) {
      // a batch is cut short after half of it; with the default waits Kafka's 300 s is enough
      long ms = Math.min(Integer.MAX_VALUE / 2,
          Math.max(300_000L, (long) ((initialWaitSeconds + 30) * 4 * 1000)));
      o.put("max.poll.interval.ms", (int) ms);
      if (ms > 540_000 && !fromConfig.containsKey("connections.max.idle.ms")) {
        o.put("connections.max.idle.ms", ms + 60_000);
      }
    }
    Object auto = fromConfig.get("enable.auto.commit");
    if (Boolean.TRUE.equals(auto)) {
      LOG.warn("enable.auto.commit = True in the config file is ignored: offsets are committed"
          + " only after their chunks are safely on disk");
    }
    o.put("enable.auto.commit", false);
    o.put("group.id", group);
    return o;
  }

  private static void checkTopic(KafkaClients clients, String topic) throws Exception {
    Admin admin = clients.admin(Map.of());
    try {
      Exception last = null;
      for (int attempt = 0; attempt < 10; attempt++) {
        try {
          admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          last = e;
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException) && attempt >= 2) {
            break;
          }
        } catch (TimeoutException e) {
          last = e;
        }
        Thread.sleep(1000);
      }
      Throwable cause = last instanceof ExecutionException ? last.getCause() : last;
      if (cause instanceof UnknownTopicOrPartitionException) {
        throw new UnavailableException("topic '" + topic + "' does not exist");
      }
      throw new UnavailableException("cannot reach the broker to look up topic '" + topic + "': "
          + cause);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private static void warnUnsupported(CliArgs args) {
    if (args.get(CommonArgs.HEARTBEAT_TOPIC_NAME) != null
        || args.get(CommonArgs.LOG_TOPIC_NAME) != null) {
      LOG.warn("--heartbeat_topic_name/--log_topic_name: heartbeat and log messages are not"
          + " produced by this version; the options are ignored");
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  /** A condition the user must fix (missing topic, unreachable broker): exit status 2. */
  static final class UnavailableException extends Exception implements UserError {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }
}
