package io.msistream.kex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.testing.InteropNodes;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unprovisioned nodes (empty chain) sign with a one-off chain under the public temporary root, as
 * Python does (spec 5.6; chains.json case unprovisioned_request_temporary_root has the same shape):
 * two such nodes that keep the {@code temporary} allowlist entry exchange keys; a provisioned node
 * without that entry refuses them.
 */
class UnprovisionedNodeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ROOT = "anything";

  @Test
  void unprovisionedNodesExchangeUnderTheTemporaryRootOnly() throws Exception {
    Certificate temporary = Certificate.decode(ProvisioningCerts.temporaryRootOfTrust(), "temporary");
    ChainValidator bootstrap = ChainValidator.create(TrustLists.of(List.of(temporary), List.of()));
    double now = System.currentTimeMillis() / 1000.0;
    try (SigningKey consumerKey = SigningKey.ed25519(Ed25519.generateSecretKey(RANDOM));
        SigningKey producerKey = SigningKey.ed25519(Ed25519.generateSecretKey(RANDOM));
        Requester r = Requester.create(List.of(KemType.X25519), false, RANDOM)) {
      Signer consumer = new Signer(consumerKey, Chain.empty());
      Signer producer = new Signer(producerKey, Chain.empty());
      KeyIndex ki = KeyIndex.ofBytes(new byte[32]);
      Outgoing o = r.request(ROOT, List.of(ki), List.of(consumer), now, now + 86400);
      assertThat(Chain.decode(o.values().get(0)).size()).isEqualTo(2);
      KeyRequest req = KeyRequest.open(o.recordKey(), o.values().get(0), ROOT,
          NodeRole.Usage.REQUEST, bootstrap, now);
      assertThat(req.requester()).isEqualTo(consumerKey.publicKey());
      Responder.Reply reply = Responder.answer(req,
          (root, kis) -> List.of(new HeldKey(ki, SecretBytes.copyOf(new byte[32]))),
          List.of(producer), List.of(KemType.X25519), RANDOM, now + 86400).orElseThrow();
      KeyReply opened = KeyReply.open(reply.records().recordKey(), reply.records().values().get(0),
          ROOT, bootstrap, now);
      assertThat(opened.producer()).isEqualTo(producerKey.publicKey());
      assertThat(r.open(opened).keyIndices()).containsExactly(ki);
      // the one-off chain names the request's root only
      assertThatThrownBy(() -> KeyRequest.open(o.recordKey(), o.values().get(0), "other",
          NodeRole.Usage.REQUEST, bootstrap, now)).isInstanceOf(ChainValidationException.class);
      // a provisioned node (no temporary entry) refuses it
      assertThatThrownBy(() -> KeyRequest.open(o.recordKey(), o.values().get(0), ROOT,
          NodeRole.Usage.REQUEST, InteropNodes.validator("oms_producer"), now))
          .isInstanceOf(ChainValidationException.class);
    }
  }
}
