package io.msistream.tools.download;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one downloader run (thread-safe) and the lines it logs from them: the periodic
 * progress line, the {@code c} check, and the shutdown summary (spec §7.5).
 */
final class DownloadStats implements Reassembler.Listener {
  /** How many recently completed files are remembered for the check and the summary. */
  static final int RECENT = 50;

  final AtomicLong messagesRead = new AtomicLong();
  final AtomicLong messagesProcessed = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong bytesWritten = new AtomicLong();
  final AtomicLong filesCompleted = new AtomicLong();
  final AtomicLong bytesCompleted = new AtomicLong();
  final AtomicLong filesSetAside = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong undecryptable = new AtomicLong();
  final AtomicLong generationResets = new AtomicLong();

  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastBytes;
  private long lastFiles;

  @Override
  public void fileCompleted(String relative, long size) {
    filesCompleted.incrementAndGet();
    bytesCompleted.addAndGet(size);
    synchronized (recent) {
      recent.addFirst(relative);
      while (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
  }

  @Override
  public void fileSetAside(String relative, Path where, String why) {
    filesSetAside.incrementAndGet();
  }

  /** The most recently completed files, newest first. */
  List<String> recentFiles() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  /**
   * The periodic progress line: files completed and in progress, data received, and the rate
   * since the previous line.
   */
  synchronized String progressLine(int inProgress) {
    long now = System.nanoTime();
    long bytes = bytesWritten.get();
    long files = filesCompleted.get();
    double secs = Math.max(1e-9, (now - lastNanos) / 1e9);
    double rate = (bytes - lastBytes) / secs / (1 << 20);
    String line = String.format(Locale.ROOT,
        "%d files completed (%d since the last update, %d in progress), %.1f MiB written"
            + " (%.1f MiB/s over the last %.0f s), %d messages read, %d processed",
        files, files - lastFiles, inProgress, bytes / (double) (1 << 20), rate, secs,
        messagesRead.get(), messagesProcessed.get());
    lastNanos = now;
    lastBytes = bytes;
    lastFiles = files;
    return line;
  }

  /** Seconds since the run started. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Average rate of chunk data written since the start, MiB/s. */
  double averageMiBPerSecond() {
    return bytesWritten.get() / Math.max(1e-9, elapsedSeconds()) / (1 << 20);
  }
}
