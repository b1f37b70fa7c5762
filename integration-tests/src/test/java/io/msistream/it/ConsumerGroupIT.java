package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.stream.kafka.FilePartitions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 10 of issue 10 item 2: a 4-partition topic read by two downloader processes in one
 * consumer group, sharing one output directory; the uploader puts all chunks of a file on one
 * partition, so each process rebuilds the files of its partitions and together they rebuild all.
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class ConsumerGroupIT {
  private static final Pattern RECONSTRUCTED =
      Pattern.compile("and (\\d+) files were successfully reconstructed");

  @Test
  void twoDownloaderProcessesInOneGroupRebuildEveryFileOfAFourPartitionTopic(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 4);
    Path producer = lab.config("producer", lab.node("producer", NodeRole.PRODUCER));
    Path consumer1 = lab.config("consumer-1", lab.node("consumer-1", NodeRole.CONSUMER));
    Path consumer2 = lab.config("consumer-2", lab.node("consumer-2", NodeRole.CONSUMER));
    FileTree tree = FileTree.standard(10);
    Set<Integer> partitions = new TreeSet<>();
    tree.paths().forEach(rel -> partitions.add(FilePartitions.of(rel, 4)));
    assertThat(partitions).as("partitions the tree's files go to").containsExactly(0, 1, 2, 3);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    String group = "g-" + ws.tag();

    ToolProcess down1 = lab.downloader("downloader-1", consumer1, out, group, "--n_threads", "1");
    ToolProcess down2 = lab.downloader("downloader-2", consumer2, out, group, "--n_threads", "1");
    Await.until("both downloaders in the group with two partitions each", Lab.WAIT, () -> {
      try {
        return Cluster.partitionsPerMember(lab.bootstrap, group).equals(List.of(2, 2));
      } catch (Exception e) {
        return false; // the group does not exist yet
      }
    }, ws::diagnostics);
    tree.writeTo(src);
    ToolProcess up = lab.uploader("uploader", producer, src);
    lab.awaitFiles(tree, out);
    Lab.stop(up);
    Lab.stop(down1);
    Lab.stop(down2);

    lab.assertDownloaded(tree, out);
    int n1 = Integer.parseInt(down1.lastMatch(RECONSTRUCTED).group(1));
    int n2 = Integer.parseInt(down2.lastMatch(RECONSTRUCTED).group(1));
    assertThat(n1).as("files rebuilt by downloader-1").isPositive();
    assertThat(n2).as("files rebuilt by downloader-2").isPositive();
    assertThat(n1 + n2).as("files rebuilt by both (each file by one)").isEqualTo(tree.size());
  }
}
