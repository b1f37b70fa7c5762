package io.msistream.tools.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.stream.cli.ToolMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: a status line on {@code c} and a clean stop on {@code q}; bad input (no
 * {@code --topic_name}, a config without {@code [kafkacrypto]}, a node that cannot serve keys, a
 * damaged key file) is one {@code KeyKeeper: error:} line and exit status 2, with the key file
 * left as it was.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class KeyKeeperTest {
  @TempDir Path tmp;

  /** One in-process run's streams and exit status. */
  private final class Run {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(InputStream in, String... argv) {
      return ToolMain.runWithStatus(KeyKeeper.SPEC, args -> {
        KeyKeeper.run(args, in, TestNodes.dirs(tmp), false);
        return ToolMain.OK;
      }, argv, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    /** The error lines ToolMain printed. */
    List<String> errorLines() {
      return err().lines().filter(l -> l.startsWith("KeyKeeper: error:")).toList();
    }
  }

  private static InputStream noInput() {
    return new ByteArrayInputStream(new byte[0]);
  }

  @Test
  void printsAStatusLineOnCAndStopsOnQ(LocalKafkaBroker broker) throws Exception {
    String tag = TestNodes.tag();
    Path node = TestNodes.copy(tmp, "oms_prodcon", tag);
    Path config = TestNodes.streamConfig(tmp, "keeper", broker.bootstrapServers(), node);
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys);
    Run r = new Run();
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> r.run(in,
        "--config", config.toString(), "--topic_name", "openmsitest.a_" + tag,
        "--topic_name", "test_oms_encrypted.b_" + tag, "--update_seconds", "-1"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!r.err().contains("serves roots") && !status.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(r.err()).contains("serves roots [openmsitest, test_oms_encrypted]");
    keys.write("c\n".getBytes(StandardCharsets.UTF_8));
    keys.flush();
    while (!r.err().contains("Key keeper oms_prodcon: roots") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(r.err()).contains("Key keeper oms_prodcon: roots [openmsitest, test_oms_encrypted];"
        + " 0 key(s) held {}, 0 wanted; 0 request(s) answered");
    keys.write("q\n".getBytes(StandardCharsets.UTF_8));
    keys.flush();
    assertThat(status.get(60, TimeUnit.SECONDS)).as(r.err()).isZero();
    assertThat(r.err()).contains("Key keeper node 'oms_prodcon' stopped");
  }

  @Test
  void topicNamesAreRequired() {
    Run r = new Run();
    assertThat(r.run(noInput(), "--config", "whatever")).isEqualTo(ToolMain.USAGE);
    assertThat(r.errorLines()).singleElement().asString().contains("--topic_name");
  }

  @Test
  void aConfigWithoutKafkacryptoIsOneLineAndExit2(LocalKafkaBroker broker) throws Exception {
    Path config = TestNodes.streamConfig(tmp, "plain", broker.bootstrapServers(), null);
    Run r = new Run();
    assertThat(r.run(noInput(), "--config", config.toString(), "--topic_name", "openmsitest.x"))
        .isEqualTo(ToolMain.USAGE);
    assertThat(r.errorLines()).singleElement().asString()
        .contains(config.toString(), "no [kafkacrypto] section");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void aNodeWhoseChainCannotServeIsOneLineAndExit2(LocalKafkaBroker broker) throws Exception {
    String tag = TestNodes.tag();
    Path node = TestNodes.copy(tmp, "oms_consumer", tag);
    Path config = TestNodes.streamConfig(tmp, "keeper", broker.bootstrapServers(), node);
    Run r = new Run();
    assertThat(r.run(noInput(), "--config", config.toString(), "--topic_name", "openmsitest.x"))
        .isEqualTo(ToolMain.USAGE);
    assertThat(r.errorLines()).singleElement().asString()
        .contains("node 'oms_consumer' cannot serve keys", "key-encrypt", "role 4");
    assertThat(Files.exists(node.resolveSibling("oms_consumer.keeper"))).isFalse();
  }

  @Test
  void aNodeNotProvisionedForAnyRootOfTheTopicsIsOneLineAndExit2(LocalKafkaBroker broker)
      throws Exception {
    String tag = TestNodes.tag();
    Path node = TestNodes.copy(tmp, "oms_prodcon", tag);
    Path config = TestNodes.streamConfig(tmp, "keeper", broker.bootstrapServers(), node);
    Run r = new Run();
    assertThat(r.run(noInput(), "--config", config.toString(), "--topic_name", "elsewhere.x"))
        .isEqualTo(ToolMain.USAGE);
    assertThat(r.errorLines()).singleElement().asString()
        .contains("not provisioned to serve any root", "elsewhere");
  }

  @Test
  void aDamagedKeyFileIsOneLineNamingItAndIsLeftAsItWas(LocalKafkaBroker broker)
      throws Exception {
    String tag = TestNodes.tag();
    Path node = TestNodes.copy(tmp, "oms_prodcon", tag);
    Path config = TestNodes.streamConfig(tmp, "keeper", broker.bootstrapServers(), node);
    Path keyFile = node.resolveSibling("oms_prodcon" + Keeper.FILE_SUFFIX);
    byte[] damaged = new byte[200];
    new java.util.Random(1).nextBytes(damaged);
    Files.write(keyFile, damaged);
    Run r = new Run();
    assertThat(r.run(noInput(), "--config", config.toString(), "--topic_name", "openmsitest.x"))
        .isEqualTo(ToolMain.USAGE);
    assertThat(r.errorLines()).singleElement().asString()
        .contains(keyFile.toString(), "storage key", "move it aside");
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(damaged);
  }

  @Test
  void helpListsTheOptions() {
    Run r = new Run();
    assertThat(r.run(noInput(), "--help")).isZero();
    assertThat(r.out.toString(StandardCharsets.UTF_8)).contains("--topic_name TOPIC_NAME",
        "--key_retention_days", "(default: 30.0)", "--consumer_group_id", "--update_seconds");
  }
}
