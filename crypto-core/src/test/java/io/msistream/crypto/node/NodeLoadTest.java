package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared node folder loads, in place, into a {@link Node} equal to nodes.json field by
 * field, and its chain validates with rot0 for its role's usages and certificate topics.
 */
class NodeLoadTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<String, NodeRole> ROLES = Map.of(
      "producer", NodeRole.PRODUCER, "consumer", NodeRole.CONSUMER,
      "consumer (limited)", NodeRole.CONSUMER_LIMITED, "controller", NodeRole.CONTROLLER,
      "prodcon", NodeRole.PRODCON);

  static Stream<Arguments> nodes() {
    return SharedVectors.json("nodes/nodes.json").get("nodes").list().stream()
        .map(n -> Arguments.of(n.get("id").str(), n));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void loadsLikePython(String id, JsonValue n) throws Exception {
    Path dir = SharedVectors.node(id);
    byte[] seedBefore = Files.readAllBytes(dir.resolve(id + ".seed"));
    try (Node node = Node.load(dir)) {
      assertThat(node.id()).isEqualTo(id);
      assertThat(node.cryptoFile()).isEqualTo(dir.toAbsolutePath().resolve(id + ".crypto"));
      assertThat(node.seedFile()).isEqualTo(dir.toAbsolutePath().resolve(id + ".seed"));
      JsonValue crypto = n.get("crypto");
      List<JsonValue> keys = crypto.get("signing_keys").list();
      assertThat(node.keys()).hasSize(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        Node.NodeKey k = node.keys().get(i);
        assertThat(k.index()).isEqualTo(i);
        assertThat(k.key().type()).isEqualTo((int) keys.get(i).get("type").asLong());
        assertThat(HEX.formatHex(k.key().publicKey().byteForm())).isEqualTo(keys.get(i).get("public_key_hex").str());
        assertThat(HEX.formatHex(CryptoFileVectorsTest.secretForm(k.key())))
            .isEqualTo(keys.get(i).get("secret_key_hex").str());
      }
      assertThat(HEX.formatHex(node.storageKey().bytes())).isEqualTo(crypto.get("storage_key_hex").str());
      assertThat(node.legacy()).isEqualTo(crypto.get("legacy_flag").asBoolean());
      assertThat(HEX.formatHex(node.nodeIdSpk())).isEqualTo(crypto.get("node_id_spk_hex").str());
      List<Long> inFile = new ArrayList<>();
      n.get("crypto_file_decoded").get("kem_types_in_file").list().forEach(t -> inFile.add(t.asLong()));
      assertThat(node.crypto().kemTypesInFile()).isEqualTo(inFile);
      // Python without liboqs could use only [1]; Java has all three types
      assertThat(node.kemTypes()).containsExactly(KemType.X25519_MLKEM1024, KemType.X25519_SNTRUP761, KemType.X25519);
      assertThat(node.cryptoNeedsRewrite()).isFalse();
      assertThat(node.toString()).doesNotContain(keys.get(0).get("secret_key_hex").str().substring(0, 64));

      JsonValue cfg = n.get("config");
      assertThat(node.maxage()).isEqualTo(cfg.get("maxage").asDouble());
      assertThat(node.settings().mgmtLongKeyindex()).isEqualTo(cfg.get("mgmt_long_keyindex").asBoolean());
      assertThat(node.config().value(null, "cryptokey")).contains(new ConfigValue.TextValue(cfg.get("cryptokey").str()));
      assertThat(node.config().value(null, "ratchet")).contains(new ConfigValue.TextValue(cfg.get("ratchet").str()));
      assertThat(node.config().migrated()).isFalse();

      assertThat(node.allowlist()).hasSize(1);
      Certificate rot0 = node.allowlist().get(0);
      assertThat(HEX.formatHex(rot0.encoded())).isEqualTo(cfg.get("allowlist_rot0_hex").str());
      assertThat(rot0.expiry()).isEqualTo(cfg.get("allowlist_rot0").get("expiry").asDouble());
      assertThat(rot0.poison()).isEqualTo(Poison.NONE);
      assertThat(HEX.formatHex(rot0.singleKey().orElseThrow().byteForm()))
          .isEqualTo(cfg.get("allowlist_rot0").get("public_key_hex").str());
      assertThat(node.denylist()).isEmpty();

      Node.NodeKey key0 = node.keys().get(0);
      assertThat(HEX.formatHex(key0.chain().encode())).isEqualTo(cfg.get("chain0_hex").str());
      List<JsonValue> items = n.get("chain_items").list();
      assertThat(key0.chain().size()).isEqualTo(items.size());
      for (int i = 0; i < items.size(); i++) {
        JsonValue it = items.get(i);
        byte[] signed = key0.chain().item(i);
        assertThat(HEX.formatHex(signed)).isEqualTo(it.get("signature_hex").str() + it.get("body_hex").str());
        Certificate c = Certificate.decode(it.get("body_hex").hex(), "item");
        assertThat(c.expiry()).isEqualTo(it.get("expiry").asDouble());
        assertThat(HEX.formatHex(c.poison().encode())).isEqualTo(it.get("poison_hex").str());
        assertThat(HEX.formatHex(c.singleKey().orElseThrow().byteForm())).isEqualTo(it.get("public_key_hex").str());
      }

      NodeRole role = ROLES.get(n.get("role").str());
      Certificate nodeCert = Certificate.decode(items.get(items.size() - 1).get("body_hex").hex(), "node");
      double now = SharedVectors.json("chains.json").get("default_now").asDouble();
      ChainValidator v = ChainValidator.create(node.trust());
      PublicKey ours = key0.key().publicKey();
      for (String topic : nodeCert.poison().topics().orElseThrow()) {
        for (String usage : role.usages()) {
          ValidatedChain r = v.validate(key0.chain(), topic.equals(Poison.ANY_TOPIC) ? "any_topic" : topic, usage, now);
          assertThat(r.singleKey()).contains(ours);
        }
      }
      try (RatchetState s = SeedFile.read(node.seedFile())) {
        assertThat(s.keyidx()).isEqualTo(n.get("seed").get("keyidx").asLong());
        assertThat(HEX.formatHex(s.secret())).isEqualTo(n.get("seed").get("secret_hex").str());
      }
      assertThat(node.oldKeys()).isEmpty();
    }
    assertThat(Files.readAllBytes(dir.resolve(id + ".seed"))).as("loading must not advance the ratchet")
        .isEqualTo(seedBefore);
  }
}
