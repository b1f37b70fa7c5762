package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.testing.SharedVectors;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request and reply leaf bodies of the four exchange.json transcripts, rebuilt from their decoded
 * fields, signed with the nodes' keys, must equal Python's bytes (Ed25519 is deterministic).
 */
class ExchangeLeavesTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> transcripts() {
    return SharedVectors.json("exchange.json").get("transcripts").list().stream()
        .map(t -> Arguments.of(t.get("name").str(), t));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void requestLeafMatchesPython(String name, JsonValue t) throws Exception {
    String root = t.get("root").str();
    checkRequest(t.get("request"), root, t.get("consumer_node").str());
    if (t.has("controller_relay")) {
      checkRequest(t.get("controller_relay"), root, t.get("controller_node").str());
    }
  }

  private static void checkRequest(JsonValue req, String root, String signerNode) throws Exception {
    JsonValue leaf = req.get("leaf");
    CertKey epks = CertKey.decode(Msgpack.decode(leaf.get("epks_packed_hex").hex()));
    byte[] body = ExchangeLeaves.requestBody(leaf.get("expiry").asDouble(), root, epks,
        leaf.get("random0_hex").hex());
    assertThat(HEX.formatHex(body)).isEqualTo(req.get("leaf_body_hex").str());
    try (SigningKey k = nodeKey(signerNode)) {
      List<JsonValue> items = req.get("chain_items_hex").list();
      assertThat(HEX.formatHex(k.sign(body))).isEqualTo(items.get(items.size() - 1).str());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replyLeafMatchesPython(String name, JsonValue t) throws Exception {
    JsonValue reply = t.get("reply");
    JsonValue leaf = reply.get("leaf");
    CertKey epk = CertKey.decode(Msgpack.decode(leaf.get("epk_list_packed_hex").hex()));
    byte[] body = ExchangeLeaves.replyBody(leaf.get("expiry").asDouble(), t.get("root").str(),
        epk.keys(), leaf.get("random0_hex").hex(), leaf.get("random1_hex").hex(),
        leaf.get("M_hex").hex());
    assertThat(HEX.formatHex(body)).isEqualTo(reply.get("leaf_body_hex").str());
    try (SigningKey k = nodeKey(t.get("producer_node").str())) {
      List<JsonValue> items = reply.get("chain_items_hex").list();
      assertThat(HEX.formatHex(k.sign(body))).isEqualTo(items.get(items.size() - 1).str());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void recordedMessagesValidateWithTheirEphemeralKeysTyped(String name, JsonValue t) throws Exception {
    Certificate rot0 = Certificate.decode(SharedVectors.json("chains.json").get("rot0_hex").hex(), "rot0");
    ChainValidator v = ChainValidator.create(TrustLists.of(List.of(rot0), List.of()));
    double now = SharedVectors.json("chains.json").get("default_now").asDouble();
    String root = t.get("root").str();
    JsonValue req = t.has("controller_relay") ? t.get("controller_relay") : t.get("request");
    ValidatedChain r = v.validate(req.get("value_hex").hex(), root, NodeRole.Usage.REQUEST, now);
    List<JsonValue> epks = t.get("request").get("leaf").get("epks").list();
    assertThat(r.key().keys()).hasSize(epks.size());
    for (int i = 0; i < epks.size(); i++) {
      assertThat(r.key().keys().get(i).type()).isEqualTo((int) epks.get(i).get("type").asLong());
    }
    assertThat(r.extra()).hasSize(1);
    ValidatedChain k = v.validate(t.get("reply").get("value_hex").hex(), root, NodeRole.Usage.ENCRYPT, now);
    assertThat(k.key().keys()).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo((int) t.get("reply").get("leaf").get("epk").get("type").asLong()));
    assertThat(k.extra()).hasSize(2);
    assertThat(k.pathlen()).hasValue(0);
  }

  /** The node's type-1 signing key from nodes.json. */
  static SigningKey nodeKey(String id) {
    for (JsonValue n : SharedVectors.json("nodes/nodes.json").get("nodes").list()) {
      if (n.get("id").str().equals(id)) {
        return SigningKey.ed25519(
            n.get("crypto").get("signing_keys").list().get(0).get("secret_key_hex").hex());
      }
    }
    throw new AssertionError("no node " + id);
  }
}
