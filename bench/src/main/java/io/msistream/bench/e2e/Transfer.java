package io.msistream.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Timing of the two halves of a transfer, observed from outside the tools. */
final class Transfer {
  static final Pattern UPLOADER_READY = Pattern.compile("Will upload new files added to");
  static final Pattern DOWNLOADER_READY = Pattern.compile("Will reconstruct files from messages");

  private Transfer() {}

  /** Seconds from the uploader's ready line until {@code files} files are in its registry. */
  record Upload(double seconds, double cpuSeconds) {}

  /** Seconds from start to the first file, and from the ready line to the last file. */
  record Download(double firstFileSeconds, double seconds, double cpuSeconds) {}

  static Upload awaitUpload(ToolProcess uploader, Path registry, int files, Duration timeout)
      throws IOException, InterruptedException {
    uploader.awaitLog(UPLOADER_READY, Duration.ofSeconds(120));
    long t0 = System.nanoTime();
    double cpu0 = uploader.cpuSeconds();
    long deadline = t0 + timeout.toNanos();
    while (completedRows(registry) < files) {
      if (!uploader.isAlive()) {
        throw new IOException("the uploader stopped before uploading every file" + uploader.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("upload not complete after " + timeout.toSeconds() + " s ("
            + completedRows(registry) + " of " + files + " files)" + uploader.tail());
      }
      Thread.sleep(20);
    }
    return new Upload((System.nanoTime() - t0) / 1e9, uploader.cpuSeconds() - cpu0);
  }

  /** Waits until every expected file (relative path → size) is in {@code outDir}. */
  static Download awaitDownload(ToolProcess downloader, Path outDir, Map<String, Long> expected,
      Duration timeout) throws IOException, InterruptedException {
    long start = downloader.startedNanos();
    long deadline = System.nanoTime() + timeout.toNanos();
    long first = -1;
    long ready = -1;
    double cpu0 = Double.NaN;
    while (true) {
      if (ready < 0 && downloader.findInLog(DOWNLOADER_READY).isPresent()) {
        ready = System.nanoTime();
        cpu0 = downloader.cpuSeconds();
      }
      int present = present(outDir, expected);
      if (present > 0 && first < 0) {
        first = System.nanoTime();
      }
      if (present == expected.size() && ready > 0) {
        long end = System.nanoTime();
        return new Download((first - start) / 1e9, (end - ready) / 1e9,
            downloader.cpuSeconds() - cpu0);
      }
      if (!downloader.isAlive()) {
        throw new IOException("the downloader stopped before every file arrived" + downloader.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("download not complete after " + timeout.toSeconds() + " s ("
            + present + " of " + expected.size() + " files)" + downloader.tail());
      }
      Thread.sleep(20);
    }
  }

  private static int present(Path outDir, Map<String, Long> expected) throws IOException {
    int n = 0;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Path f = outDir.resolve(e.getKey());
      if (Files.isRegularFile(f) && Files.size(f) == e.getValue()) {
        n++;
      }
    }
    return n;
  }

  /** Rows of the uploader's completed-files registry (header line excluded). */
  static int completedRows(Path registry) throws IOException {
    if (!Files.exists(registry)) {
      return 0;
    }
    int rows = 0;
    for (String line : Files.readAllLines(registry, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("sep=")) {
        rows++;
      }
    }
    return Math.max(0, rows - 1);
  }

  static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}
