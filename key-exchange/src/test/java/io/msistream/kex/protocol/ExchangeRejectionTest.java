package io.msistream.kex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.testing.InteropNodes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live exchanges between our own Requester and Responder with the provisioned nodes, and every
 * way a management message is refused: wrong role, topic, root, denylist, expiry, a box that does
 * not open, a reply to a request we did not make, key indices we did not ask for.
 */
class ExchangeRejectionTest {
  private static final String ROOT = "openmsitest";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final KeyIndex KI = KeyIndex.ofBytes(new byte[32]);
  private static final KeyIndex OTHER_KI = KeyIndex.ofBytes(filled(7));
  private static final byte[] K_R = filled(3);

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static KeySource holding(KeyIndex... kis) {
    return (root, requested) -> {
      List<HeldKey> out = new ArrayList<>();
      for (KeyIndex ki : requested) {
        if (List.of(kis).contains(ki)) {
          out.add(new HeldKey(ki, SecretBytes.copyOf(K_R)));
        }
      }
      return out;
    };
  }

  private static Outgoing request(Requester r, String node, List<KeyIndex> kis) throws Exception {
    return r.request(ROOT, kis, List.of(InteropNodes.signer(node)), now(), now() + 3600);
  }

  private static KeyRequest open(Outgoing o, String usage, ChainValidator v) throws Exception {
    return KeyRequest.open(o.recordKey(), o.values().get(0), ROOT, usage, v, now());
  }

  private static Responder.Reply answer(KeyRequest req, List<KemType> types, KeySource source)
      throws Exception {
    return Responder.answer(req, source, List.of(InteropNodes.signer("oms_producer")), types,
        RANDOM, now() + 3600).orElseThrow();
  }

  private static KeyReply openReply(Responder.Reply reply, ChainValidator v) throws Exception {
    return KeyReply.open(reply.records().recordKey(), reply.records().values().get(0), ROOT, v, now());
  }

  @Test
  void javaConsumerAndProducerExchangeKeysForEveryKemType() throws Exception {
    for (List<KemType> offered : List.of(List.of(KemType.X25519_MLKEM1024, KemType.X25519_SNTRUP761,
        KemType.X25519), List.of(KemType.X25519_SNTRUP761, KemType.X25519), List.of(KemType.X25519))) {
      try (Requester r = Requester.create(offered, false, RANDOM)) {
        Outgoing o = request(r, "oms_pq_consumer", List.of(KI, OTHER_KI));
        KeyRequest req = open(o, NodeRole.Usage.REQUEST, InteropNodes.validator("oms_pq_producer"));
        Responder.Reply reply = Responder.answer(req, holding(KI),
            List.of(InteropNodes.signer("oms_pq_producer")), List.of(KemType.values()), RANDOM,
            now() + 3600).orElseThrow();
        assertThat(reply.kemType()).isEqualTo(offered.get(0));
        assertThat(reply.delivered()).containsExactly(KI);
        Requester.Delivery d = r.open(openReply(reply, InteropNodes.validator("oms_pq_consumer")));
        assertThat(d.keyIndices()).containsExactly(KI);
        assertThat(d.keys().get(0).rootKey().bytes()).isEqualTo(K_R);
        d.keys().forEach(HeldKey::close);
      }
    }
  }

  @Test
  void theResponderPicksTheFirstOfferedTypeItSupports() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519_MLKEM1024, KemType.X25519_SNTRUP761,
        KemType.X25519), false, RANDOM)) {
      KeyRequest req = open(request(r, "oms_consumer", List.of(KI)), NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer"));
      assertThat(answer(req, List.of(KemType.X25519, KemType.X25519_SNTRUP761), holding(KI)).kemType())
          .isEqualTo(KemType.X25519_SNTRUP761);
      assertThatThrownBy(() -> answer(req, List.of(), holding(KI)))
          .isInstanceOf(ExchangeException.class).hasMessageContaining("no key-exchange type in common");
    }
  }

  @Test
  void noReplyWhenNoRequestedKeyIsHeld() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      KeyRequest req = open(request(r, "oms_consumer", List.of(OTHER_KI)), NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer"));
      assertThat(Responder.answer(req, holding(KI), List.of(InteropNodes.signer("oms_producer")),
          List.of(KemType.X25519), RANDOM, now() + 3600)).isEmpty();
    }
  }

  @Test
  void aLimitedConsumerOrAProducerCannotRequestDirectly() throws Exception {
    ChainValidator producer = InteropNodes.validator("oms_producer");
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      for (String node : List.of("oms_limited_consumer", "oms_producer")) {
        Outgoing o = request(r, node, List.of(KI));
        assertThatThrownBy(() -> open(o, NodeRole.Usage.REQUEST, producer))
            .isInstanceOfSatisfying(ChainValidationException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USAGE));
      }
      // but a limited consumer may subscribe, which a controller relays
      KeyRequest sub = open(request(r, "oms_limited_consumer", List.of(KI)),
          NodeRole.Usage.SUBSCRIBE, InteropNodes.validator("oms_controller"));
      Outgoing relayed = Relay.relay(sub, List.of(InteropNodes.signer("oms_controller")), now() + 60);
      KeyRequest viaController = open(relayed, NodeRole.Usage.REQUEST, producer);
      assertThat(viaController.requester())
          .isEqualTo(InteropNodes.signer("oms_controller").key().publicKey());
      Requester.Delivery d = r.open(openReply(answer(viaController, List.of(KemType.X25519),
          holding(KI)), InteropNodes.validator("oms_limited_consumer")));
      assertThat(d.keyIndices()).containsExactly(KI);
    }
  }

  @Test
  void aConsumerIsRefusedForATopicItsCertificateDoesNotName() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      Outgoing o = r.request("forbidden", List.of(KI), List.of(InteropNodes.signer("oms_consumer")),
          now(), now() + 60);
      assertThatThrownBy(() -> KeyRequest.open(o.recordKey(), o.values().get(0), "forbidden",
          NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"), now()))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.TOPIC));
      // the request's own leaf names its root: read as another root it fails as well
      Outgoing ok = request(r, "oms_consumer", List.of(KI));
      assertThatThrownBy(() -> KeyRequest.open(ok.recordKey(), ok.values().get(0),
          "test_oms_encrypted", NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"), now()))
          .isInstanceOf(ChainValidationException.class);
    }
  }

  @Test
  void unknownRootsDenylistedProducersAndExpiredChainsAreRefused() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      Outgoing o = request(r, "oms_consumer", List.of(KI));
      Certificate foreignRoot;
      try (var k = ProvisioningCerts.temporaryRootKey()) {
        foreignRoot = Certificate.decode(ProvisioningCerts.rootOfTrust(k.publicKey()), "foreign root");
      }
      ChainValidator foreign = ChainValidator.create(TrustLists.of(List.of(foreignRoot), List.of()));
      assertThatThrownBy(() -> open(o, NodeRole.Usage.REQUEST, foreign))
          .isInstanceOf(ChainValidationException.class);
      assertThatThrownBy(() -> KeyRequest.open(o.recordKey(), o.values().get(0), ROOT,
          NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"), now() + 7200))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));

      Responder.Reply reply = answer(open(o, NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer")), List.of(KemType.X25519), holding(KI));
      Certificate producerKey = Certificate.decode(ProvisioningCerts.rootOfTrust(
          InteropNodes.signer("oms_producer").key().publicKey()), "denied producer");
      ChainValidator denying = ChainValidator.create(TrustLists.of(
          List.of(InteropNodes.rot0("oms_consumer")), List.of(producerKey)));
      assertThatThrownBy(() -> openReply(reply, denying))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.DENYLISTED));
      // a controller's or consumer's chain cannot answer: replies need key-encrypt
      Responder.Reply fromController = Responder.answer(open(o, NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_controller")), holding(KI),
          List.of(InteropNodes.signer("oms_controller")), List.of(KemType.X25519), RANDOM,
          now() + 60).orElseThrow();
      assertThatThrownBy(() -> openReply(fromController, InteropNodes.validator("oms_consumer")))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.USAGE));
    }
  }

  @Test
  void aReplyOpensOnlyWithTheSecretsOfItsRequest() throws Exception {
    try (Requester asker = Requester.create(List.of(KemType.X25519), false, RANDOM);
        Requester other = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      Outgoing o = request(asker, "oms_consumer", List.of(KI));
      Responder.Reply reply = answer(open(o, NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer")), List.of(KemType.X25519), holding(KI));
      KeyReply r = openReply(reply, InteropNodes.validator("oms_consumer"));
      assertThatThrownBy(() -> other.open(r)).isInstanceOf(ExchangeException.class)
          .hasMessageContaining("random0");
      // same random0, other ephemeral secret: the box does not open
      KeyRequest parsed = open(o, NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"));
      other.request(ROOT, List.of(KI), List.of(InteropNodes.signer("oms_consumer")), now(),
          now() + 60, List.of(io.msistream.crypto.primitives.KemKeyPair.generate(KemType.X25519, RANDOM)),
          parsed.random0());
      assertThatThrownBy(() -> other.open(r)).isInstanceOf(AuthenticationException.class);
      assertThat(asker.open(r).keyIndices()).containsExactly(KI);
    }
  }

  @Test
  void keyIndicesNotAskedForAreDropped() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      Outgoing asked = request(r, "oms_consumer", List.of(KI));
      // a producer that ignores the request's list and sends another index too
      KeySource greedy = (root, requested) -> List.of(new HeldKey(KI, SecretBytes.copyOf(K_R)),
          new HeldKey(OTHER_KI, SecretBytes.copyOf(K_R)));
      Requester.Delivery d = r.open(openReply(answer(open(asked, NodeRole.Usage.REQUEST,
          InteropNodes.validator("oms_producer")), List.of(KemType.X25519), greedy),
          InteropNodes.validator("oms_consumer")));
      assertThat(d.keyIndices()).containsExactly(KI);
      assertThat(d.notAsked()).isEqualTo(1);
    }
  }

  @Test
  void theLastFourRequestsPerRootStayOpenable() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      List<KeyReply> replies = new ArrayList<>();
      for (int i = 0; i < Requester.KEEP_PER_ROOT + 1; i++) {
        Outgoing o = request(r, "oms_consumer", List.of(KI));
        replies.add(openReply(answer(open(o, NodeRole.Usage.REQUEST,
            InteropNodes.validator("oms_producer")), List.of(KemType.X25519), holding(KI)),
            InteropNodes.validator("oms_consumer")));
      }
      assertThat(r.outstanding()).isEqualTo(Requester.KEEP_PER_ROOT);
      assertThatThrownBy(() -> r.open(replies.get(0))).isInstanceOf(ExchangeException.class);
      for (KeyReply reply : replies.subList(1, replies.size())) {
        assertThat(r.open(reply).keyIndices()).containsExactly(KI);
      }
      r.expire(now() + 1);
      assertThat(r.outstanding()).isZero();
      assertThatThrownBy(() -> r.open(replies.get(4))).isInstanceOf(ExchangeException.class);
    }
  }

  @Test
  void aLegacyNodeAlsoSendsTheSingleBareKeyForm() throws Exception {
    try (Requester r = Requester.create(List.of(KemType.X25519_MLKEM1024, KemType.X25519), true, RANDOM)) {
      Outgoing o = request(r, "oms_consumer", List.of(KI));
      assertThat(o.values()).hasSize(2);
      KeyRequest legacy = KeyRequest.open(o.recordKey(), o.values().get(1), ROOT,
          NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"), now());
      assertThat(legacy.legacy()).isTrue();
      assertThat(legacy.requester()).isEqualTo(InteropNodes.signer("oms_consumer").key().publicKey());
      assertThat(legacy.epks()).hasSize(1);
      assertThat(legacy.epks().get(0).type()).isEqualTo(KemType.X25519);
      Requester.Delivery d = r.open(openReply(answer(legacy, List.of(KemType.values()), holding(KI)),
          InteropNodes.validator("oms_consumer")));
      assertThat(d.keyIndices()).containsExactly(KI);
    }
  }
}
