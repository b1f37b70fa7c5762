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
 * The downloader dies and starts again, in its own JVM, while the uploader keeps running
 * (scenario 6 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class DownloaderRestartIT {
  private static final Pattern DOWNLOAD_RESUMED =
      Pattern.compile("Resuming (\\d+) partially received file\\(s\\)");

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
    Cluster.Throttle slow = Cluster.throttleProducer(lab.bootstrap,
        UploaderRestartIT.UPLOADER_CLIENT_ID, UploaderRestartIT.SLOW_BYTES_PER_SECOND);
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
