package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unencrypted upload and download of a folder tree between separate uploader and downloader
 * processes on a real broker (issue 7 item 5: the plain round trip with the uploader; the other
 * scenarios all encrypt).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class PlainRoundTripIT {

  /**
   * A config without {@code [kafkacrypto]}: half the tree is there when the uploader starts, the
   * rest (odd names included) is added while it watches; the downloader rebuilds all of it byte
   * for byte, and the broker holds plain chunk messages.
   */
  @Test
  void aTreeWithSubfoldersAndOddNamesArrivesByteIdenticalWithoutEncryption(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path config = ConfigFile.forBroker(lab.bootstrap)
        .writeTo(ws.dir("configs").resolve("plain.config"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    Random r = new Random(11);
    for (String rel : List.of("empty.dat", "top.bin", "catalog.csv", "blog/post.txt",
        "semi;colon\tand tab.dat", "données/été ü 日本.txt", "a/b/c/deep.bin",
        "raw/run 1/scan_1.dat", "raw/run 2/scan_2.dat")) {
      byte[] b = new byte[rel.startsWith("empty") ? 0 : 5_000 + r.nextInt(200_000)];
      r.nextBytes(b);
      files.put(rel, b);
    }
    FileTree tree = FileTree.of(files);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.filter(rel -> !rel.startsWith("raw/")).writeTo(src);

    ToolProcess up = lab.uploader("uploader", config, src);
    up.awaitOutput(Lab.UPLOADER_READY, Lab.WAIT);
    tree.filter(rel -> rel.startsWith("raw/")).writeTo(src); // found by watching
    ToolProcess down = lab.downloader("downloader", config, out, "g-" + ws.tag());
    lab.awaitFiles(tree, out);
    Lab.stop(down);
    Lab.stop(up);

    lab.assertDownloaded(tree, out);
    Lab.assertSourceUntouched(tree, src);
    assertThat(up.stderr()).contains("The following " + tree.size() + " files were uploaded");
    assertThat(down.stderr()).contains(tree.size() + " files were successfully reconstructed")
        .doesNotContain("WARNING:", "ERROR:");
    // plain chunk messages: the key names the chunk, the value is the 10-field msgpack array
    int records = tree.chunkCount(Lab.CHUNK);
    List<ConsumerRecord<byte[], byte[]>> stored = Cluster.rawRecords(lab.bootstrap, lab.topic,
        records, Lab.WAIT);
    assertThat(stored).hasSize(records);
    for (ConsumerRecord<byte[], byte[]> rec : stored) {
      assertThat(new String(rec.key(), StandardCharsets.UTF_8)).contains("_chunk_");
      assertThat(rec.value()[0]).as("msgpack fixarray of 10").isEqualTo((byte) 0x9a);
    }
  }
}
