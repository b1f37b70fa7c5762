package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4 of issue 10 item 2: the broker stops in the middle of an encrypted upload and comes
 * back on the same port with the same data folder; uploader and downloader (separate JVMs) ride
 * it out and every file arrives. Uses its own broker, since it restarts it.
 */
@ExtendWith(Workspace.Extension.class)
class BrokerRestartIT {
  private static final Pattern BROKER_UNREACHABLE =
      Pattern.compile("Connection to node \\S+ \\(\\S+\\) could not be established");

  @Test
  void aBrokerRestartedDuringAnUploadLosesNothing(Workspace ws) throws Exception {
    LocalKafkaBroker.Options options = SuiteBroker.quotasOverOneSecond(LocalKafkaBroker.options()
        .port(freePort()).dataDir(ws.dir("broker")));
    LocalKafkaBroker broker = LocalKafkaBroker.start(options);
    try {
      Lab lab = Lab.create(ws, broker.bootstrapServers(), 2);
      Path producer = lab.throttledProducerConfig("producer",
          lab.node("producer", NodeRole.PRODUCER));
      Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
      FileTree tree = FileTree.standard(4);
      Path src = ws.dir("src");
      Path out = ws.root().resolve("out");
      tree.writeTo(src);

      ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag());
      // the quota is broker metadata: it holds after the restart too, until lifted (the broker
      // is this test's own, so a failure midway needs no lifting)
      Cluster.Throttle slow = Cluster.throttleProducer(lab.bootstrap,
          UploaderRestartIT.UPLOADER_CLIENT_ID, UploaderRestartIT.SLOW_BYTES_PER_SECOND);
      ToolProcess up = lab.uploader("uploader", producer, src);
      Await.until("some of the files downloaded", Lab.WAIT, () -> tree.presentIn(out) >= 2,
          ws::diagnostics);
      broker.close();
      int before = tree.presentIn(out);
      assertThat(before).as("files complete when the broker stopped").isLessThan(tree.size());
      assertThat(up.isAlive()).as("uploader alive without a broker\n%s", up.tail()).isTrue();
      assertThat(down.isAlive()).as("downloader alive without a broker\n%s", down.tail())
          .isTrue();
      // both tools notice the outage before the broker comes back (Kafka client's warning)
      up.awaitOutput(BROKER_UNREACHABLE, Lab.WAIT);
      down.awaitOutput(BROKER_UNREACHABLE, Lab.WAIT);
      broker = LocalKafkaBroker.start(options);
      assertThat(broker.bootstrapServers()).isEqualTo(lab.bootstrap);
      slow.lift();
      lab.awaitFiles(tree, out);
      Lab.stop(up);
      Lab.stop(down);

      lab.assertDownloaded(tree, out);
      Lab.assertSourceUntouched(tree, src);
      assertThat(up.stderr()).contains("The following " + tree.size() + " files were uploaded");
    } finally {
      broker.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
