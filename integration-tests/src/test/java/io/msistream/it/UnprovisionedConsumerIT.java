package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records a downloader cannot decrypt because its node has no right to the keys: kept in
 * ENCRYPTED_MESSAGES, never shown in clear (scenario 8 of issue 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class UnprovisionedConsumerIT {
  /**
   * Scenario 8: a consumer node provisioned for another root gets no key from the live producer:
   * every record ends in ENCRYPTED_MESSAGES, no file appears, and no saved record holds file data
   * in clear.
   */
  @Test
  void aConsumerNotProvisionedForTheTopicSeesNothingInClear(Workspace ws, LocalKafkaBroker broker)
      throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
    Path producer = lab.config("producer", lab.node("producer", NodeRole.PRODUCER));
    Path strangerNode = Nodes.provision(ws, "stranger-" + ws.tag(), NodeRole.CONSUMER,
        "elsewhere" + ws.tag());
    Nodes.fastRetries(strangerNode);
    Path stranger = lab.config("stranger", strangerNode);
    FileTree tree = FileTree.small(8);
    int records = tree.chunkCount(Lab.CHUNK);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.writeTo(src);

    ToolProcess up = lab.uploader("uploader", producer, src);
    UndecryptableIT.awaitUploaded(up, tree.size());
    ToolProcess down = lab.downloader("downloader", stranger, out, "g-" + ws.tag(),
        UndecryptableIT.SHORT_WAITS);
    Await.until(records + " records in " + Lab.ENCRYPTED_MESSAGES, Lab.WAIT,
        () -> UndecryptableIT.savedMessages(out).size() == records, ws::diagnostics);
    Lab.stop(down);
    Lab.stop(up); // the producer ran (and could answer) the whole time

    assertThat(FileTree.regularFiles(out, Set.of(Lab.WORK_FOLDER, Lab.ENCRYPTED_MESSAGES)))
        .as("files written in clear").isEmpty();
    assertThat(out.resolve("REJECTED_MESSAGES")).doesNotExist();
    assertThat(out.resolve("REJECTED_FILES")).doesNotExist();
    for (Path f : FileTree.regularFiles(out.resolve(Lab.ENCRYPTED_MESSAGES), Set.of())) {
      assertThat(tree.firstFileShownIn(Files.readAllBytes(f), 32)).as("file data in %s", f)
          .isNull();
    }
    assertThat(down.stderr()).contains(records + " messages could not be decrypted");
    assertThat(up.stderr()).as("the producer refused the stranger's key requests")
        .containsPattern("dropped management record " + Pattern.quote(lab.root + ".reqs")
            + "-0@\\d+: topic not allowed by the chain");
    ws.assertWorkingDirectoryUntouched();
  }

}
