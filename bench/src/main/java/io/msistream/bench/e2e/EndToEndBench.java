package io.msistream.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The end-to-end figures in one command ({@code bin/e2e-bench}): upload and download MiB/s, plain
 * and encrypted, through the real tools in their own JVMs against a local broker, plus the
 * key-exchange latency. Every run starts the tools cold (as a user or a service does) and times
 * from the tool's ready line to the last file (uploader: its completed registry; downloader: every
 * file at its final path); output is hash-checked after timing. Plain and encrypted runs alternate
 * so that both see the same machine load; the table shows medians, CPU seconds per GiB (steadier
 * than MiB/s on shared cores) and the load average.
 *
 * <pre>
 * e2e-bench [--files 64] [--file-mib 16] [--runs 3] [--partitions 2] [--threads 2]
 *           [--kex 5] [--work DIR] [--jvm "-Xmx1g"]
 * </pre>
 *
 * <p>The tools get the {@code bin/} launchers' default JVM options unless {@code --jvm} replaces
 * them ({@code --jvm ""} for the JVM's own defaults).
 */
public final class EndToEndBench {
  private EndToEndBench() {}

  private record Run(String mode, double upMiBs, double downMiBs, double firstFile, double upCpu,
      double downCpu, double brokerCpu) {}

  public static void main(String[] argv) throws Exception {
    int files = 64;
    int fileMib = 16;
    int runs = 3;
    int partitions = 2;
    int threads = 2;
    int kex = 5;
    Path work = null;
    String jvm = String.join(" ", Stack.LAUNCHER_DEFAULTS);
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--files" -> files = Integer.parseInt(argv[++i]);
        case "--file-mib" -> fileMib = Integer.parseInt(argv[++i]);
        case "--runs" -> runs = Integer.parseInt(argv[++i]);
        case "--partitions" -> partitions = Integer.parseInt(argv[++i]);
        case "--threads" -> threads = Integer.parseInt(argv[++i]);
        case "--kex" -> kex = Integer.parseInt(argv[++i]);
        case "--work" -> work = Path.of(argv[++i]).toAbsolutePath();
        case "--jvm" -> jvm = argv[++i];
        default -> {
          System.err.println("e2e-bench: error: unknown argument " + argv[i]);
          System.exit(2);
        }
      }
    }
    Workspace ws = Workspace.locate();
    if (work == null) {
      work = Path.of(System.getProperty("java.io.tmpdir"), "msistream-e2e-bench");
    }
    PrintStream out = System.out;
    Path data = work.resolve("data");
    long bytes = ensureData(data, files, (long) fileMib << 20);
    FileTree.deleteTree(work.resolve("runs"));
    FileTree.deleteTree(work.resolve("kafka"));
    FileTree.deleteTree(work.resolve("config_files"));
    List<String> jvmOptions = jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+"));
    Map<String, Long> sizes = sizes(data);
    List<Run> results = new ArrayList<>();
    List<Double> latencies;
    try (Stack stack = new Stack(ws, work, out, jvmOptions)) {
      stack.startBroker();
      Path secrets = Files.createDirectories(work.resolve("secrets"));
      Path rot = Files.writeString(secrets.resolve("rot"), "bench-root-password-" + UUID.randomUUID());
      Path prov = Files.writeString(secrets.resolve("prov"), "bench-prov-" + UUID.randomUUID());
      Path producerNode = stack.provision("bench_producer", 2, "bench", rot, prov);
      Path consumerNode = stack.provision("bench_consumer", 3, "bench", rot, prov);
      Path plainUp = stack.config("plain", null);
      Path encUp = stack.config("enc_up", producerNode);
      Path encDown = stack.config("enc_down", consumerNode);
      for (int r = 1; r <= runs; r++) {
        for (String mode : List.of("plain", "encrypted")) {
          boolean enc = mode.equals("encrypted");
          Run run = once(stack, data, sizes, bytes, mode, r, enc ? encUp : plainUp,
              enc ? encDown : plainUp, partitions, threads);
          results.add(run);
          out.printf(Locale.ROOT, "run %d %-9s upload %6.1f MiB/s  download %6.1f MiB/s  first file"
              + " %5.2f s  CPU s/GiB: uploader %.1f downloader %.1f broker %.1f  load %s%n", r,
              mode, run.upMiBs, run.downMiBs, run.firstFile, run.upCpu, run.downCpu,
              run.brokerCpu, load());
        }
      }
      latencies = KeyExchangeLatency.measure(producerNode, consumerNode, stack.bootstrap(),
          "bench.kex_" + UUID.randomUUID().toString().substring(0, 8), kex);
    }
    table(out, results, latencies, files, bytes, partitions, threads);
  }

  private static Run once(Stack stack, Path data, Map<String, Long> sizes, long bytes, String mode,
      int r, Path upConfig, Path downConfig, int partitions, int threads) throws Exception {
    String topic = "bench." + mode + "_r" + r + "_" + UUID.randomUUID().toString().substring(0, 8);
    stack.createTopic(topic, partitions);
    Path runDir = stack.work().resolve("runs").resolve(mode + "-" + r);
    Path upload = runDir.resolve("upload");
    link(data, upload);
    String t = Integer.toString(threads);
    ToolProcess broker = stack.broker();
    double b0 = broker.cpuSeconds();
    ToolProcess uploader = stack.startUploader(upload, upConfig, topic, List.of("--n_threads", t));
    Transfer.Upload up = Transfer.awaitUpload(uploader,
        upload.resolve("LOGS").resolve("uploaded_to_" + topic + ".csv"), sizes.size(),
        Duration.ofMinutes(30));
    Path download = runDir.resolve("download");
    ToolProcess downloader = stack.startDownloader(download, downConfig, topic,
        List.of("--n_threads", t, "--logger_file_path", runDir.resolve("logs").toString()));
    Transfer.Download down = Transfer.awaitDownload(downloader, download, sizes,
        Duration.ofMinutes(30));
    double brokerCpu = broker.cpuSeconds() - b0;
    stack.stop(downloader);
    stack.stop(uploader);
    Map<String, String> want = FileTree.hashes(data, List.of());
    Map<String, String> got = FileTree.hashes(download, List.of(".msistream-download",
        "ENCRYPTED_MESSAGES", "REJECTED_MESSAGES", "REJECTED_FILES"));
    if (!want.equals(got)) {
      throw new IOException(mode + " run " + r + ": the downloaded files differ from the source");
    }
    FileTree.deleteTree(runDir);
    double gib = bytes / (double) (1L << 30);
    return new Run(mode, Transfer.mib(bytes) / up.seconds(), Transfer.mib(bytes) / down.seconds(),
        down.firstFileSeconds(), up.cpuSeconds() / gib, down.cpuSeconds() / gib, brokerCpu / gib);
  }

  private static void table(PrintStream out, List<Run> runs, List<Double> kex, int files,
      long bytes, int partitions, int threads) {
    out.println();
    out.printf(Locale.ROOT, "End-to-end, %d files, %.0f MiB, %d partitions, %d threads per tool, "
        + "%d cores, Java %s, medians of %d runs%n%n", files, Transfer.mib(bytes), partitions,
        threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        runs.size() / 2);
    out.println("| metric | plain | encrypted | encrypted / plain (median of per-round ratios) |");
    out.println("|---|---:|---:|---:|");
    row(out, runs, "upload MiB/s", Run::upMiBs, true);
    row(out, runs, "download MiB/s", Run::downMiBs, true);
    row(out, runs, "first file after the downloader started, s", Run::firstFile, false);
    row(out, runs, "uploader CPU s per GiB", Run::upCpu, false);
    row(out, runs, "downloader CPU s per GiB", Run::downCpu, false);
    row(out, runs, "broker CPU s per GiB (both halves)", Run::brokerCpu, false);
    List<Double> k = new ArrayList<>(kex);
    k.sort(null);
    out.printf(Locale.ROOT, "| key exchange: consumer start → first decrypted record, s (median of"
        + " %d; min %.2f, max %.2f) | – | %.2f | |%n", k.size(), k.get(0), k.get(k.size() - 1),
        k.get(k.size() / 2));
  }

  private static void row(PrintStream out, List<Run> runs, String name, Function<Run, Double> f,
      boolean ratio) {
    double p = median(runs, "plain", f);
    double e = median(runs, "encrypted", f);
    out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", name, p, e,
        ratio ? String.format(Locale.ROOT, "%.2f", pairedRatio(runs, f)) : "");
  }

  /**
   * The median over rounds of encrypted / plain, each round's two runs measured back to back (the
   * ratio the machine's drift affects least).
   */
  private static double pairedRatio(List<Run> runs, Function<Run, Double> f) {
    List<Double> plain = new ArrayList<>();
    List<Double> enc = new ArrayList<>();
    for (Run r : runs) {
      (r.mode.equals("plain") ? plain : enc).add(f.apply(r));
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(plain.size(), enc.size()); i++) {
      ratios.add(enc.get(i) / plain.get(i));
    }
    ratios.sort(null);
    return ratios.get(ratios.size() / 2);
  }

  private static double median(List<Run> runs, String mode, Function<Run, Double> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      if (r.mode.equals(mode)) {
        v.add(f.apply(r));
      }
    }
    v.sort(null);
    return v.get(v.size() / 2);
  }

  private static long ensureData(Path data, int files, long size) throws IOException {
    boolean ok = Files.isDirectory(data) && FileTree.countFiles(data) == files
        && FileTree.totalBytes(data) == files * size;
    if (!ok) {
      FileTree.deleteTree(data);
      FileTree.generate(data, files, size, size, false, 7);
    }
    return files * size;
  }

  private static Map<String, Long> sizes(Path dir) throws IOException {
    Map<String, Long> m = new TreeMap<>();
    for (String rel : FileTree.hashes(dir, List.of()).keySet()) {
      m.put(rel, Files.size(dir.resolve(rel)));
    }
    return m;
  }

  /** Hard links of every file under {@code from} at the same relative paths under {@code to}. */
  private static void link(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
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

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
