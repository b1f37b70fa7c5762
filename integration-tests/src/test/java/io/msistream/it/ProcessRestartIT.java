package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tools that stop or die and start again, each in its own JVM, while the others keep running
 * (scenarios 3, 5 and 6 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class ProcessRestartIT {
  /** The uploader's Kafka client id (DataFileUploadDirectory's), which the broker throttles. */
  static final String UPLOADER_CLIENT_ID = "DataFileUploadDirectory";
  /** Upload rate while a scenario interrupts an upload: about 10 s for the standard tree. */
  static final long SLOW_BYTES_PER_SECOND = 300_000;

  private static final Pattern KEY_INDEX =
      Pattern.compile("Node \\S+ started \\(ratchet key index counter (\\d+)");
  private static final Pattern UPLOAD_RESUMED =
      Pattern.compile("Resuming (\\d+) file\\(s\\) left in progress \\((\\d+) chunk\\(s\\)");
  private static final Pattern DOWNLOAD_RESUMED =
      Pattern.compile("Resuming (\\d+) partially received file\\(s\\)");

  /**
   * Scenario 3: the uploader stops after half the tree and starts again for the rest; its node
   * steps its ratchet at start, so the second half is encrypted under a new key index, which the
   * downloader (running throughout) asks for and gets.
   */
  @Test
  void aRestartedProducerEncryptsUnderANewKeyIndexAndTheRunningDownloaderGetsEveryFile(
      Workspace ws, LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = lab.config("producer", lab.node("producer", NodeRole.PRODUCER));
    Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
    FileTree tree = FileTree.standard(3);
    FileTree first = tree.filter(rel -> !rel.startsWith("raw/"));
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    first.writeTo(src);

    ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag(),
        "--logger_file_level", "debug");
    ToolProcess up1 = lab.uploader("uploader-1", producer, src);
    lab.awaitFiles(first, out);
    Lab.stop(up1);
    tree.filter(rel -> rel.startsWith("raw/")).writeTo(src);
    ToolProcess up2 = lab.uploader("uploader-2", producer, src);
    lab.awaitFiles(tree, out);
    Lab.stop(up2);
    Lab.stop(down);

    lab.assertDownloaded(tree, out);
    int k1 = Integer.parseInt(up1.lastMatch(KEY_INDEX).group(1));
    int k2 = Integer.parseInt(up2.lastMatch(KEY_INDEX).group(1));
    assertThat(k2).as("key index counter of the restarted producer").isGreaterThan(k1);
    assertThat(up2.stderr()).contains("The following " + (tree.size() - first.size())
        + " files were uploaded");
    assertThat(UploaderRegistry.uploadedPaths(src, lab.topic))
        .containsExactlyInAnyOrderElementsOf(tree.paths());
    String debugLog = Files.readString(ws.logs().resolve("downloader")
        .resolve("DataFileDownloadDirectory.log"));
    assertThat(Pattern.compile("Node consumer-" + ws.tag() + " received \\d+ key\\(s\\) for "
        + lab.root).matcher(debugLog).results().count())
        .as("key deliveries to the downloader (one per producer run)").isGreaterThanOrEqualTo(2);
  }

  /**
   * Scenario 5: the uploader is killed (SIGKILL) while files are partly sent; started again, it
   * resumes them from its registry (only the chunks not yet acknowledged) and uploads the rest.
   */
  @Test
  void anUploaderKilledMidUploadResumesFromItsRegistryAndEveryFileArrives(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = lab.throttledProducerConfig("producer",
        lab.node("producer", NodeRole.PRODUCER));
    Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
    FileTree tree = FileTree.standard(5);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.writeTo(src);

    ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag());
    ToolProcess up1;
    Cluster.Throttle slow = Cluster.throttleProducer(lab.bootstrap, UPLOADER_CLIENT_ID,
        SLOW_BYTES_PER_SECOND);
    try {
      up1 = lab.uploader("uploader-1", producer, src);
      Await.until("the uploader's registry to record a partly sent file", Lab.WAIT,
          () -> UploaderRegistry.partlyDelivered(src, lab.topic) > 0, ws::diagnostics);
      up1.kill();
    } finally {
      slow.lift();
    }
    assertThat(UploaderRegistry.partlyDelivered(src, lab.topic))
        .as("files the killed uploader left partly sent").isPositive();
    assertThat(tree.presentIn(out)).as("files complete when the uploader died")
        .isLessThan(tree.size());

    ToolProcess up2 = lab.uploader("uploader-2", producer, src);
    MatchResult resumed = up2.awaitOutput(UPLOAD_RESUMED, Lab.WAIT);
    assertThat(Integer.parseInt(resumed.group(1))).isPositive();
    lab.awaitFiles(tree, out);
    Lab.stop(up2);
    Lab.stop(down);

    lab.assertDownloaded(tree, out);
    Lab.assertSourceUntouched(tree, src);
    assertThat(down.stderr()).as("resumed uploads continue their generation")
        .doesNotContain("a newer upload");
    assertThat(UploaderRegistry.uploadedPaths(src, lab.topic))
        .as("the registry of completed uploads after the crash and the restart")
        .containsExactlyInAnyOrderElementsOf(tree.paths());
    assertThat(UploaderRegistry.rows(UploaderRegistry.inProgressFile(src, lab.topic)))
        .as("uploads left in progress").isEmpty();
  }

  /**
   * Scenario 6: the downloader is killed (SIGKILL) while files are partly received; started again
   * with the same consumer group and output directory, it continues the partial files from its
   * persisted progress and the committed offsets, and completes every file.
   */
  @Test
  void aDownloaderKilledMidDownloadContinuesWithTheSameGroupAndEveryFileArrives(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = lab.throttledProducerConfig("producer",
        lab.node("producer", NodeRole.PRODUCER));
    Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
    FileTree tree = FileTree.standard(6);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    String group = "g-" + ws.tag();
    tree.writeTo(src);

    ToolProcess down1 = lab.downloader("downloader-1", consumer, out, group);
    ToolProcess up;
    Cluster.Throttle slow = Cluster.throttleProducer(lab.bootstrap, UPLOADER_CLIENT_ID,
        SLOW_BYTES_PER_SECOND);
    try {
      up = lab.uploader("uploader", producer, src);
      Await.until("a complete file and a partly received one in " + out, Lab.WAIT,
          () -> tree.presentIn(out) > 0 && !partlyReceived(out).isEmpty(), ws::diagnostics);
      down1.kill();
    } finally {
      slow.lift();
    }
    assertThat(partlyReceived(out)).as("partly received files the killed downloader left")
        .isNotEmpty();
    assertThat(tree.presentIn(out)).as("files complete when the downloader died")
        .isLessThan(tree.size());

    ToolProcess down2 = lab.downloader("downloader-2", consumer, out, group);
    MatchResult resumed = down2.awaitOutput(DOWNLOAD_RESUMED, Lab.WAIT);
    assertThat(Integer.parseInt(resumed.group(1))).isPositive();
    lab.awaitFiles(tree, out);
    Lab.stop(up);
    Lab.stop(down2);

    lab.assertDownloaded(tree, out);
    assertThat(down2.stderr()).doesNotContain("REJECTED");
    assertThat(FileTree.regularFiles(out.resolve(Lab.WORK_FOLDER).resolve("partial"), Set.of()))
        .as("partial files left in the work folder").isEmpty();
  }

  /**
   * The partly received files in the downloader's work folder (its documented layout:
   * {@code partial/<part>.progress} lists the durable chunks of {@code partial/<part>.part}; a
   * complete part is renamed to a claim before it is checked and placed, and its record is
   * removed after placement). A record whose part file is there is a file still missing chunks.
   */
  static List<Path> partlyReceived(Path out) {
    Path partial = out.resolve(Lab.WORK_FOLDER).resolve("partial");
    try (Stream<Path> s = Files.list(partial)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".progress"))
          .filter(p -> {
            String name = p.getFileName().toString();
            String part = name.substring(0, name.length() - ".progress".length()) + ".part";
            return Files.exists(p.resolveSibling(part));
          })
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
