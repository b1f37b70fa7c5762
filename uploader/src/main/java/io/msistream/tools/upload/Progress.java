package io.msistream.tools.upload;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the broker acknowledged, and rates over the time since the last look. */
final class Progress {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong failedFiles = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastBytes;

  void chunkAcked(int n) {
    bytes.addAndGet(n);
    chunks.incrementAndGet();
  }

  void fileCompleted() {
    files.incrementAndGet();
  }

  void fileFailed() {
    failedFiles.incrementAndGet();
  }

  long bytes() {
    return bytes.get();
  }

  long chunks() {
    return chunks.get();
  }

  long files() {
    return files.get();
  }

  long failedFiles() {
    return failedFiles.get();
  }

  /** MB/s (10^6 bytes) since the previous call (or the start), and moves the mark. */
  synchronized double rateSinceLast() {
    long now = System.nanoTime();
    long b = bytes.get();
    double secs = Math.max(1e-9, (now - lastNanos) / 1e9);
    double rate = (b - lastBytes) / 1e6 / secs;
    lastNanos = now;
    lastBytes = b;
    return rate;
  }

  /** Average MB/s since the start. */
  double averageRate() {
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    return bytes.get() / 1e6 / secs;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static String rate(double mbPerSecond) {
    return String.format(Locale.ROOT, "%.1f MB/s", mbPerSecond);
  }
}
