package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records a downloader cannot decrypt: kept in ENCRYPTED_MESSAGES and re-sent by the reproducer
 * once the keys can be had (issue 8 item 2; scenario 7 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class UndecryptableIT {
  /** The downloader's periodic progress line: messages read so far. */
  private static final Pattern MESSAGES_READ =
      Pattern.compile("(\\d+) messages read, (\\d+) processed");
  /** Waits short enough that a downloader gives up on a record in a second. */
  static final String[] SHORT_WAITS = {"--max_initial_wait_per_decrypt", "1",
      "--max_wait_per_decrypt", "1"};

  /**
   * Scenario 7: the producing node is down while a downloader reads its records, which all land in
   * ENCRYPTED_MESSAGES; the producer comes back (same node: its {@code oldkeys} serve the old key
   * index), the downloader's repeated request gets the key, and the reproducer re-sends the saved
   * records; the still-running downloader rebuilds every file. Running the reproducer again sends
   * duplicates, which change nothing: same files, nothing new saved or rejected, no warning.
   */
  @Test
  void undecryptableRecordsAreReproducedAndReconstructedOnceTheProducerIsBack(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = lab.config("producer", lab.node("producer", NodeRole.PRODUCER));
    Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
    FileTree tree = FileTree.small(7);
    int records = tree.chunkCount(Lab.CHUNK);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.writeTo(src);

    ToolProcess up1 = lab.uploader("uploader-1", producer, src);
    awaitUploaded(up1, tree.size());
    Lab.stop(up1); // the producing node is down from here

    ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag(),
        concat(SHORT_WAITS, "--logger_file_level", "debug"));
    Await.until(records + " records in " + Lab.ENCRYPTED_MESSAGES, Lab.WAIT,
        () -> savedMessages(out).size() == records, ws::diagnostics);
    assertThat(tree.presentIn(out)).as("files rebuilt without keys").isZero();

    ToolProcess up2 = lab.uploader("uploader-2", producer, src); // the producer is back
    Path downLog = ws.logs().resolve("downloader").resolve("DataFileDownloadDirectory.log");
    Pattern keyArrived = Pattern.compile("Node consumer-" + ws.tag() + " received \\d+ key\\(s\\)");
    Await.until("the downloader's node to receive the key from the producer that came back",
        Lab.WAIT, () -> keyArrived.matcher(read(downLog)).find(), ws::diagnostics);

    reproduce(ws, "reproducer-1", false, consumer, out, records);
    lab.awaitFiles(tree, out);
    awaitMessagesRead(ws, down, 2 * records);
    Map<String, String> before = tree.fingerprint(out);
    List<Path> saved = savedMessages(out);
    int logMark = down.stderr().length();

    reproduce(ws, "reproducer-2", true, consumer, out, records); // duplicates, via bin/
    awaitMessagesRead(ws, down, 3 * records);
    assertThat(tree.fingerprint(out)).as("files after the duplicates").isEqualTo(before);
    assertThat(savedMessages(out)).as("saved records after the duplicates").isEqualTo(saved);
    assertThat(down.stderr().substring(logMark)).as("downloader log after the duplicates")
        .doesNotContain("WARNING:", "ERROR:");
    Lab.stop(up2);
    Lab.stop(down);

    assertThat(out.resolve("REJECTED_MESSAGES")).doesNotExist();
    assertThat(out.resolve("REJECTED_FILES")).doesNotExist();
    lab.assertDownloaded(tree, out, Lab.ENCRYPTED_MESSAGES);
    Lab.assertSourceUntouched(tree, src);
  }

  static void awaitUploaded(ToolProcess up, int files) {
    up.awaitOutput(Pattern.compile("\\] " + files + " file\\(s\\) uploaded"), Lab.WAIT);
  }

  /**
   * Runs the reproducer as a process on {@code out/ENCRYPTED_MESSAGES} (from its jar, or through
   * the {@code bin/ReproduceUndecryptableMessages} launcher); expects every record sent.
   */
  private static void reproduce(Workspace ws, String name, boolean launcher, Path config,
      Path out, int records) {
    List<String> args = List.of(config.toString(),
        out.resolve(Lab.ENCRYPTED_MESSAGES).toString());
    ToolProcess p = launcher ? ws.startLauncher(name, "ReproduceUndecryptableMessages", args)
        : ws.start(name, Tool.REPRODUCE_UNDECRYPTABLE_MESSAGES, args);
    assertThat(p.awaitExit(Lab.WAIT)).as("%s exit status\n%s", name, p.tail()).isZero();
    assertThat(p.stdout()).contains("Done! Sent " + records + " message(s)");
  }

  /** Waits until the downloader's progress line counts {@code n} messages read. */
  private static void awaitMessagesRead(Workspace ws, ToolProcess down, int n) {
    Await.until("the downloader to have read " + n + " messages", Lab.WAIT, () -> {
      MatchResult m = down.lastMatch(MESSAGES_READ);
      int read = m == null ? 0 : Integer.parseInt(m.group(1));
      assertThat(read).as("messages read by the downloader").isLessThanOrEqualTo(n);
      return read == n;
    }, ws::diagnostics);
  }

  /** The saved record values in {@code out/ENCRYPTED_MESSAGES}, sorted. */
  static List<Path> savedMessages(Path out) {
    try (Stream<Path> s = Files.list(out.resolve(Lab.ENCRYPTED_MESSAGES))) {
      return s.filter(p -> p.getFileName().toString().endsWith("_value.bin")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return "";
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
