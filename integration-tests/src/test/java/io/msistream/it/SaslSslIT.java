package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.crypto.cert.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 11 of issue 10 item 2: the tools reach the broker the way a hosted cluster is reached,
 * through its SASL_SSL listener (SASL/PLAIN over TLS with the broker's own CA), with credentials
 * that the config file takes from environment variables; an encrypted upload and download (key
 * exchange included) go through that listener only.
 */
@ExtendWith({SuiteBroker.class, Workspace.Extension.class})
class SaslSslIT {
  static final String USER_VARIABLE = "KAFKA_TEST_CLUSTER_USERNAME";
  static final String PASSWORD_VARIABLE = "KAFKA_TEST_CLUSTER_PASSWORD";

  @Test
  void anEncryptedRoundTripThroughTheSaslSslListenerWithCredentialsFromTheEnvironment(
      Workspace ws, LocalKafkaBroker broker) throws Exception {
    Lab plain = Lab.create(ws, broker.bootstrapServers(), 2); // the topic, made by an admin
    Lab lab = plain.withToolEnv(Map.of(USER_VARIABLE, SuiteBroker.SASL_USER,
        PASSWORD_VARIABLE, SuiteBroker.SASL_PASSWORD));
    Path producer = saslConfig(ws, broker, "producer", lab.node("producer", NodeRole.PRODUCER));
    Path consumer = saslConfig(ws, broker, "consumer", lab.node("consumer", NodeRole.CONSUMER));
    assertThat(Files.readString(producer)).doesNotContain(SuiteBroker.SASL_PASSWORD)
        .doesNotContain(broker.bootstrapServers());
    FileTree tree = FileTree.standard(11);
    Path src = ws.dir("src");
    Path out = ws.root().resolve("out");
    tree.writeTo(src);

    // without the variables the config cannot be used: one line naming the variable, exit 2
    ToolProcess noCredentials = plain.downloader("downloader-without-credentials", consumer,
        ws.root().resolve("unused"), "g-" + ws.tag());
    assertThat(noCredentials.awaitExit(Lab.WAIT)).as(noCredentials.tail()).isEqualTo(2);
    assertThat(noCredentials.stderr()).contains(USER_VARIABLE);

    ToolProcess up = lab.uploader("uploader", producer, src);
    ToolProcess down = lab.downloader("downloader", consumer, out, "g-" + ws.tag());
    lab.awaitFiles(tree, out);
    Lab.stop(up);
    Lab.stop(down);

    lab.assertDownloaded(tree, out);
    Lab.assertSourceUntouched(tree, src);
    assertThat(ws.root().resolve("unused")).doesNotExist();
  }

  /**
   * A config for the SASL_SSL listener: credentials as {@code $VARIABLES}, the broker's CA file as
   * {@code ssl.ca.location}, encrypting with {@code node}.
   */
  private static Path saslConfig(Workspace ws, LocalKafkaBroker broker, String name, Path node) {
    return ConfigFile.forBroker(broker.saslSslBootstrapServers().orElseThrow())
        .set("broker", "security.protocol", "SASL_SSL")
        .set("broker", "sasl.mechanism", "PLAIN")
        .set("broker", "sasl.username", "$" + USER_VARIABLE)
        .set("broker", "sasl.password", "$" + PASSWORD_VARIABLE)
        .set("broker", "ssl.ca.location", broker.caCertificate().orElseThrow().toString())
        .node(node)
        .writeTo(ws.dir("configs").resolve(name + ".config"));
  }

}
