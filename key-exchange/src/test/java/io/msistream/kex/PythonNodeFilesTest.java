package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.OldKeys;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.kex.testing.TestNodes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node folders shared with Python producers (spec 4, 8.1, 8.2): a producer whose config turns
 * {@code mgmt_long_keyindex} off writes the integer key index on the wire and in {@code oldkeys};
 * {@code oldkeys} written in Python's layout is read back (its keys are served, and a key index it
 * lists is never used again), and ours has that layout.
 */
@ExtendWith(LocalKafkaBrokerExtension.class)
class PythonNodeFilesTest {
  private static final String ROOT = "openmsitest";

  private static Map<String, Object> kafka(LocalKafkaBroker broker) {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  private static KeyIndex keyIndexOf(byte[] wire) throws Exception {
    return KeyIndex.of(Msgpack.decode(wire, 1, wire.length - 1).asArray("record").get(0));
  }

  /** The plaintext of {@code [N-crypto] oldkeys}. */
  private static MpValue oldKeysPlain(Path cfg) throws Exception {
    try (Node n = Node.loadConfig(cfg)) {
      String raw = n.config().ini().ownRaw(n.config().sectionName("crypto")).get("oldkeys");
      byte[] w = ((ConfigValue.BytesValue) ConfigValue.decode(raw)).value();
      return Msgpack.decode(SecretBox.open(n.storageKey().unsafeView(), Arrays.copyOf(w, 24),
          Arrays.copyOfRange(w, 24, w.length)));
    }
  }

  @Test
  void aProducerWithShortKeyIndicesWritesTheIntegerForm(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    Path cfg = TestNodes.copy(dir, "oms_prodcon", TestNodes.tag(),
        Map.of("mgmt_long_keyindex", new ConfigValue.BoolValue(false)));
    long keyidx;
    try (RatchetState s = SeedFile.read(cfg.resolveSibling("oms_prodcon.seed"))) {
      keyidx = s.keyidx();
    }
    byte[] wire;
    try (NodeRuntime rt = NodeRuntime.start(cfg, kafka(broker))) {
      wire = rt.encrypt(ROOT + ".legacy", Context.VALUE, "integer index".getBytes());
    }
    // on the wire: a msgpack integer, the keyidx this start used
    assertThat(Msgpack.decode(wire, 1, wire.length - 1).asArray("record").get(0))
        .isInstanceOf(MpValue.Int.class);
    assertThat(keyIndexOf(wire)).isEqualTo(KeyIndex.legacy(keyidx));
    // in oldkeys: {"pgens": [[str root, int ki, bin(K_R), float birth]]}
    MpValue.MapValue m = (MpValue.MapValue) oldKeysPlain(cfg);
    var e = m.entries().entrySet().iterator().next();
    assertThat(e.getKey()).isInstanceOf(MpValue.Str.class);
    List<MpValue> pgen = e.getValue().asArray("pgens").get(0).asArray("pgen");
    assertThat(pgen.get(0)).isInstanceOf(MpValue.Str.class);
    assertThat(pgen.get(0).asText("root")).isEqualTo(ROOT);
    assertThat(pgen.get(1)).isInstanceOf(MpValue.Int.class);
    assertThat(pgen.get(1).asLong("ki")).isEqualTo(keyidx);
    assertThat(pgen.get(2)).isInstanceOf(MpValue.Bin.class);
    assertThat(pgen.get(3)).isInstanceOf(MpValue.Float.class);
    // a restart serves it from oldkeys and does not use it again
    try (NodeRuntime rt = NodeRuntime.start(cfg, kafka(broker))) {
      assertThat(rt.hasKey(ROOT, KeyIndex.legacy(keyidx))).isTrue();
      byte[] again = rt.encrypt(ROOT, Context.VALUE, new byte[] {1});
      assertThat(keyIndexOf(again)).isEqualTo(KeyIndex.legacy(keyidx + 1));
    }
  }

  @Test
  void oldkeysWrittenByPythonAreReadServedAndNeverReused(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    Path cfg = TestNodes.copy(dir, "oms_producer", TestNodes.tag());
    Path seed = cfg.resolveSibling("oms_producer.seed");
    KeyIndex usedByPython;
    byte[] kR;
    try (Node n = Node.loadConfig(cfg); RatchetState s = SeedFile.read(seed)) {
      // what a Python run at this ratchet state wrote (spec 4), then the .seed was rolled back
      usedByPython = s.keyIndex(n.nodeIdSpk(), true);
      try (SecretBytes k = s.rootKey(ROOT)) {
        kR = k.bytes();
      }
      byte[] ki = ((KeyIndex.Bin) usedByPython).bytes();
      double birth = System.currentTimeMillis() / 1000.0 - 3600.25;
      byte[] plain = Msgpack.pack(p -> {
        p.packMapHeader(1).packString("pgens").packArrayHeader(3);
        p.packArrayHeader(4).packString(ROOT).packBinaryHeader(32).writePayload(ki)
            .packBinaryHeader(32).writePayload(kR).packDouble(birth);
        // older integer-form keys of another root: 6.5 days (kept), just over 7 days (the
        // default crypto_max_pgen_age, which the node does not set: dropped)
        p.packArrayHeader(4).packString("test_oms_encrypted").packInt(7)
            .packBinaryHeader(32).writePayload(new byte[32]).packDouble(birth - 6.5 * 86400);
        p.packArrayHeader(4).packString("test_oms_encrypted").packInt(8)
            .packBinaryHeader(32).writePayload(new byte[32]).packDouble(birth - 7 * 86400);
      });
      byte[] nonce = new byte[24];
      new SecureRandom().nextBytes(nonce);
      byte[] box = SecretBox.seal(n.storageKey().unsafeView(), nonce, plain);
      byte[] wrapped = Arrays.copyOf(nonce, 24 + box.length);
      System.arraycopy(box, 0, wrapped, 24, box.length);
      NodeConfig.read(cfg).with("crypto", "oldkeys", new ConfigValue.BytesValue(wrapped)).write(cfg);
    }
    try (NodeRuntime rt = NodeRuntime.start(cfg, kafka(broker))) {
      assertThat(rt.hasKey(ROOT, usedByPython)).isTrue();
      assertThat(rt.hasKey("test_oms_encrypted", KeyIndex.legacy(7))).isTrue();
      assertThat(rt.hasKey("test_oms_encrypted", KeyIndex.legacy(8))).isFalse();
      byte[] wire = rt.encrypt(ROOT + ".0", Context.VALUE, "fresh".getBytes(StandardCharsets.UTF_8));
      assertThat(keyIndexOf(wire)).isNotEqualTo(usedByPython);
    }
    // and what we wrote back keeps Python's entries in Python's layout
    try (Node n = Node.loadConfig(cfg)) {
      List<OldKeys.Pgen> pgens = n.oldKeys();
      assertThat(pgens).extracting(OldKeys.Pgen::root).contains(ROOT, "test_oms_encrypted");
      assertThat(pgens).extracting(OldKeys.Pgen::ki).contains(usedByPython, new KeyIndex.Int(BigInteger.valueOf(7)));
      pgens.forEach(OldKeys.Pgen::close);
    }
    Arrays.fill(kR, (byte) 0);
  }
}
