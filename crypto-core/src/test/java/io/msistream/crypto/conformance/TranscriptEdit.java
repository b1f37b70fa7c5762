package io.msistream.crypto.conformance;

import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Re-makes the signed messages of an {@code exchange.json} transcript the way the Python library
 * would have made them with other settings: each leaf is rebuilt from its decoded fields with a new
 * expiry and signed by a node of {@code nodes/nodes.json} (key and chain0), and every field that
 * repeats the leaf (body, signature, chain items, value) is updated.
 */
final class TranscriptEdit {
  private static final HexFormat HEX = HexFormat.of();

  private TranscriptEdit() {}

  /** The request (or relay) message {@code member} of {@code t}, re-signed by {@code nodeId} with {@code expiry}. */
  static void request(Map<String, Object> nodesDoc, Map<String, Object> t, String member, String nodeId,
      double expiry) throws Exception {
    Map<String, Object> msg = VectorCopy.at(t, member);
    Map<String, Object> leaf = VectorCopy.at(msg, "leaf");
    CertKey epks = CertKey.decode(Msgpack.decode(hex(leaf.get("epks_packed_hex"))));
    byte[] body = ExchangeLeaves.requestBody(expiry, (String) t.get("root"), epks, hex(leaf.get("random0_hex")));
    leaf.put("expiry", expiry);
    sign(nodesDoc, msg, nodeId, body);
  }

  /** The reply of {@code t}, re-signed by {@code nodeId} with {@code expiry}. */
  static void reply(Map<String, Object> nodesDoc, Map<String, Object> t, String nodeId, double expiry)
      throws Exception {
    Map<String, Object> msg = VectorCopy.at(t, "reply");
    Map<String, Object> leaf = VectorCopy.at(msg, "leaf");
    CertKey epk = CertKey.decode(Msgpack.decode(hex(leaf.get("epk_list_packed_hex"))));
    byte[] body = ExchangeLeaves.replyBody(expiry, (String) t.get("root"), epk.keys(),
        hex(leaf.get("random0_hex")), hex(leaf.get("random1_hex")), hex(leaf.get("M_hex")));
    leaf.put("expiry", expiry);
    sign(nodesDoc, msg, nodeId, body);
  }

  /** The reply of {@code t}, re-signed by {@code key} after {@code chain}, with its expiry kept. */
  static void reply(Map<String, Object> t, SigningKey key, Chain chain) throws Exception {
    Map<String, Object> msg = VectorCopy.at(t, "reply");
    sign(msg, key, chain, hex(msg.get("leaf_body_hex")));
  }

  private static void sign(Map<String, Object> nodesDoc, Map<String, Object> msg, String nodeId, byte[] body)
      throws Exception {
    JsonValue node = null;
    for (JsonValue n : JsonValue.of(nodesDoc, "nodes.json").get("nodes").list()) {
      if (n.get("id").str().equals(nodeId)) {
        node = n;
      }
    }
    if (node == null) {
      throw new IllegalArgumentException("no node " + nodeId);
    }
    try (SigningKey k = SigningKey.ed25519(node.get("crypto").get("signing_keys").list().get(0)
        .get("secret_key_hex").hex())) {
      sign(msg, k, Chain.decode(node.get("config").get("chain0_hex").hex()), body);
    }
  }

  private static void sign(Map<String, Object> msg, SigningKey k, Chain chain, byte[] body) {
    byte[] signed = k.sign(body);
    Chain full = chain.append(signed);
    List<Object> items = new ArrayList<>();
    full.items().forEach(i -> items.add(HEX.formatHex(i)));
    msg.put("leaf_body_hex", HEX.formatHex(body));
    msg.put("leaf_signature_hex", HEX.formatHex(signed, 0, signed.length - body.length));
    msg.put("chain_items_hex", items);
    msg.put("value_hex", HEX.formatHex(full.encode()));
  }

  private static byte[] hex(Object s) {
    return HEX.parseHex((String) s);
  }
}
