package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Encrypted upload and download of a folder tree between separate uploader and downloader
 * processes on a real broker (scenarios 1 and 2 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class EncryptedRoundTripIT {

  /**
   * Scenario 1: nodes made by the ProvisionNode tool from a script (producer role 2, consumer
   * role 3, the same two passwords); half the tree is there when the uploader starts, the other
   * half is added while it watches; the downloader rebuilds all of it byte for byte.
   */
  @Test
  void aTreeWithSubfoldersArrivesByteIdenticalBetweenNodesMadeByProvisionNode(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = Nodes.provisionWithTool(ws, "producer-" + ws.tag(), 2, lab.root);
    Path consumer = Nodes.provisionWithTool(ws, "consumer-" + ws.tag(), 3, lab.root);
    FileTree tree = FileTree.standard(1);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.filter(rel -> !rel.startsWith("raw/")).writeTo(src);

    ToolProcess up = lab.uploader("uploader", lab.config("producer", producer), src);
    up.awaitOutput(Lab.UPLOADER_READY, Lab.WAIT);
    tree.filter(rel -> rel.startsWith("raw/")).writeTo(src); // found by watching
    ToolProcess down = lab.downloader("downloader", lab.config("consumer", consumer), out,
        "g-" + ws.tag());
    lab.awaitFiles(tree, out);
    Lab.stop(down);
    Lab.stop(up);

    lab.assertDownloaded(tree, out);
    Lab.assertSourceUntouched(tree, src);
    assertThat(up.stderr()).contains("The following " + tree.size() + " files were uploaded");
    assertThat(down.stderr()).contains(tree.size() + " files were successfully reconstructed");
    // what the broker holds is ciphertext: KafkaCrypto's format, no file data in clear
    int records = tree.chunkCount(Lab.CHUNK);
    List<ConsumerRecord<byte[], byte[]>> stored = Cluster.rawRecords(lab.bootstrap, lab.topic,
        records, Lab.WAIT);
    assertThat(stored).hasSize(records);
    for (ConsumerRecord<byte[], byte[]> r : stored) {
      assertThat(r.key()[0]).as("record key format").isEqualTo((byte) 1);
      assertThat(r.value()[0]).as("record value format").isEqualTo((byte) 1);
      assertThat(new String(r.key(), StandardCharsets.ISO_8859_1)).doesNotContain("_chunk_");
      assertThat(tree.firstFileShownIn(r.value(), 32)).as("file data in clear").isNull();
    }
  }

  /**
   * Scenario 2: the downloader runs before the uploader does (and before any file exists); it
   * asks for the producer's key when the first record arrives. The nodes are copies of the
   * Python-provisioned interop nodes oms_producer and oms_consumer.
   */
  @Test
  void aConsumerStartedBeforeTheProducerGetsEveryFile(Workspace ws, LocalKafkaBroker broker)
      throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), "openmsitest", 2);
    Path producer = copyInteropNode(ws, "oms_producer");
    Path consumer = copyInteropNode(ws, "oms_consumer");
    FileTree tree = FileTree.standard(2);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");

    ToolProcess down = lab.downloader("downloader", lab.config("consumer", consumer), out,
        "g-" + ws.tag());
    down.awaitOutput(Lab.DOWNLOADER_READY, Lab.WAIT);
    tree.writeTo(src);
    ToolProcess up = lab.uploader("uploader", lab.config("producer", producer), src);
    lab.awaitFiles(tree, out);
    Lab.stop(up);
    Lab.stop(down);

    lab.assertDownloaded(tree, out);
    Lab.assertSourceUntouched(tree, src);
    assertThat(down.stderr()).doesNotContain("WARNING:", "ERROR:");
  }

  /** A copy of a Python-provisioned node (the original is never run), re-requesting every 2 s. */
  private static Path copyInteropNode(Workspace ws, String id) throws Exception {
    Path from = SharedVectors.node(id);
    Path to = Files.createDirectories(ws.configFiles().resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(from.resolve(id + ext), to.resolve(id + ext));
    }
    Path config = to.resolve(id + ".config");
    Nodes.fastRetries(config);
    return config;
  }

}
