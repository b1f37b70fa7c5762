package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The uploader stops or dies and starts again, in its own JVM, while the downloader keeps running
 * (scenarios 3 and 5 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class UploaderRestartIT {
  /** The uploader's Kafka client id (DataFileUploadDirectory's), which the broker throttles. */
  static final String UPLOADER_CLIENT_ID = "DataFileUploadDirectory";
  /** Upload rate while a scenario interrupts an upload: about 10 s for the standard tree. */
  static final long SLOW_BYTES_PER_SECOND = 300_000;

  private static final Pattern KEY_INDEX =
      Pattern.compile("Node \\S+ started \\(ratchet key index counter (\\d+)");
  private static final Pattern UPLOAD_RESUMED =
      Pattern.compile("Resuming (\\d+) file\\(s\\) left in progress \\((\\d+) chunk\\(s\\)");

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

}
