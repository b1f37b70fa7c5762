package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CommonArgs;
import io.msistream.stream.cli.ToolMain;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.StreamConfig;
import io.msistream.kex.HandoffPolicy;
import io.msistream.stream.kafka.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code UploadDataFile <filepath> [options]}: uploads one file as chunk messages (the same
 * chunking as {@link DataFileUploadDirectory}, the file at the root: empty subdirectory) and exits
 * once the broker has acknowledged every chunk; exit status 1 if any chunk could not be sent
 * (spec §6). Shows a progress bar on a terminal, progress lines otherwise.
 */
public final class UploadDataFile {
  static final String PROGRAM = "UploadDataFile";
  private static final Logger LOG = LoggerFactory.getLogger(UploadDataFile.class);
  /** Re-sends of a chunk after retriable failures (beyond the producer's own retries). */
  private static final int MAX_RESENDS = 2;

  private UploadDataFile() {}

  public static void main(String[] argv) {
    ToolMain.mainWithStatus(UploadArgs.fileSpec(),
        a -> run(a, System.err) ? ToolMain.OK : ToolMain.FAILURE, argv);
  }

  /** Runs in-process and returns the exit status (for tests and embedding). */
  static int run(String[] argv, PrintStream out, PrintStream err) {
    return ToolMain.runWithStatus(UploadArgs.fileSpec(),
        a -> run(a, err) ? ToolMain.OK : ToolMain.FAILURE, argv, out, err);
  }

  /**
   * Uploads the file.
   *
   * @param terminal where the progress bar goes when a console is attached
   * @return true if every chunk was acknowledged
   */
  static boolean run(CliArgs a, PrintStream terminal) throws Exception {
    Path file = a.get(UploadArgs.FILEPATH).toRealPath();
    String topic = a.get(CommonArgs.TOPIC_NAME);
    int chunkSize = a.get(CommonArgs.CHUNK_SIZE);
    int threads = a.get(UploadArgs.N_THREADS_UPLOAD);
    SendSettings send = new SendSettings(topic, chunkSize, threads,
        SendSettings.budget(a.get(UploadArgs.QUEUE_MAX_SIZE), chunkSize,
            Runtime.getRuntime().maxMemory()),
        a.get(UploadArgs.LEGACY_CHUNK_FORMAT) ? ChunkFormat.NINE_FIELDS_LEGACY
            : ChunkFormat.TEN_FIELDS);
    StreamConfig config = StreamConfig.resolve(a.get(CommonArgs.CONFIG),
        ConfigDirs.fromEnvironment());
    LOG.info("Uploading {} to {} in {}-byte chunks using {} threads....", file, topic, chunkSize,
        threads);
    try (KafkaClients clients = KafkaClients.open(config, ConfigDirs.fromEnvironment())) {
      if (clients.isEncrypted()) {
        double handoff = a.get(UploadArgs.KEY_HANDOFF_TIMEOUT);
        clients.handOffKeysOnClose(Duration.ofMillis(Math.round(handoff * 1000)),
            HandoffPolicy.KEEPER);
        LOG.warn("Encrypted upload: consumers get the keys to decrypt these messages from the"
            + " producing node while it runs, and this program exits once the file is sent."
            + " Consumers that are not running now cannot decrypt it later unless a key keeper"
            + " (bin/KeyKeeper) receives the keys{}; for encrypted topics without a keeper prefer"
            + " DataFileUploadDirectory, which keeps running", handoff > 0
                ? " (this program waits up to " + handoff + " s for that before it exits)" : "");
      }
      Producer<String, byte[]> producer = clients.encodedChunkProducer(
          send.producerOverrides(clients, PROGRAM));
      KafkaClients.requireTopic(producer, topic);
      clients.ensureKeyExchangeTopics(topic);
      Outcome outcome = new Outcome();
      UploadEngine engine = new UploadEngine(producer, topic, file.getParent(),
          ChunkPlanner.of(chunkSize).emptyFileAsOneChunk(), send.format(),
          new ByteBudget(send.budgetBytes()), MAX_RESENDS, outcome);
      ProgressDisplay display = ProgressDisplay.create(terminal, file.getFileName().toString());
      engine.start(threads, "upload");
      engine.submit(FileJob.fresh(file, file.getFileName().toString()));
      while (!outcome.done.await(250, TimeUnit.MILLISECONDS)) {
        display.update(outcome);
      }
      display.update(outcome);
      display.finish();
      engine.stop(Duration.ofSeconds(30));
      producer.flush();
      if (outcome.failure != null) {
        LOG.error("{} could not be uploaded: {}", file, outcome.failure);
        return false;
      }
      LOG.info("Done uploading {} ({} in {} chunks, {})", file, Progress.mb(outcome.bytesAcked()),
          outcome.chunksAcked(), Progress.rate(outcome.progress.averageRate()));
      return true;
    }
  }

  /** Collects the single file's progress and end. */
  static final class Outcome implements UploadListener {
    final CountDownLatch done = new CountDownLatch(1);
    final Progress progress = new Progress();
    volatile FileUpload upload;
    volatile String failure;

    @Override
    public void started(FileUpload u) {
      upload = u;
    }

    @Override
    public void acked(FileUpload u, int index, int bytes) {
      progress.chunkAcked(bytes);
    }

    @Override
    public void completed(FileUpload u) {
      done.countDown();
    }

    @Override
    public void ended(FileJob job, FileUpload u, FileUpload.Outcome o, String why,
        Throwable cause) {
      failure = why;
      done.countDown();
    }

    long bytesAcked() {
      return progress.bytes();
    }

    long chunksAcked() {
      return progress.chunks();
    }

    long bytesTotal() {
      FileUpload u = upload;
      return u == null ? -1 : u.bytesToSend();
    }
  }
}
