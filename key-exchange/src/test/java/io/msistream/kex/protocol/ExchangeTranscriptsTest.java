package io.msistream.kex.protocol;

import static io.msistream.kex.testing.Hex.h;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.FixedRandom;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.testing.InteropNodes;
import io.msistream.kex.testing.PrefixRandom;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four recorded Python exchanges of exchange.json, replayed through the protocol classes:
 * our consumer rebuilds the Python request byte for byte from the recorded secrets and opens the
 * Python producer's reply; our producer accepts the Python consumer's (or controller's) request
 * and, with the recorded randomness, rebuilds the Python reply byte for byte (for sntrup761,
 * whose randomness liboqs uses differently, the consumer's recorded secrets open our reply); our
 * controller rebuilds the Python relay byte for byte.
 */
class ExchangeTranscriptsTest {
  private static final double MAXAGE = 316224000;

  static Stream<Arguments> transcripts() {
    return SharedVectors.json("exchange.json").get("transcripts").list().stream()
        .map(t -> Arguments.of(t.get("name").str(), t));
  }

  private static double now(JsonValue t) {
    return t.get("request").get("leaf").get("expiry").asDouble() - MAXAGE;
  }

  private static List<KeyIndex> kis(JsonValue decodedList) {
    List<KeyIndex> out = new ArrayList<>();
    for (JsonValue ki : decodedList.list()) {
      out.add(ki.has("bin") ? KeyIndex.ofBytes(ki.get("bin").hex()) : KeyIndex.legacy(ki.get("int").asLong()));
    }
    return out;
  }

  /** The consumer's recorded ephemeral key pairs, in the request's EPKS order. */
  private static List<KemKeyPair> consumerPairs(JsonValue t) throws Exception {
    List<KemKeyPair> pairs = new ArrayList<>();
    JsonValue secrets = t.get("consumer_secrets").get("ephemeral_secret_keys");
    for (JsonValue entry : t.get("request").get("leaf").get("epks").list()) {
      int type = (int) entry.get("type").asLong();
      JsonValue s = secrets.get(Integer.toString(type));
      KemType kt = KemType.forRequestType(type).orElseThrow();
      byte[] pq = kt == KemType.X25519_MLKEM1024 ? s.get("mlkem1024_sk").hex()
          : kt == KemType.X25519_SNTRUP761 ? s.get("sntrup761_sk").hex() : null;
      pairs.add(KemKeyPair.of(kt, s.get("x25519_sk").hex(), pq));
    }
    return pairs;
  }

  /** A requester holding the recorded request, and checks it rebuilds the request bytes. */
  private static Requester replayRequest(JsonValue t) throws Exception {
    JsonValue req = t.get("request");
    String root = t.get("root").str();
    Requester requester = Requester.create(List.of(KemType.X25519), false, new SecureRandom());
    Outgoing out = requester.request(root, kis(req.get("record_key_decoded")),
        List.of(InteropNodes.signer(t.get("consumer_node").str())), now(t),
        req.get("leaf").get("expiry").asDouble(), consumerPairs(t),
        t.get("consumer_secrets").get("random0_hex").hex());
    assertThat(h(out.recordKey())).isEqualTo(req.get("record_key_hex").str());
    assertThat(out.values()).hasSize(1);
    assertThat(h(out.values().get(0))).isEqualTo(req.get("value_hex").str());
    return requester;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void ourConsumerRebuildsTheRequestAndOpensThePythonReply(String name, JsonValue t) throws Exception {
    String root = t.get("root").str();
    JsonValue reply = t.get("reply");
    ChainValidator validator = InteropNodes.validator(t.get("consumer_node").str());
    try (Requester requester = replayRequest(t)) {
      KeyReply r = KeyReply.open(reply.get("record_key_hex").hex(), reply.get("value_hex").hex(),
          root, validator, now(t));
      assertThat(r.keyIndices()).isEqualTo(kis(reply.get("record_key_decoded")));
      assertThat(h(r.producer().byteForm())).isEqualTo(InteropNodes.node(t.get("producer_node").str())
          .get("crypto").get("signing_keys").list().get(0).get("public_key_hex").str());
      Requester.Delivery d = requester.open(r);
      assertThat(d.notAsked()).isZero();
      List<JsonValue> expected = t.get("delivered_keys").list();
      assertThat(d.keys()).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(d.keys().get(i).keyIndex())
            .isEqualTo(KeyIndex.ofBytes(expected.get(i).get("ki").get("bin").hex()));
        assertThat(h(d.keys().get(i).rootKey().bytes())).isEqualTo(expected.get(i).get("K_R_hex").str());
      }
      // a replay of the same reply opens again (random0 is not consumed) and delivers the same keys
      assertThat(requester.open(r).keyIndices()).isEqualTo(d.keyIndices());

      JsonValue data = t.get("data_message");
      DecodeResult result = RecordCodec.decrypt(data.get("wire_hex").hex(), root,
          Context.valueOf(data.get("context").str().toUpperCase(Locale.ROOT)),
          (rt, ki) -> d.keys().stream().filter(k -> rt.equals(root) && k.keyIndex().equals(ki))
              .map(k -> SecretBytes.copyOf(k.rootKey().unsafeView())).findFirst());
      assertThat(result).isInstanceOf(DecodeResult.Cleartext.class);
      assertThat(h(((DecodeResult.Cleartext) result).plaintext()))
          .isEqualTo(data.get("plaintext_hex").str());
      d.keys().forEach(HeldKey::close);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void ourProducerAnswersThePythonRequestAsPythonDid(String name, JsonValue t) throws Exception {
    String root = t.get("root").str();
    boolean relayed = t.has("controller_relay") && !t.get("controller_relay").isNull();
    JsonValue req = relayed ? t.get("controller_relay") : t.get("request");
    JsonValue reply = t.get("reply");
    JsonValue ps = t.get("producer_secrets");
    String producer = t.get("producer_node").str();

    KeyRequest request = KeyRequest.open(req.get("record_key_hex").hex(), req.get("value_hex").hex(),
        root, NodeRole.Usage.REQUEST, InteropNodes.validator(producer), now(t));
    assertThat(h(request.random0())).isEqualTo(t.get("consumer_secrets").get("random0_hex").str());
    String requesterNode = relayed ? t.get("controller_node").str() : t.get("consumer_node").str();
    assertThat(request.requester()).isEqualTo(InteropNodes.signer(requesterNode).key().publicKey());

    JsonValue data = t.get("data_message");
    KeyIndex dataKi = KeyIndex.ofBytes(data.get("ki").get("bin").hex());
    byte[] kR = data.get("K_R_hex").hex();
    KeySource source = (r, requested) -> r.equals(root) && requested.contains(dataKi)
        ? List.of(new HeldKey(dataKi, SecretBytes.copyOf(kR))) : List.of();
    List<KemType> usable = new ArrayList<>();
    for (JsonValue u : t.get("producer_usable_kem_types").list()) {
      usable.add(KemType.forRequestType(u.asLong()).orElseThrow());
    }
    byte[] x25519 = ps.get("ephemeral_secret_key_used").get("x25519_sk").hex();
    KemType chosen = KemType.forRequestType(ps.get("chosen_kem_type").asLong()).orElseThrow();
    double expiry = reply.get("leaf").get("expiry").asDouble();

    if (chosen == KemType.X25519_SNTRUP761) {
      // liboqs draws sntrup761's randomness differently: the recorded consumer opens our reply
      Responder.Reply ours = Responder.answer(request, source,
          List.of(InteropNodes.signer(producer)), usable, new PrefixRandom(x25519), expiry).orElseThrow();
      assertThat(ours.kemType()).isEqualTo(chosen);
      assertThat(h(ours.records().recordKey())).isEqualTo(reply.get("record_key_hex").str());
      KeyReply r = KeyReply.open(ours.records().recordKey(), ours.records().values().get(0), root,
          InteropNodes.validator(t.get("consumer_node").str()), now(t));
      KemCiphertext recorded = KemCiphertext.decode(io.msistream.crypto.msgpack.Msgpack.decode(
          reply.get("leaf").get("epk_list_packed_hex").hex()).asArray("epk").get(0));
      assertThat(r.epk().get(0).x25519()).isEqualTo(recorded.x25519());
      try (Requester requester = replayRequest(t)) {
        Requester.Delivery d = requester.open(r);
        assertThat(d.keyIndices()).containsExactly(dataKi);
        assertThat(d.keys().get(0).rootKey().bytes()).isEqualTo(kR);
        d.keys().forEach(HeldKey::close);
      }
      return;
    }
    List<byte[]> parts = new ArrayList<>();
    parts.add(x25519);
    for (JsonValue m : ps.get("liboqs_encaps_randomness_hex").list()) {
      parts.add(m.hex());
    }
    parts.add(ps.get("random1_hex").hex());
    parts.add(ps.get("nonce_hex").hex());
    FixedRandom random = new FixedRandom(parts.toArray(new byte[0][]));
    Optional<Responder.Reply> answer = Responder.answer(request, source,
        List.of(InteropNodes.signer(producer)), usable, random, expiry);
    assertThat(random.remaining()).isZero();
    Responder.Reply ours = answer.orElseThrow();
    assertThat(ours.kemType()).isEqualTo(chosen);
    assertThat(ours.delivered()).containsExactly(dataKi);
    assertThat(h(ours.records().recordKey())).isEqualTo(reply.get("record_key_hex").str());
    assertThat(ours.records().values()).hasSize(1);
    assertThat(h(ours.records().values().get(0))).isEqualTo(reply.get("value_hex").str());
  }

  static Stream<Arguments> relayTranscripts() {
    List<Arguments> relays = transcripts().filter(a -> {
      JsonValue t = (JsonValue) a.get()[1];
      return t.has("controller_relay") && !t.get("controller_relay").isNull();
    }).toList();
    assertThat(relays).hasSize(1);
    return relays.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("relayTranscripts")
  void ourControllerRebuildsThePythonRelay(String name, JsonValue t) throws Exception {
    String root = t.get("root").str();
    JsonValue req = t.get("request");
    JsonValue relay = t.get("controller_relay");
    String controller = t.get("controller_node").str();
    KeyRequest subscribed = KeyRequest.open(req.get("record_key_hex").hex(),
        req.get("value_hex").hex(), root, NodeRole.Usage.SUBSCRIBE,
        InteropNodes.validator(controller), now(t));
    Outgoing out = Relay.relay(subscribed, List.of(InteropNodes.signer(controller)),
        relay.get("leaf").get("expiry").asDouble());
    assertThat(h(out.recordKey())).isEqualTo(relay.get("record_key_hex").str());
    assertThat(out.values()).hasSize(1);
    assertThat(h(out.values().get(0))).isEqualTo(relay.get("value_hex").str());
  }
}
