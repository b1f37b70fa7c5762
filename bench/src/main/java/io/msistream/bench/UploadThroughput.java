package io.msistream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end upload throughput: runs {@code DataFileUploadDirectory} from the shaded
 * {@code uploader.jar} in its own JVM against a running broker. The uploader first uploads
 * {@code --warmup-files} files (so the JIT has compiled the hot paths, as in a long-running
 * service), then the measured set is moved into the watched folder at once and timed until its
 * last file is recorded in the uploader's completed registry.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.msistream.bench.UploadThroughput \
 *   --jar uploader/target/uploader.jar --bootstrap 127.0.0.1:9092 --data /tmp/upload-data \
 *   [--files 64] [--file-mb 16] [--runs 3] [--node path/to/node.config] [--threads 2]
 *   [--chunk 524288] [--topic-prefix bench] [--jvm "-Xmx1g"] [--producer "linger.ms=100,..."]
 *   [--broker-pid PID] [--warmup-files 16]
 * </pre>
 *
 * With {@code --node} the config gets {@code [kafkacrypto] config_file = ...} (the topic prefix
 * must then be a root the node's certificate allows). Missing data files are created (random
 * bytes) under {@code DATA/set} and {@code DATA/warm}; each run hard-links them into a new folder. Prints one line per run (with the CPU seconds per GB the uploader and, given its pid,
 * the broker used: on shared cores these are steadier than MB/s) and the median.
 */
public final class UploadThroughput {
  private UploadThroughput() {}

  public static void main(String[] argv) throws Exception {
    String jar = "uploader/target/uploader.jar";
    String bootstrap = "127.0.0.1:9092";
    Path data = Path.of("/tmp/upload-data");
    int files = 64;
    int fileMb = 16;
    int runs = 3;
    String node = null;
    int threads = 2;
    int chunk = 524_288;
    String prefix = "bench";
    String jvm = "";
    String producer = "batch.size=2000000,linger.ms=100,compression.type=lz4";
    long brokerPid = -1;
    int warmupFiles = 16;
    for (int i = 0; i < argv.length; i += 2) {
      String v = argv[i + 1];
      switch (argv[i]) {
        case "--jar" -> jar = v;
        case "--bootstrap" -> bootstrap = v;
        case "--data" -> data = Path.of(v);
        case "--files" -> files = Integer.parseInt(v);
        case "--file-mb" -> fileMb = Integer.parseInt(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--node" -> node = v;
        case "--threads" -> threads = Integer.parseInt(v);
        case "--chunk" -> chunk = Integer.parseInt(v);
        case "--topic-prefix" -> prefix = v;
        case "--jvm" -> jvm = v;
        case "--producer" -> producer = v;
        case "--broker-pid" -> brokerPid = Long.parseLong(v);
        case "--warmup-files" -> warmupFiles = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + argv[i]);
      }
    }
    long bytes = makeData(data.resolve("set"), files, (long) fileMb << 20, 1);
    makeData(data.resolve("warm"), warmupFiles, (long) fileMb << 20, 2);
    Path work = Files.createTempDirectory("upload-bench");
    Path config = work.resolve("bench.config");
    StringBuilder c = new StringBuilder("[broker]\nbootstrap.servers = " + bootstrap + "\n\n"
        + "[producer]\nkey.serializer = StringSerializer\nvalue.serializer = DataFileChunkSerializer\n");
    for (String kv : producer.split(",")) {
      if (!kv.isBlank()) {
        c.append(kv.replace("=", " = ")).append('\n');
      }
    }
    if (node != null) {
      c.append("\n[kafkacrypto]\nconfig_file = ").append(Path.of(node).toAbsolutePath()).append('\n');
    }
    Files.writeString(config, c.toString());
    List<Double> rates = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      String topic = prefix + (prefix.contains(".") ? "_" : ".") + "run" + r + "_"
          + UUID.randomUUID().toString().substring(0, 8);
      double[] t = runOnce(jar, jvm, data, work.resolve("run" + r), config, topic, files,
          warmupFiles, threads, chunk, brokerPid);
      double secs = t[0];
      double rate = bytes / 1e6 / secs;
      rates.add(rate);
      System.out.printf(Locale.ROOT, "run %d: %d files, %.1f MB in %.2f s = %.1f MB/s (%.1f MiB/s);"
          + " CPU s per GB: uploader %.1f, broker %.1f; load %s%n", r, files, bytes / 1e6, secs,
          rate, bytes / 1048576.0 / secs, t[1] / (bytes / 1e9), t[2] / (bytes / 1e9),
          loadAverage());
    }
    deleteTree(work); // the runs' hard links and registries
    rates.sort(null);
    double median = rates.get(rates.size() / 2);
    System.out.printf(Locale.ROOT, "median: %.1f MB/s (%.1f MiB/s)%n", median,
        median * 1e6 / 1048576.0);
  }

  private static long makeData(Path dir, int files, long size, long seed) throws IOException {
    Files.createDirectories(dir);
    Random rnd = new Random(seed);
    byte[] buf = new byte[1 << 20];
    long total = 0;
    for (int i = 0; i < files; i++) {
      Path f = dir.resolve(String.format(Locale.ROOT, "sub%d/file_%03d.bin", i % 4, i));
      Files.createDirectories(f.getParent());
      if (!Files.exists(f) || Files.size(f) != size) {
        try (OutputStream out = Files.newOutputStream(f)) {
          for (long w = 0; w < size; w += buf.length) {
            rnd.nextBytes(buf);
            out.write(buf, 0, (int) Math.min(buf.length, size - w));
          }
        }
      }
      total += size;
    }
    return total;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** CPU seconds used so far by a process (from /proc, Linux), or 0. */
  private static double cpuSeconds(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, ticks
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Hard links of every file under {@code from} at the same relative paths under {@code to}. */
  private static void link(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path f : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.createLink(t, f);
        }
      }
    }
  }

  private static int rows(Path registry) throws IOException {
    return Files.exists(registry) ? Files.readAllLines(registry).size() - 1 : 0;
  }

  /**
   * One upload to a new topic: the uploader starts on a folder holding the warm-up files (hard
   * links) and uploads them; then the measured set is moved in (one directory rename) and timed
   * until its last file is in the completed registry. Without warm-up files the time runs from
   * the uploader's "ready" line. Returns the seconds and the CPU seconds the uploader and the
   * broker used in that time.
   */
  private static double[] runOnce(String jar, String jvm, Path data, Path work, Path config,
      String topic, int files, int warmupFiles, int threads, int chunk, long brokerPid)
      throws Exception {
    Path watched = Files.createDirectories(work.resolve("watched"));
    Path logs = work.resolve("logs");
    Path staged = work.resolve("staged");
    link(data.resolve("set"), staged.resolve("set"));
    if (warmupFiles > 0) {
      link(data.resolve("warm"), watched.resolve("warm"));
    } else {
      Files.move(staged.resolve("set"), watched.resolve("set"));
    }
    List<String> cmd = new ArrayList<>(List.of("java"));
    for (String o : jvm.split(" ")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.addAll(List.of("-cp", jar, "io.msistream.tools.upload.DataFileUploadDirectory",
        watched.toString(), "--config", config.toString(), "--topic_name", topic,
        "--upload_existing", "--n_threads", Integer.toString(threads), "--chunk_size",
        Integer.toString(chunk), "--update_seconds", "-1", "--watchdog_lag_time", "0",
        "--logger_file_path", logs.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains("Will upload new files")) {
            ready.countDown();
          }
          if (line.contains("ERROR") || line.contains("Sent ") || line.contains("Holding")) {
            System.out.println("  | " + line);
          }
        }
      } catch (IOException e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(120, TimeUnit.SECONDS)) {
      p.destroy();
      throw new IllegalStateException("uploader did not start");
    }
    Path registry = logs.resolve("uploaded_to_" + topic + ".csv");
    long start = System.nanoTime();
    if (warmupFiles > 0) {
      awaitRows(registry, warmupFiles, p);
      start = System.nanoTime();
      Files.move(staged.resolve("set"), watched.resolve("set"));
    }
    double cpu0 = cpuSeconds(p.pid());
    double brokerCpu0 = cpuSeconds(brokerPid);
    awaitRows(registry, warmupFiles + files, p);
    long done = System.nanoTime();
    double cpuUploader = cpuSeconds(p.pid()) - cpu0;
    double cpuBroker = cpuSeconds(brokerPid) - brokerCpu0;
    p.getOutputStream().write("q\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroy();
    }
    reader.join(5000);
    return new double[] {(done - start) / 1e9, cpuUploader, cpuBroker};
  }

  private static void awaitRows(Path registry, int n, Process p) throws Exception {
    while (rows(registry) < n) {
      if (!p.isAlive()) {
        throw new IllegalStateException("uploader exited with " + p.exitValue());
      }
      Thread.sleep(20);
    }
  }
}
