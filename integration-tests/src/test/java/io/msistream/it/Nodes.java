package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFiles;
import io.msistream.tools.provision.Answers;
import io.msistream.tools.provision.Passwords;
import io.msistream.tools.provision.ProvisionedNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * KafkaCrypto nodes for the scenarios, all with one root of trust (the same two passwords), in a
 * workspace's {@code config_files/}: provisioned in-process ({@link ProvisionedNode}, what
 * ProvisionNode writes) or by running the ProvisionNode tool with password files.
 */
final class Nodes {
  static final String ROT_PASSWORD = "h10-root-of-trust";
  static final String PROVISIONING_PASSWORD = "h10-provisioning";

  private Nodes() {}

  /** Provisions node {@code id} for {@code root} in-process; returns its {@code .config}. */
  static Path provision(Workspace ws, String id, NodeRole role, String root) throws Exception {
    Path folder = NodeFiles.createNodeDirectory(ws.configFiles().resolve(id));
    try (Passwords pw = Passwords.of(ROT_PASSWORD.toCharArray(),
            PROVISIONING_PASSWORD.toCharArray());
        ProvisionedNode n = ProvisionedNode.create(new Answers(Answers.DEFAULT_KEY_TYPE, id, role,
            List.of(root), Answers.DEFAULT_PATHLEN), pw, System.currentTimeMillis() / 1000.0,
            new SecureRandom(), "")) {
      n.writeTo(folder);
    }
    return folder.resolve(id + ".config");
  }

  /**
   * Runs {@code ProvisionNode --node-id id --role role --topics topics --yes} with the passwords
   * in files, as a script would; returns the new node's {@code .config}.
   */
  static Path provisionWithTool(Workspace ws, String id, int role, String topics)
      throws Exception {
    Path secrets = ws.dir("secrets");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
    Path rot = Files.writeString(secrets.resolve("rot.txt"), ROT_PASSWORD + "\n");
    Path prov = Files.writeString(secrets.resolve("prov.txt"), PROVISIONING_PASSWORD + "\n");
    ToolProcess p = ws.start("ProvisionNode-" + id, Tool.PROVISION_NODE, List.of(
        "--node-id", id, "--role", Integer.toString(role), "--topics", topics,
        "--rot-password-file", rot.toString(), "--provisioning-password-file", prov.toString(),
        "--yes"));
    assertThat(p.awaitExit(Duration.ofSeconds(60))).as("ProvisionNode exit status\n%s", p.tail())
        .isZero();
    assertThat(p.stdout()).contains("Successfully set up new KafkaCrypto node \"" + id + "\"");
    Path config = ws.configFiles().resolve(id).resolve(id + ".config");
    assertThat(config).as("node written to OPENMSISTREAM_CONFIG_FILE_DIR").isRegularFile();
    return config;
  }

  /**
   * Sets node settings in the node's own section, e.g. a short {@code crypto_sub_interval}
   * (seconds between repeated key requests, and the look-back of a restarted producer).
   */
  static void tune(Path nodeConfig, Map<String, Long> settings) throws Exception {
    NodeConfig c = NodeConfig.read(nodeConfig);
    for (Map.Entry<String, Long> e : settings.entrySet()) {
      c = c.with(null, e.getKey(), ConfigValue.IntValue.of(e.getValue()));
    }
    c.write(nodeConfig);
  }

  /** Re-requests every 2 s, so a producer or keeper that comes back is asked again at once. */
  static void fastRetries(Path nodeConfig) throws Exception {
    tune(nodeConfig, Map.of("crypto_sub_interval", 2L, "mgmt_subscribe_interval", 1L));
  }
}
