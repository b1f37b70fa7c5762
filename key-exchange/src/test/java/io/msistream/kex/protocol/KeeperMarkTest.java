package io.msistream.kex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.testing.InteropNodes;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key keeper's request marker: wire-compatible (validators drop the unknown usage and accept
 * the request; it is still answered and opened as any other), recognised only when the leaf
 * carries it and the requester's own chain grants {@code key-encrypt} on the root.
 */
class KeeperMarkTest {
  private static final String ROOT = "openmsitest";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final KeyIndex KI = KeyIndex.ofBytes(new byte[32]);

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static Outgoing request(Requester r, String node) throws Exception {
    return r.request(ROOT, List.of(KI), List.of(InteropNodes.signer(node)), now(), now() + 3600);
  }

  private static KeyRequest open(Outgoing o, ChainValidator v) throws Exception {
    return KeyRequest.open(o.recordKey(), o.values().get(0), ROOT, NodeRole.Usage.REQUEST, v, now());
  }

  private static Requester keeper() {
    return Requester.keeper(List.of(KemType.X25519), false, RANDOM);
  }

  private static Requester plain() {
    return Requester.create(List.of(KemType.X25519), false, RANDOM);
  }

  private static List<String> leafUsages(Outgoing o) throws Exception {
    Chain c = Chain.decode(o.values().get(0));
    byte[] body = InteropNodes.signer("oms_prodcon").key().publicKey().open(c.item(c.size() - 1));
    return Certificate.decode(body, "leaf").poison().usages().orElseThrow();
  }

  @Test
  void aMarkedRequestCarriesTheUsageAndValidatorsDropItAndAcceptTheRequest() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(keeper(), "oms_prodcon");
    assertThat(leafUsages(o)).containsExactly(NodeRole.Usage.REQUEST, NodeRole.Usage.SUBSCRIBE,
        KeeperMark.USAGE);
    // what a producer's (Python-compatible) validation grants: the marker is intersected away
    ValidatedChain v = producer.validate(o.values().get(0), ROOT, NodeRole.Usage.REQUEST, now());
    assertThat(v.usages().orElseThrow()).doesNotContain(KeeperMark.USAGE)
        .contains(NodeRole.Usage.REQUEST);
    // a controller accepts it for subscribe too
    producer.validate(o.values().get(0), ROOT, NodeRole.Usage.SUBSCRIBE, now());
    assertThat(KeeperMark.isKeeperRequest(o.values().get(0), open(o, producer), producer, now()))
        .isTrue();
  }

  @Test
  void aMarkedRequestIsAnsweredAndTheReplyOpensAsAnyOther() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    try (Requester keeper = keeper()) {
      Outgoing o = request(keeper, "oms_prodcon");
      Responder.Reply reply = Responder.answer(open(o, producer),
          (root, kis) -> List.of(new HeldKey(KI, SecretBytes.copyOf(new byte[32]))),
          List.of(InteropNodes.signer("oms_producer")), List.of(KemType.X25519), RANDOM,
          now() + 3600).orElseThrow();
      KeyReply r = KeyReply.open(reply.records().recordKey(), reply.records().values().get(0),
          ROOT, InteropNodes.validator("oms_prodcon"), now());
      Requester.Delivery d = keeper.open(r);
      assertThat(d.keyIndices()).containsExactly(KI);
      d.keys().forEach(HeldKey::close);
    }
  }

  @Test
  void anUnmarkedRequestIsByteForByteTheStandardLeafAndIsNotAKeepers() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(plain(), "oms_prodcon");
    assertThat(leafUsages(o)).isEqualTo(ExchangeLeaves.REQUEST_USAGES);
    assertThat(KeeperMark.keeperProblem(o.values().get(0), open(o, producer), producer, now()))
        .hasValueSatisfying(why -> assertThat(why).contains("no key-keeper marker"));
  }

  @Test
  void aMarkFromANodeThatCannotServeTheRootDoesNotCount() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(keeper(), "oms_consumer"); // a consumer: no key-encrypt on its chain
    KeyRequest req = open(o, producer); // still a valid request
    assertThat(KeeperMark.isKeeperRequest(o.values().get(0), req, producer, now())).isFalse();
    assertThat(KeeperMark.keeperProblem(o.values().get(0), req, producer, now()))
        .hasValueSatisfying(why -> assertThat(why).contains("key-encrypt"));
  }

  @Test
  void aRelayedKeeperRequestLosesTheMarkAndDoesNotCount() throws Exception {
    ChainValidator controller = InteropNodes.validator("oms_controller");
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(keeper(), "oms_prodcon");
    KeyRequest sub = KeyRequest.open(o.recordKey(), o.values().get(0), ROOT,
        NodeRole.Usage.SUBSCRIBE, controller, now());
    Outgoing relayed = Relay.relay(sub, List.of(InteropNodes.signer("oms_controller")), now() + 60);
    KeyRequest req = open(relayed, producer);
    assertThat(KeeperMark.isKeeperRequest(relayed.values().get(0), req, producer, now())).isFalse();
  }

  @Test
  void aMarkedRequestForAnotherRootIsRejectedBeforeAnyMarkCheck() throws Exception {
    // the keeper's chain covers openmsitest and test_oms_encrypted only
    Outgoing o = keeper().request("otherroot", List.of(KI),
        List.of(InteropNodes.signer("oms_prodcon")), now(), now() + 3600);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyRequest.open(o.recordKey(),
            o.values().get(0), "otherroot", NodeRole.Usage.REQUEST,
            InteropNodes.validator("oms_producer"), now()))
        .isInstanceOf(io.msistream.crypto.cert.ChainValidationException.class);
  }

  @Test
  void garbageValuesAreNeverAKeepersAndNeverThrow() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(keeper(), "oms_prodcon");
    KeyRequest req = open(o, producer);
    byte[] good = o.values().get(0);
    Chain goodChain = Chain.decode(good);
    long seed = RANDOM.nextLong();
    java.util.Random random = new java.util.Random(seed);
    int sameValue = 0;
    for (int i = 0; i < 200; i++) {
      byte[] bad = good.clone();
      int at = random.nextInt(bad.length);
      bad[at] ^= (byte) (1 + random.nextInt(255));
      if (sameChain(bad, goodChain)) {
        // a bin header turned into a str header of the same length: the same value, which
        // Python's raw decoding and ours both accept (spec 11.4), so still the keeper's request
        sameValue++;
        continue;
      }
      // any other changed byte breaks the encoding or a signature
      assertThat(KeeperMark.isKeeperRequest(bad, req, producer, now()))
          .as("mutation %d (byte %d, seed %d)", i, at, seed).isFalse();
    }
    assertThat(sameValue).as("seed %d", seed).isLessThan(20);
    assertThat(KeeperMark.isKeeperRequest(new byte[0], req, producer, now())).isFalse();
    assertThat(KeeperMark.isKeeperRequest(new byte[] {(byte) 0x91, (byte) 0xc4, 0}, req, producer,
        now())).isFalse();
  }

  private static boolean sameChain(byte[] value, Chain expected) {
    try {
      return Chain.decode(value).equals(expected);
    } catch (io.msistream.crypto.MalformedDataException e) {
      return false;
    }
  }

  @Test
  void aBinHeaderWrittenAsStrIsTheSameRequest() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    Outgoing o = request(keeper(), "oms_prodcon");
    KeyRequest req = open(o, producer);
    byte[] asStr = o.values().get(0).clone();
    assertThat(asStr[1]).isEqualTo((byte) 0xc4); // the first item's bin8 header
    asStr[1] = (byte) 0xd9; // str8, same length
    assertThat(Chain.decode(asStr)).isEqualTo(Chain.decode(o.values().get(0)));
    assertThat(KeeperMark.isKeeperRequest(asStr, req, producer, now())).isTrue();
  }
}
