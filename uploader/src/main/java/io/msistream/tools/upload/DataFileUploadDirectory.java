package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CommonArgs;
import io.msistream.stream.cli.ControlledProcess;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.StreamConfig;
import io.msistream.kex.HandoffPolicy;
import io.msistream.stream.kafka.KafkaClients;
import io.msistream.stream.log.LogFiles;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DataFileUploadDirectory <upload_dir> [options]}: uploads every file added to a directory
 * tree to a Kafka topic as OpenMSIStream chunk messages and keeps watching until {@code q} /
 * {@code quit} on stdin or SIGTERM/SIGINT (spec §5). See {@link DirectoryUploader} for what is
 * uploaded when, and {@link UploadRegistry} for the restart state in the logs directory.
 */
public final class DataFileUploadDirectory {
  static final String PROGRAM = "DataFileUploadDirectory";
  private static final Logger LOG = LoggerFactory.getLogger(DataFileUploadDirectory.class);

  private DataFileUploadDirectory() {}

  public static void main(String[] argv) {
    ToolMain.main(UploadArgs.directorySpec(), a -> run(a, System.in, true), argv);
  }

  /**
   * Runs the tool with parsed arguments.
   *
   * @param commands where {@code q}/{@code c} lines come from (null: none)
   * @param signals whether SIGTERM/SIGINT stop it gracefully
   */
  static void run(CliArgs a, InputStream commands, boolean signals) throws Exception {
    Path root = a.get(UploadArgs.UPLOAD_DIR).toRealPath();
    Path logsDir = LogFiles.resolve(a.get(CommonArgs.LOGGER_FILE_PATH), root.resolve("LOGS"),
        PROGRAM).getParent();
    String topic = UploadArgs.producerTopic(a);
    int chunkSize = a.get(CommonArgs.CHUNK_SIZE);
    warnUnsupported(a);
    SendSettings send = new SendSettings(topic, chunkSize, a.get(UploadArgs.N_THREADS_UPLOAD),
        SendSettings.budget(a.get(UploadArgs.QUEUE_MAX_SIZE), chunkSize,
            Runtime.getRuntime().maxMemory()),
        a.get(UploadArgs.LEGACY_CHUNK_FORMAT) ? ChunkFormat.NINE_FIELDS_LEGACY
            : ChunkFormat.TEN_FIELDS);
    UploadFilter filter = UploadFilter.of(root, logsDir, a.get(UploadArgs.UPLOAD_REGEX));
    StreamConfig config = StreamConfig.resolve(a.get(CommonArgs.CONFIG),
        ConfigDirs.fromEnvironment());
    UploadRegistry registry = UploadRegistry.open(logsDir, topic);
    try (KafkaClients clients = KafkaClients.open(config, ConfigDirs.fromEnvironment())) {
      double handoff = a.get(UploadArgs.KEY_HANDOFF_TIMEOUT);
      clients.handOffKeysOnClose(Duration.ofMillis(Math.round(handoff * 1000)),
          HandoffPolicy.KEEPER);
      Producer<String, byte[]> producer = clients.encodedChunkProducer(
          send.producerOverrides(clients, PROGRAM));
      KafkaClients.requireTopic(producer, topic);
      clients.ensureKeyExchangeTopics(topic);
      DirectoryUploader uploader = new DirectoryUploader(root, filter,
          Duration.ofSeconds(a.get(UploadArgs.WATCHDOG_LAG_TIME)),
          a.get(UploadArgs.UPLOAD_EXISTING), a.get(UploadArgs.USE_POLLING_OBSERVER), send,
          registry, producer);
      ControlledProcess process = ControlledProcess.builder(PROGRAM)
          .input(commands)
          .handleSignals(signals)
          .onCheck(uploader::requestCheck)
          .updates(a.get(CommonArgs.UPDATE_SECONDS), uploader::requestUpdate)
          .build();
      process.run(uploader::run);
    }
  }

  private static void warnUnsupported(CliArgs a) {
    if (a.get(CommonArgs.HEARTBEAT_TOPIC_NAME) != null) {
      LOG.warn("Heartbeat messages are not supported by this version: --heartbeat_topic_name is"
          + " ignored");
    }
    if (a.get(CommonArgs.LOG_TOPIC_NAME) != null) {
      LOG.warn("Log messages to Kafka are not supported by this version: --log_topic_name is"
          + " ignored");
    }
  }
}
