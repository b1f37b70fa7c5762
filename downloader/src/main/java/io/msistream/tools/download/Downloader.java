package io.msistream.tools.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running downloader: the work folder, the shared {@link Reassembler}, and {@code n} consumer
 * threads in one group. Started by {@link #start}, stopped (gracefully: every thread checkpoints
 * and commits) by {@link #close()}.
 */
final class Downloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Path outputDir;
  private final WorkDir work;
  private final Reassembler reassembler;
  private final DownloadStats stats;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<ConsumerWorker<?, ?>> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final LocalDateTime started = LocalDateTime.now();
  private boolean closed;

  private Downloader(Path outputDir, WorkDir work, Reassembler reassembler, DownloadStats stats) {
    this.outputDir = outputDir;
    this.work = work;
    this.reassembler = reassembler;
    this.stats = stats;
  }

  /**
   * Opens the output directory (resuming partial files found in its work folder) and starts
   * {@code threads} consumers of {@code topic}.
   */
  static <K, V> Downloader start(Path outputDir, String topic, int threads,
      Optional<Pattern> regex, ConsumerWorker.ConsumerSource<K, V> source,
      RecordOpener<K, V> opener, ConsumerWorker.Settings settings) throws IOException {
    Path out = outputDir.toAbsolutePath().normalize();
    Files.createDirectories(out);
    WorkDir work = WorkDir.open(out);
    DownloadStats stats = new DownloadStats();
    Reassembler reassembler = new Reassembler(work, stats);
    Downloader d = new Downloader(out, work, reassembler, stats);
    try {
      int resumed = reassembler.recover();
      if (resumed > 0) {
        LOG.info("Resuming {} partially received file(s) found in {}", resumed, out);
      }
      RecordHandler handler = new RecordHandler(out, reassembler,
          new RecordKeeper(out, ZoneId.systemDefault()), regex, stats);
      String base = "DataFileDownloadDirectory-" + work.instanceId();
      for (int i = 0; i < threads; i++) {
        ConsumerWorker<K, V> w = new ConsumerWorker<>(base + "-" + i, topic, source, opener,
            handler, reassembler, settings, d.stop);
        Thread t = new Thread(w, "consumer-" + i);
        d.workers.add(w);
        d.threads.add(t);
      }
      d.threads.forEach(Thread::start);
      return d;
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  DownloadStats stats() {
    return stats;
  }

  Path outputDir() {
    return outputDir;
  }

  int inProgress() {
    return reassembler.inProgress();
  }

  /** The {@code c}/{@code check} report (spec §7.5). */
  void logCheck() {
    LOG.info("{} messages read, {} messages processed, {} files completely reconstructed so far",
        stats.messagesRead.get(), stats.messagesProcessed.get(), stats.filesCompleted.get());
    if (LOG.isDebugEnabled()) {
      StringBuilder sb = new StringBuilder("Files recognized so far (up to ")
          .append(DownloadStats.RECENT).append(" most recent completed files shown):");
      for (String p : reassembler.inProgressPaths()) {
        sb.append("\n\t").append(p).append(" (in progress)");
      }
      for (String p : stats.recentFiles()) {
        sb.append("\n\t").append(p).append(" (completed)");
      }
      LOG.debug("{}", sb);
    }
  }

  /** The periodic progress line. */
  void logProgress() {
    LOG.info("{}", stats.progressLine(reassembler.inProgress()));
  }

  /**
   * Stops the consumers gracefully (each makes its chunks durable and commits), closes the work
   * folder and logs the summary. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop.set(true);
    workers.forEach(ConsumerWorker::wakeup);
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(120).toMillis());
        if (t.isAlive()) {
          LOG.warn("{} did not stop within 120 s", t.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int partial = reassembler.inProgress();
    reassembler.close();
    work.close();
    if (!threads.isEmpty()) {
      logSummary(partial);
    }
  }

  private void logSummary(int partial) {
    LOG.info("File reconstructor writing to {} shut down", outputDir);
    StringBuilder sb = new StringBuilder();
    sb.append(stats.messagesRead.get()).append(" total messages were consumed, ")
        .append(stats.messagesProcessed.get()).append(" messages were successfully processed, and ")
        .append(stats.filesCompleted.get()).append(" files were successfully reconstructed from ")
        .append(WHEN.format(started)).append(" to ").append(WHEN.format(LocalDateTime.now()));
    List<String> recent = stats.recentFiles();
    if (!recent.isEmpty()) {
      sb.append("\nMost recently reconstructed files (up to ").append(DownloadStats.RECENT)
          .append("):");
      for (String p : recent) {
        sb.append("\n\t").append(p);
      }
    }
    long rejected = stats.rejected.get();
    long undecryptable = stats.undecryptable.get();
    long aside = stats.filesSetAside.get();
    if (rejected + undecryptable + aside > 0) {
      sb.append(String.format("%n%d messages could not be decrypted (%s), %d were rejected (%s),"
          + " %d reconstructed files were set aside (%s)", undecryptable,
          RecordKeeper.ENCRYPTED_MESSAGES, rejected, RecordKeeper.REJECTED_MESSAGES, aside,
          Reassembler.REJECTED_FILES));
    }
    if (partial > 0) {
      sb.append("\n").append(partial).append(" partially received file(s) will be continued by"
          + " the next run with the same consumer group");
    }
    LOG.info("{}", sb);
  }
}
