package io.msistream.crypto.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.record.RootTopic;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crypto of the four recorded key exchanges in exchange.json (chain validation is tested
 * elsewhere): the consumer computes E and SS from its recorded ephemeral secrets and opens the
 * reply; the producer reproduces SS, M and, for ML-KEM, the ciphertext from its recorded randomness.
 */
class KemExchangeVectorsTest {

  static Stream<JsonValue> transcripts() {
    return SharedVectors.json("exchange.json").get("transcripts").list().stream();
  }

  /** Reply leaf body: [expiry, poison, [EPK], [random0, random1], M]. */
  private static List<MpValue> replyLeaf(JsonValue t) throws Exception {
    List<MpValue> leaf = Msgpack.decode(t.get("reply").get("leaf_body_hex").hex()).asArray("reply leaf");
    assertThat(leaf).hasSize(5);
    return leaf;
  }

  private static KemKeyPair consumerKeyPair(JsonValue t, KemType type) throws Exception {
    JsonValue s = t.get("consumer_secrets").get("ephemeral_secret_keys").get(Integer.toString(type.requestType()));
    byte[] pq = type == KemType.X25519_MLKEM1024 ? s.get("mlkem1024_sk").hex()
        : type == KemType.X25519_SNTRUP761 ? s.get("sntrup761_sk").hex() : null;
    KemKeyPair kp = KemKeyPair.of(type, s.get("x25519_sk").hex(), pq);
    assertThat(kp.publicKey().x25519()).isEqualTo(s.get("x25519_pk").hex());
    if (type.isHybrid()) {
      String pkName = type == KemType.X25519_MLKEM1024 ? "mlkem1024_pk" : "sntrup761_pk";
      assertThat(kp.publicKey().pq()).isEqualTo(s.get(pkName).hex());
    }
    return kp;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void consumerSideOpensTheReplyAndDecryptsTheDataMessage(JsonValue t) throws Exception {
    String root = t.get("root").str();
    List<MpValue> leaf = replyLeaf(t);
    List<MpValue> epkList = leaf.get(2).asArray("epk list");
    assertThat(epkList).hasSize(1);
    KemCiphertext epk = KemCiphertext.decode(epkList.get(0));
    assertThat(epk.encode()).isEqualTo(epkList.get(0).raw());
    List<MpValue> randoms = leaf.get(3).asArray("randoms");
    byte[] random0 = randoms.get(0).asBin("random0");
    byte[] random1 = randoms.get(1).asBin("random1");
    assertThat(random0).isEqualTo(t.get("consumer_secrets").get("random0_hex").hex());
    byte[] m = leaf.get(4).asBin("M");

    byte[] e;
    try (KemKeyPair own = consumerKeyPair(t, epk.type())) {
      e = Kem.decapsulate(own, epk);
    }
    JsonValue shared = t.get("shared");
    assertThat(e).isEqualTo(shared.get("E_hex").hex());
    assertThat(Arrays.copyOf(e, 32)).isEqualTo(shared.get("x25519_shared_hex").hex());
    if (epk.type().isHybrid()) {
      assertThat(Arrays.copyOfRange(e, 32, 64)).isEqualTo(shared.get("kem_shared_hex").hex());
    }
    byte[] ss = Sha256.hash(root.getBytes(StandardCharsets.UTF_8), random0, random1, e);
    assertThat(ss).isEqualTo(shared.get("SS_hex").hex());

    byte[] inner = SecretBox.open(ss, Arrays.copyOf(m, 24), Arrays.copyOfRange(m, 24, m.length));
    assertThat(inner).isEqualTo(t.get("inner_plaintext_hex").hex());
    List<MpValue> flat = Msgpack.decode(inner).asArray("inner");
    assertThat(flat.size() % 2).isZero();
    List<JsonValue> delivered = t.get("delivered_keys").list();
    assertThat(flat).hasSize(2 * delivered.size());
    List<KeyIndex> kis = new ArrayList<>();
    List<byte[]> kRs = new ArrayList<>();
    for (int i = 0; i < flat.size(); i += 2) {
      kis.add(KeyIndex.of(flat.get(i)));
      kRs.add(flat.get(i + 1).asBin("K_R"));
      JsonValue d = delivered.get(i / 2);
      assertThat(kis.get(i / 2)).isEqualTo(KeyIndex.ofBytes(d.get("ki").get("bin").hex()));
      assertThat(kRs.get(i / 2)).isEqualTo(d.get("K_R_hex").hex());
    }

    JsonValue data = t.get("data_message");
    String dataRoot = RootTopic.of(data.get("topic").str());
    assertThat(dataRoot).isEqualTo(root);
    DecodeResult r = RecordCodec.decrypt(data.get("wire_hex").hex(), dataRoot,
        Context.valueOf(data.get("context").str().toUpperCase(java.util.Locale.ROOT)),
        (rt, ki) -> rt.equals(root) && kis.contains(ki)
            ? Optional.of(SecretBytes.copyOf(kRs.get(kis.indexOf(ki)))) : Optional.empty());
    assertThat(r).isInstanceOf(DecodeResult.Cleartext.class);
    assertThat(((DecodeResult.Cleartext) r).plaintext()).isEqualTo(data.get("plaintext_hex").hex());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void producerSideReproducesTheSharedSecretAndTheBox(JsonValue t) throws Exception {
    String root = t.get("root").str();
    JsonValue ps = t.get("producer_secrets");
    List<MpValue> request = Msgpack.decode(t.get("request").get("leaf_body_hex").hex()).asArray("request leaf");
    assertThat(request).hasSize(4);
    MpValue epksValue = request.get(2);
    List<MpValue> epks = epksValue instanceof MpValue.Arr a ? a.items() : List.of(epksValue);
    List<Long> usable = new ArrayList<>();
    for (JsonValue u : t.get("producer_usable_kem_types").list()) {
      usable.add(u.asLong());
    }
    int chosen = -1;
    List<KemPublicKey> keys = new ArrayList<>();
    for (MpValue v : epks) {
      KemPublicKey k = KemPublicKey.decode(v);
      assertThat(k.encode()).isEqualTo(v.raw());
      keys.add(k);
      if (chosen < 0 && usable.contains((long) k.type().requestType())) {
        chosen = keys.size() - 1;
      }
    }
    assertThat(chosen).isEqualTo(ps.get("chosen_request_entry_index").asLong());
    KemPublicKey peer = keys.get(chosen);
    assertThat(peer.type().replyType()).isEqualTo((int) ps.get("reply_kem_type").asLong());

    byte[] x25519Secret = ps.get("ephemeral_secret_key_used").get("x25519_sk").hex();
    List<JsonValue> pqRandom = ps.get("liboqs_encaps_randomness_hex").list();
    FixedRandom random = new FixedRandom(pqRandom.isEmpty() ? new byte[0] : pqRandom.get(0).hex());
    KemCiphertext recorded = KemCiphertext.decode(replyLeaf(t).get(2).asArray("epk list").get(0));
    byte[] e;
    if (peer.type() == KemType.X25519_SNTRUP761) {
      // liboqs and BouncyCastle use sntrup761's randomness differently: check the X25519 half and
      // that a BouncyCastle encapsulation to the liboqs key decapsulates with the liboqs secret key
      Kem.Encapsulation ours = Kem.encapsulate(peer, x25519Secret, new java.security.SecureRandom());
      assertThat(ours.ciphertext().x25519()).isEqualTo(recorded.x25519());
      try (KemKeyPair consumer = consumerKeyPair(t, peer.type())) {
        assertThat(Kem.decapsulate(consumer, ours.ciphertext())).isEqualTo(ours.sharedSecret());
      }
      assertThat(Arrays.copyOf(ours.sharedSecret(), 32)).isEqualTo(t.get("shared").get("x25519_shared_hex").hex());
      e = t.get("shared").get("E_hex").hex();
    } else {
      Kem.Encapsulation enc = Kem.encapsulate(peer, x25519Secret, random);
      assertThat(random.remaining()).isZero();
      assertThat(enc.ciphertext()).isEqualTo(recorded);
      assertThat(enc.ciphertext().encode()).isEqualTo(replyLeaf(t).get(2).asArray("epk list").get(0).raw());
      e = enc.sharedSecret();
    }
    List<JsonValue> all = ps.get("all_shared_secrets_computed_in_request_order_hex").list();
    assertThat(e).isEqualTo(all.get(0).hex());
    assertThat(e).isEqualTo(t.get("shared").get("E_hex").hex());
    // the type-1 entry, when it is not the chosen one, is reproducible too
    for (int i = chosen + 1; i < keys.size(); i++) {
      if (keys.get(i).type() == KemType.X25519) {
        byte[] x1 = ps.get("ephemeral_secret_keys_generated").get("1").get("x25519_sk").hex();
        assertThat(Kem.encapsulate(keys.get(i), x1, new FixedRandom()).sharedSecret())
            .isEqualTo(all.get(i - chosen).hex());
      }
    }

    byte[] random0 = request.get(3).asBin("random0");
    byte[] random1 = ps.get("random1_hex").hex();
    byte[] ss = Sha256.hash(root.getBytes(StandardCharsets.UTF_8), random0, random1, e);
    assertThat(ss).isEqualTo(t.get("shared").get("SS_hex").hex());
    byte[] inner = t.get("inner_plaintext_hex").hex();
    byte[] nonce = ps.get("nonce_hex").hex();
    byte[] m = new byte[24 + 16 + inner.length];
    System.arraycopy(nonce, 0, m, 0, 24);
    SecretBox.seal(ss, nonce, inner, 0, inner.length, m, 24);
    assertThat(m).isEqualTo(replyLeaf(t).get(4).asBin("M"));
  }
}
