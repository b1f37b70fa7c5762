package io.msistream.crypto.conformance;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.Kem;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemPublicKey;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.primitives.SlhDsa;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.record.RootTopic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code exchange.json}, four parts per transcript, with the nodes loaded from {@code nodes/<id>/}:
 * <ul>
 *   <li>{@code consumer}: with its recorded ephemeral secrets it decapsulates the reply's EPK,
 *       gets E and SS, opens M, finds the delivered keys and decrypts the data message;
 *   <li>{@code producer}: it picks the first usable EPKS entry, re-encapsulates with its recorded
 *       X25519 secret and liboqs randomness (the ciphertext must match byte for byte, except for
 *       sntrup761, whose randomness liboqs uses differently: there a fresh encapsulation must
 *       decapsulate under the consumer's key), and reproduces SS and M;
 *   <li>{@code leaves}: request, relay and reply leaf bodies rebuilt from their decoded fields and
 *       signed with the node key that signed them equal Python's bytes (type-4 SLH-DSA signatures
 *       are verified instead);
 *   <li>{@code chains}: the request (or relay) validates for {@code key-encrypt-request} under the
 *       producer's trust, the reply for {@code key-encrypt} under the consumer's, at the run's time
 *       or, if the recorded leaves have expired by then, at the earliest leaf expiry.
 * </ul>
 */
final class ExchangeChecker extends VectorFileChecker {
  private final double now;

  ExchangeChecker(double now) {
    super("exchange.json");
    this.now = now;
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return each(doc, "transcripts", List.of(
        new Part("consumer", t -> consumer(dir, t)),
        new Part("producer", ExchangeChecker::producer),
        new Part("leaves", t -> leaves(dir, t)),
        new Part("chains", t -> chains(dir, t))));
  }

  /** Reply leaf body: [expiry, poison, [EPK], [random0, random1], M]. */
  private static List<MpValue> replyLeaf(JsonValue t) throws Exception {
    List<MpValue> leaf = Msgpack.decode(t.get("reply").get("leaf_body_hex").hex()).asArray("reply leaf");
    Check.equal("reply leaf items", 5, leaf.size());
    return leaf;
  }

  private static KemKeyPair consumerKeyPair(JsonValue t, KemType type) throws Exception {
    JsonValue s = t.get("consumer_secrets").get("ephemeral_secret_keys").get(Integer.toString(type.requestType()));
    String pq = type == KemType.X25519_MLKEM1024 ? "mlkem1024" : type == KemType.X25519_SNTRUP761 ? "sntrup761" : null;
    KemKeyPair kp = KemKeyPair.of(type, s.get("x25519_sk").hex(), pq == null ? null : s.get(pq + "_sk").hex());
    Check.bytes("consumer X25519 public key", s.get("x25519_pk").hex(), kp.publicKey().x25519());
    if (pq != null) {
      Check.bytes("consumer " + pq + " public key", s.get(pq + "_pk").hex(), kp.publicKey().pq());
    }
    return kp;
  }

  private static void consumer(Path dir, JsonValue t) throws Exception {
    String root = t.get("root").str();
    List<MpValue> leaf = replyLeaf(t);
    List<MpValue> epkList = leaf.get(2).asArray("epk list");
    Check.equal("reply EPKs", 1, epkList.size());
    KemCiphertext epk = KemCiphertext.decode(epkList.get(0));
    Check.bytes("EPK re-encoded", epkList.get(0).raw(), epk.encode());
    List<MpValue> randoms = leaf.get(3).asArray("randoms");
    byte[] random0 = randoms.get(0).asBin("random0");
    byte[] random1 = randoms.get(1).asBin("random1");
    Check.bytes("random0", t.get("consumer_secrets").get("random0_hex").hex(), random0);
    byte[] m = leaf.get(4).asBin("M");

    byte[] e;
    try (KemKeyPair own = consumerKeyPair(t, epk.type())) {
      e = Kem.decapsulate(own, epk);
    }
    JsonValue shared = t.get("shared");
    Check.bytes("E", shared.get("E_hex").hex(), e);
    Check.bytes("X25519 part of E", shared.get("x25519_shared_hex").hex(), Arrays.copyOf(e, 32));
    if (epk.type().isHybrid()) {
      Check.bytes("KEM part of E", shared.get("kem_shared_hex").hex(), Arrays.copyOfRange(e, 32, 64));
    }
    byte[] ss = Sha256.hash(root.getBytes(StandardCharsets.UTF_8), random0, random1, e);
    Check.bytes("SS", shared.get("SS_hex").hex(), ss);
    byte[] inner = SecretBox.open(ss, Arrays.copyOf(m, 24), Arrays.copyOfRange(m, 24, m.length));
    Check.bytes("inner plaintext", t.get("inner_plaintext_hex").hex(), inner);

    List<MpValue> flat = Msgpack.decode(inner).asArray("inner");
    List<JsonValue> delivered = t.get("delivered_keys").list();
    Check.equal("inner items", 2 * delivered.size(), flat.size());
    Map<KeyIndex, byte[]> keys = new HashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      JsonValue d = delivered.get(i / 2);
      KeyIndex ki = KeyIndex.of(flat.get(i));
      Check.equal("delivered ki " + i / 2, Vectors.ki(d.get("ki")), ki);
      keys.put(ki, flat.get(i + 1).asBin("K_R"));
      Check.bytes("delivered K_R " + i / 2, d.get("K_R_hex").hex(), keys.get(ki));
    }
    JsonValue data = t.get("data_message");
    String dataRoot = RootTopic.of(data.get("topic").str(), Vectors.separator(dir, t.opt("consumer_node")));
    Check.equal("data message root", root, dataRoot);
    DecodeResult r = RecordCodec.decrypt(data.get("wire_hex").hex(), dataRoot, Vectors.context(data.get("context")),
        (rt, ki) -> rt.equals(root) ? Optional.ofNullable(keys.get(ki)).map(SecretBytes::copyOf) : Optional.empty());
    Check.bytes("data message plaintext", data.get("plaintext_hex").hex(),
        Check.instance(DecodeResult.Cleartext.class, r, "data message").plaintext());
  }

  private static void producer(JsonValue t) throws Exception {
    String root = t.get("root").str();
    JsonValue ps = t.get("producer_secrets");
    List<MpValue> request = Msgpack.decode(t.get("request").get("leaf_body_hex").hex()).asArray("request leaf");
    Check.equal("request leaf items", 4, request.size());
    List<MpValue> epks = request.get(2) instanceof MpValue.Arr a ? a.items() : List.of(request.get(2));
    List<Long> usable = new ArrayList<>();
    t.get("producer_usable_kem_types").list().forEach(u -> usable.add(u.asLong()));
    int chosen = -1;
    List<KemPublicKey> keys = new ArrayList<>();
    for (MpValue v : epks) {
      KemPublicKey k = KemPublicKey.decode(v);
      Check.bytes("EPKS entry " + keys.size() + " re-encoded", v.raw(), k.encode());
      keys.add(k);
      if (chosen < 0 && usable.contains((long) k.type().requestType())) {
        chosen = keys.size() - 1;
      }
    }
    Check.equal("chosen request entry", ps.get("chosen_request_entry_index").asLong(), (long) chosen);
    KemPublicKey peer = keys.get(chosen);
    Check.equal("reply KEM type", ps.get("reply_kem_type").asLong(), (long) peer.type().replyType());

    byte[] x25519Secret = ps.get("ephemeral_secret_key_used").get("x25519_sk").hex();
    MpValue recordedEpk = replyLeaf(t).get(2).asArray("epk list").get(0);
    KemCiphertext recorded = KemCiphertext.decode(recordedEpk);
    byte[] e;
    if (peer.type() == KemType.X25519_SNTRUP761) {
      Kem.Encapsulation ours = Kem.encapsulate(peer, x25519Secret, new SecureRandom());
      Check.bytes("X25519 part of the reply EPK", recorded.x25519(), ours.ciphertext().x25519());
      try (KemKeyPair consumer = consumerKeyPair(t, peer.type())) {
        Check.bytes("sntrup761 round trip", ours.sharedSecret(), Kem.decapsulate(consumer, ours.ciphertext()));
      }
      Check.bytes("X25519 part of E", t.get("shared").get("x25519_shared_hex").hex(),
          Arrays.copyOf(ours.sharedSecret(), 32));
      e = t.get("shared").get("E_hex").hex();
    } else {
      List<JsonValue> pqRandom = ps.get("liboqs_encaps_randomness_hex").list();
      RecordedRandom random = new RecordedRandom(pqRandom.isEmpty() ? new byte[0] : pqRandom.get(0).hex());
      Kem.Encapsulation enc = Kem.encapsulate(peer, x25519Secret, random);
      Check.equal("recorded randomness left over", 0, random.remaining());
      Check.bytes("reply EPK", recordedEpk.raw(), enc.ciphertext().encode());
      e = enc.sharedSecret();
    }
    List<JsonValue> all = ps.get("all_shared_secrets_computed_in_request_order_hex").list();
    Check.bytes("first shared secret", all.get(0).hex(), e);
    Check.bytes("E", t.get("shared").get("E_hex").hex(), e);
    // a later type-1 entry is answered too (and not used); secrets are recorded for the entries
    // of a type the producer supports only, so entry i's is at its place among those
    int computed = 1;
    for (int i = chosen + 1; i < keys.size(); i++) {
      if (!usable.contains((long) keys.get(i).type().requestType())) {
        continue;
      }
      if (keys.get(i).type() == KemType.X25519) {
        byte[] x1 = ps.get("ephemeral_secret_keys_generated").get("1").get("x25519_sk").hex();
        Check.that(computed < all.size(), "no recorded shared secret for entry " + i);
        Check.bytes("shared secret of entry " + i, all.get(computed).hex(),
            Kem.encapsulate(keys.get(i), x1, new RecordedRandom(new byte[0])).sharedSecret());
      }
      computed++;
    }

    byte[] ss = Sha256.hash(root.getBytes(StandardCharsets.UTF_8), request.get(3).asBin("random0"),
        ps.get("random1_hex").hex(), e);
    Check.bytes("SS", t.get("shared").get("SS_hex").hex(), ss);
    byte[] inner = t.get("inner_plaintext_hex").hex();
    byte[] nonce = ps.get("nonce_hex").hex();
    byte[] m = new byte[24 + 16 + inner.length];
    System.arraycopy(nonce, 0, m, 0, 24);
    SecretBox.seal(ss, nonce, inner, 0, inner.length, m, 24);
    Check.bytes("M", replyLeaf(t).get(4).asBin("M"), m);
  }

  private static void leaves(Path dir, JsonValue t) throws Exception {
    String root = t.get("root").str();
    request(dir, t.get("request"), root, t.get("consumer_node").str());
    if (relayed(t)) {
      request(dir, t.get("controller_relay"), root, t.get("controller_node").str());
    }
    JsonValue reply = t.get("reply");
    JsonValue leaf = reply.get("leaf");
    CertKey epk = CertKey.decode(Msgpack.decode(leaf.get("epk_list_packed_hex").hex()));
    byte[] body = ExchangeLeaves.replyBody(leaf.get("expiry").asDouble(), root, epk.keys(),
        leaf.get("random0_hex").hex(), leaf.get("random1_hex").hex(), leaf.get("M_hex").hex());
    Check.bytes("reply leaf body", reply.get("leaf_body_hex").hex(), body);
    checkSigned(dir, t.get("producer_node").str(), body, reply, "reply");
  }

  private static void request(Path dir, JsonValue req, String root, String signer) throws Exception {
    String what = req.path().substring(req.path().lastIndexOf('.') + 1);
    JsonValue leaf = req.get("leaf");
    CertKey epks = CertKey.decode(Msgpack.decode(leaf.get("epks_packed_hex").hex()));
    byte[] body = ExchangeLeaves.requestBody(leaf.get("expiry").asDouble(), root, epks, leaf.get("random0_hex").hex());
    Check.bytes(what + " leaf body", req.get("leaf_body_hex").hex(), body);
    checkSigned(dir, signer, body, req, what);
  }

  /**
   * The node key that signed the last chain item (a node may have several, one request or reply
   * per key) signs {@code body} into it: byte for byte for Ed25519; for a type-4 key the Ed25519
   * part byte for byte and the SLH-DSA signature by verification (it may be randomized).
   */
  private static void checkSigned(Path dir, String nodeId, byte[] body, JsonValue msg, String what) throws Exception {
    List<JsonValue> items = msg.get("chain_items_hex").list();
    byte[] leaf = items.get(items.size() - 1).hex();
    try (Node node = load(dir, nodeId)) {
      SigningKey k = null;
      byte[] opened = null;
      for (Node.NodeKey nk : node.keys()) {
        try {
          opened = nk.key().publicKey().open(leaf);
          k = nk.key();
          break;
        } catch (AuthenticationException notThisKey) {
          // try the node's next key
        }
      }
      Check.that(k != null, what + ": the leaf is signed by none of " + nodeId + "'s keys");
      Check.bytes(what + " leaf body (signed by " + nodeId + ")", body, opened);
      if (k instanceof SigningKey.HybridSigning h) {
        byte[] ed = h.ed25519SecretKey();
        try {
          Check.bytes(what + " Ed25519 part of the signed leaf (by " + nodeId + ")", Ed25519.sign(ed, body),
              Arrays.copyOfRange(leaf, SlhDsa.SIGNATURE_BYTES, leaf.length));
        } finally {
          Arrays.fill(ed, (byte) 0);
        }
      } else {
        Check.bytes(what + " signed leaf (by " + nodeId + ")", leaf, k.sign(body));
      }
    }
  }

  private void chains(Path dir, JsonValue t) throws Exception {
    String root = t.get("root").str();
    JsonValue req = relayed(t) ? t.get("controller_relay") : t.get("request");
    double now = validationTime(t);
    try (Node producer = load(dir, t.get("producer_node").str());
        Node consumer = load(dir, t.get("consumer_node").str())) {
      ValidatedChain r = ChainValidator.create(producer.trust())
          .validate(req.get("value_hex").hex(), root, NodeRole.Usage.REQUEST, now);
      List<JsonValue> epks = t.get("request").get("leaf").get("epks").list();
      Check.equal("request keys", epks.size(), r.key().keys().size());
      for (int i = 0; i < epks.size(); i++) {
        Check.equal("request key " + i + " type", epks.get(i).get("type").asLong(),
            (long) r.key().keys().get(i).type());
      }
      Check.equal("request extra items", 1, r.extra().size());
      ValidatedChain k = ChainValidator.create(consumer.trust())
          .validate(t.get("reply").get("value_hex").hex(), root, NodeRole.Usage.ENCRYPT, now);
      Check.equal("reply keys", 1, k.key().keys().size());
      Check.equal("reply key type", t.get("reply").get("leaf").get("epk").get("type").asLong(),
          (long) k.key().keys().get(0).type());
      Check.equal("reply extra items", 2, k.extra().size());
      // the leaf uses up one level of the producer's own chain (none if that chain has no pathlen)
      List<byte[]> items = Chain.decode(t.get("reply").get("value_hex").hex()).items();
      ValidatedChain own = ChainValidator.create(consumer.trust())
          .validate(Chain.of(items.subList(0, items.size() - 1)), null, null, now);
      Check.equal("reply pathlen", own.pathlen().isPresent() ? own.pathlen().getAsLong() - 1 : null,
          k.pathlen().isPresent() ? k.pathlen().getAsLong() : null);
    }
  }

  /**
   * The run's time, but not after the recorded leaves expire: their lifetime is the signing node's
   * maxage (one day when a config has none), so a set recorded more than that long ago is checked
   * as of the end of its messages' life (the README: validate at a time ≤ the leaf expiry).
   */
  private double validationTime(JsonValue t) {
    double at = now;
    for (String member : List.of("request", "controller_relay", "reply")) {
      if (t.has(member) && !t.get(member).isNull()) {
        double expiry = t.get(member).get("leaf").get("expiry").asDouble();
        if (expiry != 0) {
          at = Math.min(at, expiry);
        }
      }
    }
    return at;
  }

  /** True for a transcript through a controller (a direct one has no or a null controller_relay). */
  private static boolean relayed(JsonValue t) {
    return t.has("controller_relay") && !t.get("controller_relay").isNull();
  }

  private static Node load(Path dir, String nodeId) throws Exception {
    return Node.load(Vectors.resolve(dir, "nodes/" + nodeId));
  }
}
