package io.msistream.kex.testing;

import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.testing.SharedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies of the Python-provisioned interop nodes for runtime tests (a runtime rewrites
 * {@code .seed} and {@code .config}, so the shared originals are never used directly). Every
 * copy made for one test gets that test's own key-exchange topic suffixes and management topic
 * names, so tests sharing the broker (and the certificates' root topics) never see each other's
 * management traffic; intervals are shortened so waits stay short.
 */
public final class TestNodes {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestNodes() {}

  /** A fresh tag for one test's topics. */
  public static String tag() {
    return "t" + COUNTER.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000L, 36);
  }

  /** Copies node {@code id} into {@code dir/id} with the test's settings; returns its config path. */
  public static Path copy(Path dir, String id, String tag) {
    return copy(dir, id, tag, Map.of());
  }

  /** As {@link #copy(Path, String, String)} with extra {@code [N]} settings. */
  public static Path copy(Path dir, String id, String tag, Map<String, ConfigValue> extra) {
    try {
      Path src = SharedVectors.node(id);
      Path dst = Files.createDirectories(dir.resolve(id));
      for (String ext : new String[] {".config", ".crypto", ".seed"}) {
        Files.copy(src.resolve(id + ext), dst.resolve(id + ext));
      }
      Path config = dst.resolve(id + ".config");
      Map<String, ConfigValue> settings = new LinkedHashMap<>();
      settings.put("topic_suffix_subs", new ConfigValue.TextValue(".subs_" + tag));
      settings.put("topic_suffix_keys", new ConfigValue.TextValue(".keys_" + tag));
      settings.put("topic_suffix_reqs", new ConfigValue.TextValue(".reqs_" + tag));
      settings.put("mgmt_topic_chains", new ConfigValue.TextValue("chains_" + tag));
      settings.put("mgmt_topic_allowlist", new ConfigValue.TextValue("allowlist_" + tag));
      settings.put("mgmt_topic_denylist", new ConfigValue.TextValue("denylist_" + tag));
      settings.put("crypto_sub_interval", ConfigValue.IntValue.of(3));
      settings.put("mgmt_subscribe_interval", ConfigValue.IntValue.of(1));
      settings.putAll(extra);
      update(config, settings);
      return config;
    } catch (Exception e) {
      throw new IllegalStateException("cannot copy node " + id + ": " + e.getMessage(), e);
    }
  }

  /** Sets {@code [N] name : value} for each entry. */
  public static void update(Path config, Map<String, ConfigValue> settings) throws Exception {
    NodeConfig c = NodeConfig.read(config);
    for (Map.Entry<String, ConfigValue> e : settings.entrySet()) {
      c = c.with(null, e.getKey(), e.getValue());
    }
    c.write(config);
  }

  /** Sets {@code [N-suffix] name : value}. */
  public static void set(Path config, String suffix, String name, ConfigValue value) throws Exception {
    NodeConfig.read(config).with(suffix, name, value).write(config);
  }

  /** Rewrites the node's {@code .crypto} with another KEM type list (keys unchanged). */
  public static void setKemTypes(Path config, int... types) throws Exception {
    Path crypto = config.resolveSibling(config.getFileName().toString().replace(".config", ".crypto"));
    java.util.List<io.msistream.crypto.msgpack.MpValue> items =
        io.msistream.crypto.msgpack.Msgpack.decode(Files.readAllBytes(crypto)).asArray("crypto");
    Files.write(crypto, io.msistream.crypto.msgpack.Msgpack.pack(p -> {
      p.packArrayHeader(5);
      for (int i = 0; i < 4; i++) {
        p.writePayload(items.get(i).raw());
      }
      p.packArrayHeader(types.length);
      for (int t : types) {
        p.packInt(t);
      }
    }));
  }

  /** Reads a node file, for assertions. */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
