package io.msistream.tools.keeper;

import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFiles;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.tools.provision.Answers;
import io.msistream.tools.provision.Passwords;
import io.msistream.tools.provision.ProvisionedNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nodes for keeper tests, in a test's temporary folder: copies of the Python-provisioned interop
 * nodes, or fresh nodes provisioned with the same (public test) passwords, so all share one root
 * of trust. Every node of one test gets that test's key-exchange topic suffixes and management
 * topics (the broker is shared) and short intervals.
 */
final class TestNodes {
  static final String ROT_PASSWORD = "123456789012";
  static final String PROVISIONING_PASSWORD = "123456";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestNodes() {}

  static String tag() {
    return "k" + COUNTER.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000L, 36);
  }

  /** Copies interop node {@code id} into {@code dir/id}; returns its {@code .config}. */
  static Path copy(Path dir, String id, String tag) throws Exception {
    Path src = SharedVectors.node(id);
    Path dst = Files.createDirectories(dir.resolve(id));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(src.resolve(id + ext), dst.resolve(id + ext));
    }
    return isolate(dst.resolve(id + ".config"), tag);
  }

  /** Provisions a fresh node for {@code roots} with the interop nodes' root of trust. */
  static Path provision(Path dir, String id, NodeRole role, List<String> roots, String tag)
      throws Exception {
    Path folder = NodeFiles.createNodeDirectory(dir.resolve(id));
    try (Passwords pw = Passwords.of(ROT_PASSWORD.toCharArray(), PROVISIONING_PASSWORD.toCharArray());
        ProvisionedNode n = ProvisionedNode.create(new Answers(Answers.DEFAULT_KEY_TYPE, id, role,
            roots, Answers.DEFAULT_PATHLEN), pw, System.currentTimeMillis() / 1000.0,
            new SecureRandom(), "")) {
      n.writeTo(folder);
    }
    return isolate(folder.resolve(id + ".config"), tag);
  }

  private static Path isolate(Path config, String tag) throws Exception {
    Map<String, ConfigValue> s = new LinkedHashMap<>();
    s.put("topic_suffix_subs", new ConfigValue.TextValue(".subs_" + tag));
    s.put("topic_suffix_keys", new ConfigValue.TextValue(".keys_" + tag));
    s.put("topic_suffix_reqs", new ConfigValue.TextValue(".reqs_" + tag));
    s.put("mgmt_topic_chains", new ConfigValue.TextValue("chains_" + tag));
    s.put("mgmt_topic_allowlist", new ConfigValue.TextValue("allowlist_" + tag));
    s.put("mgmt_topic_denylist", new ConfigValue.TextValue("denylist_" + tag));
    s.put("crypto_sub_interval", ConfigValue.IntValue.of(3));
    s.put("mgmt_subscribe_interval", ConfigValue.IntValue.of(1));
    NodeConfig c = NodeConfig.read(config);
    for (Map.Entry<String, ConfigValue> e : s.entrySet()) {
      c = c.with(null, e.getKey(), e.getValue());
    }
    c.write(config);
    return config;
  }

  /** An OpenMSIStream config naming the broker and (if not null) the node. */
  static Path streamConfig(Path dir, String name, String bootstrap, Path nodeConfig)
      throws Exception {
    StringBuilder b = new StringBuilder("[broker]\nbootstrap.servers = ").append(bootstrap)
        .append("\n\n[consumer]\nfetch.max.wait.ms = 100\n");
    if (nodeConfig != null) {
      b.append("\n[kafkacrypto]\nconfig_file = ").append(nodeConfig).append('\n');
    }
    return Files.writeString(dir.resolve(name + ".config"), b.toString());
  }

  /** Config folders for in-process runs: none but {@code cwd/config_files}. */
  static ConfigDirs dirs(Path cwd) {
    return ConfigDirs.of(v -> null, cwd, Optional.empty());
  }
}
