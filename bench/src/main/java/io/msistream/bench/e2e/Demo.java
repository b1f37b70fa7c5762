package io.msistream.bench.e2e;

import io.msistream.crypto.node.OwnerOnly;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main job end to end on a local broker, as a user runs it (what {@code bin/demo} starts):
 * a real Kafka broker, three nodes provisioned with ProvisionNode (producer, consumer, key keeper),
 * a key keeper, DataFileUploadDirectory on a sample tree (generated, or {@code --dir}) with
 * encryption, then DataFileDownloadDirectory into a fresh folder; every file's hash is compared
 * with the source, a summary is printed and everything started is stopped. Exit status 0 only if
 * every file arrived byte for byte. The work folder ({@code --work}, default
 * {@code <project>/demo-work}) is emptied at start, so a given one must be new, empty or an
 * earlier demo's (marked by {@value #WORK_MARKER}); anything else is refused with exit status 2.
 *
 * <pre>
 * Demo [--dir DIR] [--work DIR] [--files N] [--max-mib M] [--keep]
 * </pre>
 */
public final class Demo {
  private static final String TOPIC = "demo.files";
  private static final Pattern KEEPER_STATUS = Pattern.compile("(Key keeper demo_keeper: .*)");

  private Demo() {}

  public static void main(String[] argv) throws Exception {
    System.exit(run(argv, System.out));
  }

  static int run(String[] argv, PrintStream out) throws Exception {
    Path given = null;
    Path work = null;
    int files = 24;
    int maxMib = 8;
    boolean keep = false;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--dir" -> given = Path.of(argv[++i]).toAbsolutePath();
        case "--work" -> work = Path.of(argv[++i]).toAbsolutePath();
        case "--files" -> files = Integer.parseInt(argv[++i]);
        case "--max-mib" -> maxMib = Integer.parseInt(argv[++i]);
        case "--keep" -> keep = true;
        case "-h", "--help" -> {
          out.println("usage: demo [--dir DIR] [--work DIR] [--files N] [--max-mib M] [--keep]");
          return 0;
        }
        default -> {
          System.err.println("demo: error: unknown argument " + argv[i] + " (see --help)");
          return 2;
        }
      }
    }
    if (given != null && !Files.isDirectory(given)) {
      System.err.println("demo: error: --dir " + given + " is not a directory");
      return 2;
    }
    // the work folder is emptied first: never one that holds anything but an earlier demo's files
    if (work != null && !isEmptyOrEarlierDemo(work)) {
      System.err.println("demo: error: --work " + work + " is not empty and was not made by the"
          + " demo (no " + WORK_MARKER + "); give a new or empty folder");
      return 2;
    }
    Workspace ws = Workspace.locate();
    if (work == null) {
      work = ws.root().resolve("demo-work");
    }
    FileTree.deleteTree(work);
    Files.createDirectories(work);
    Files.writeString(work.resolve(WORK_MARKER), "made by bin/demo; emptied by its next run\n");
    try (Stack stack = new Stack(ws, work, out, Stack.LAUNCHER_DEFAULTS)) {
      return demo(stack, given, files, maxMib, out);
    } finally {
      if (!keep) {
        FileTree.deleteTree(work.resolve("kafka"));
      }
      out.println("Work folder (logs, nodes, data): " + work);
    }
  }

  private static int demo(Stack stack, Path given, int files, int maxMib, PrintStream out)
      throws Exception {
    Path work = stack.work();
    Path source = given;
    if (source == null) {
      source = work.resolve("sample");
      long bytes = FileTree.generate(source, files, 10_000, (long) maxMib << 20, true, 42);
      stack.say("Made a sample tree of " + files + " files (" + fmt(Transfer.mib(bytes))
          + " MiB) in " + source);
    }
    Map<String, String> sourceHashes = FileTree.hashes(source, List.of("LOGS"));
    Map<String, Long> sizes = new TreeMap<>();
    for (String rel : sourceHashes.keySet()) {
      sizes.put(rel, Files.size(source.resolve(rel)));
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();

    stack.say("Starting a local Kafka broker...");
    stack.startBroker();
    stack.say("Broker ready at " + stack.bootstrap());
    stack.createTopic(TOPIC, 2);

    // owner-only on any OS (POSIX mode, or an owner-only ACL on NTFS; bin\demo.cmd runs this too)
    Path secrets = Files.createDirectories(work.resolve("secrets"),
        OwnerOnly.creationAttributes(work, true));
    Path rot = secret(secrets.resolve("rot-password"), 24);
    Path prov = secret(secrets.resolve("provisioning-password"), 16);
    stack.say("Provisioning nodes demo_producer, demo_consumer, demo_keeper with ProvisionNode...");
    Path producerNode = stack.provision("demo_producer", 2, "demo", rot, prov);
    Path consumerNode = stack.provision("demo_consumer", 3, "demo", rot, prov);
    Path keeperNode = stack.provision("demo_keeper", 4, "demo", rot, prov);
    Path upConfig = stack.config("demo_upload", producerNode);
    Path downConfig = stack.config("demo_download", consumerNode);
    Path keeperConfig = stack.config("demo_keeper", keeperNode);

    stack.say("Starting the key keeper...");
    ToolProcess keeper = stack.startKeeper(keeperConfig, TOPIC);
    keeper.awaitLog(Pattern.compile("Key keeper node 'demo_keeper' serves"), Duration.ofSeconds(120));

    Path upload = work.resolve("upload");
    copyTree(source, upload);
    stack.say("Uploading " + sizes.size() + " files (" + fmt(Transfer.mib(total))
        + " MiB) with DataFileUploadDirectory, encrypted, to topic " + TOPIC + "...");
    ToolProcess uploader = stack.startUploader(upload, upConfig, TOPIC, List.of());
    Transfer.Upload up = Transfer.awaitUpload(uploader,
        upload.resolve("LOGS").resolve("uploaded_to_" + TOPIC + ".csv"), sizes.size(),
        Duration.ofMinutes(20));
    stack.say("Uploaded in " + fmt(up.seconds()) + " s");

    Path download = work.resolve("download");
    stack.say("Downloading with DataFileDownloadDirectory into " + download + "...");
    ToolProcess downloader = stack.startDownloader(download, downConfig, TOPIC,
        List.of("--logger_file_path", work.resolve("logs").resolve("downloader").toString()));
    Transfer.Download down = Transfer.awaitDownload(downloader, download, sizes,
        Duration.ofMinutes(20));
    stack.say("Every file is back (" + fmt(down.seconds()) + " s); checking hashes...");

    Map<String, String> got = FileTree.hashes(download, List.of(".msistream-download",
        "ENCRYPTED_MESSAGES", "REJECTED_MESSAGES", "REJECTED_FILES"));
    Map<String, String> bad = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : sourceHashes.entrySet()) {
      if (!e.getValue().equals(got.get(e.getKey()))) {
        bad.put(e.getKey(), got.containsKey(e.getKey()) ? "content differs" : "missing");
      }
    }
    for (String extra : got.keySet()) {
      if (!sourceHashes.containsKey(extra)) {
        bad.put(extra, "not in the source");
      }
    }

    keeper.send("c");
    String keeperStatus;
    try {
      keeperStatus = keeper.awaitLog(KEEPER_STATUS, Duration.ofSeconds(10)).group(1);
    } catch (IOException e) {
      keeperStatus = "(no status line)";
    }
    stack.say("Stopping the downloader, uploader, key keeper and broker...");
    stack.stop(downloader);
    stack.stop(uploader);
    stack.stop(keeper);

    out.println();
    out.println("Demo summary");
    out.printf(Locale.ROOT, "  files               %d (%s MiB)%s%n", sizes.size(),
        fmt(Transfer.mib(total)), bad.isEmpty() ? ", every one byte-identical" : "");
    out.printf(Locale.ROOT, "  upload, encrypted   %s MiB/s (%s s)%n",
        fmt(Transfer.mib(total) / up.seconds()), fmt(up.seconds()));
    out.printf(Locale.ROOT, "  download, encrypted %s MiB/s (%s s)%n",
        fmt(Transfer.mib(total) / down.seconds()), fmt(down.seconds()));
    out.printf(Locale.ROOT, "  first decrypted file %s s after the downloader started%n",
        fmt(down.firstFileSeconds()));
    out.println("  key keeper          " + keeperStatus);
    if (!bad.isEmpty()) {
      out.println("  MISMATCHES:");
      bad.forEach((k, v) -> out.println("    " + k + ": " + v));
      return 1;
    }
    return 0;
  }

  /** Marks a work folder as the demo's own, which a later run may empty. */
  static final String WORK_MARKER = ".msistream-demo-work";

  private static boolean isEmptyOrEarlierDemo(Path work) throws IOException {
    if (!Files.exists(work)) {
      return true;
    }
    if (!Files.isDirectory(work)) {
      return false;
    }
    try (Stream<Path> s = Files.list(work)) {
      return Files.isRegularFile(work.resolve(WORK_MARKER)) || s.findAny().isEmpty();
    }
  }

  private static Path secret(Path file, int bytes) throws IOException {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    Files.writeString(file, HexFormat.of().formatHex(b) + "\n", StandardCharsets.US_ASCII);
    OwnerOnly.restrict(file);
    return file;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path f : (Iterable<Path>) walk::iterator) {
        Path rel = from.relativize(f);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("LOGS")) {
          continue;
        }
        Path t = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }
}
