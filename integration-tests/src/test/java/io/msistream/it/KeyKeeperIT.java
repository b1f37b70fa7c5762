package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9 item 2 at tool level: short-lived {@code UploadDataFile} producers hand their keys to a
 * running {@code KeyKeeper} before they exit; the keeper is restarted in between; a downloader
 * started only after every producer has gone gets all keys from the keeper (scenario 9 of issue
 * 10 item 2).
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class KeyKeeperIT {
  private static final Pattern KEEPER_READY =
      Pattern.compile("Key keeper node '\\S+' serves roots .*?; (\\d+) key\\(s\\) held");
  private static final Pattern KEEPER_STATUS = Pattern.compile("Key keeper \\S+: roots .*?; (\\d+)"
      + " key\\(s\\) held .*?, (\\d+) wanted; (\\d+) request\\(s\\) answered \\((\\d+) key\\(s\\)"
      + " served\\)");

  @Test
  void aDownloaderStartedAfterEveryProducerLeftGetsTheKeysFromTheKeeper(Workspace ws,
      LocalKafkaBroker broker) throws Exception {
    Lab lab = Lab.create(ws, broker.bootstrapServers(), 1);
    Path producer = lab.config("producer", lab.node("producer", NodeRole.PRODUCER));
    Path keeper = lab.config("keeper", lab.node("keeper", NodeRole.PRODCON));
    Path consumer = lab.config("consumer", lab.node("consumer", NodeRole.CONSUMER));
    Random r = new Random(9);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("first run.bin", bytes(r, 200_000));
    m.put("été 2.dat", bytes(r, 5_000));
    m.put("empty.dat", new byte[0]);
    m.put("fourth.bin", bytes(r, 300_000));
    FileTree files = FileTree.of(m); // UploadDataFile puts each file at the topic's root folder
    List<String> names = List.copyOf(files.paths());
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    files.writeTo(src);

    ToolProcess keeper1 = startKeeper(ws, lab, "keeper-1", keeper);
    assertThat(keeper1.awaitOutput(KEEPER_READY, Lab.WAIT).group(1)).isEqualTo("0");
    uploadOneFile(ws, lab, "upload-1", producer, src.resolve(names.get(0)));
    uploadOneFile(ws, lab, "upload-2", producer, src.resolve(names.get(1)));
    // a handoff ends when the keeper's reply is on the broker: stop it once it has read both
    awaitKeeper(ws, keeper1, s -> Integer.parseInt(s.group(1)) == 2, "2 keys held");
    Lab.stop(keeper1);

    ToolProcess keeper2 = startKeeper(ws, lab, "keeper-2", keeper);
    assertThat(keeper2.awaitOutput(KEEPER_READY, Lab.WAIT).group(1))
        .as("keys the restarted keeper reloaded").isEqualTo("2");
    uploadOneFile(ws, lab, "upload-3", producer, src.resolve(names.get(2)));
    uploadOneFile(ws, lab, "upload-4", producer, src.resolve(names.get(3)));
    awaitKeeper(ws, keeper2, s -> Integer.parseInt(s.group(1)) == 4, "4 keys held");

    // every producer has exited: only the keeper can hand out keys now
    ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag());
    lab.awaitFiles(files, out);
    awaitKeeper(ws, keeper2, s -> Integer.parseInt(s.group(4)) >= 4,
        "the keeper to have served the 4 keys");
    Lab.stop(down);
    Lab.stop(keeper2);

    lab.assertDownloaded(files, out);
    Lab.assertSourceUntouched(files, src);
    assertThat(down.stderr()).doesNotContain("failed to be decrypted");
  }

  private static ToolProcess startKeeper(Workspace ws, Lab lab, String name, Path config) {
    return ws.start(name, Tool.KEY_KEEPER, List.of("--config", config.toString(),
        "--topic_name", lab.topic, "--update_seconds", "1"));
  }

  /** Runs UploadDataFile for one file; it must exit 0 after handing its key to the keeper. */
  private static void uploadOneFile(Workspace ws, Lab lab, String name, Path config, Path file) {
    ToolProcess p = ws.start(name, Tool.UPLOAD_DATA_FILE, List.of(file.toString(), "--config",
        config.toString(), "--topic_name", lab.topic, "--chunk_size", Integer.toString(Lab.CHUNK),
        "--logger_file_path", ws.logs().resolve(name).toString()));
    assertThat(p.awaitExit(Lab.WAIT)).as("%s exit status\n%s", name, p.tail()).isZero();
    assertThat(p.stderr()).as("%s log", name)
        .containsPattern("Node \\S+ handed all 1 key\\(s\\) it created to a key keeper");
  }

  private interface StatusCheck {
    boolean test(MatchResult status);
  }

  /** Waits until the keeper's latest status line (logged every second) satisfies {@code check}. */
  private static void awaitKeeper(Workspace ws, ToolProcess keeper, StatusCheck check,
      String what) {
    Await.until(keeper.name() + " status: " + what, Lab.WAIT, () -> {
      MatchResult s = keeper.lastMatch(KEEPER_STATUS);
      return s != null && check.test(s);
    }, ws::diagnostics);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
