package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.cert.ManagementUpdates.ListKind;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.testing.SharedVectors;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManagementUpdatesTest {
  private static final double NOW = 1798761600.0;
  private static SigningKey rot;
  private static ChainValidator validator;
  private static JsonValue producer;
  private static JsonValue consumer;

  @BeforeAll
  static void setUp() throws Exception {
    JsonValue nodes = SharedVectors.json("nodes/nodes.json");
    rot = SigningKey.ed25519(PasswordKeys.rootSecretKey(nodes.get("rot_password").str()));
    Certificate rot0 = Certificate.decode(ProvisioningCerts.rootOfTrust(rot.publicKey()), "rot0");
    validator = ChainValidator.create(TrustLists.of(List.of(rot0), List.of()));
    for (JsonValue n : nodes.get("nodes").list()) {
      if (n.get("id").str().equals("oms_producer")) {
        producer = n;
      } else if (n.get("id").str().equals("oms_consumer")) {
        consumer = n;
      }
    }
  }

  private static byte[] pk(JsonValue node) {
    return node.get("crypto").get("signing_keys").list().get(0).get("public_key_hex").hex();
  }

  private static byte[] chain0(JsonValue node) {
    return node.get("config").get("chain0_hex").hex();
  }

  @Test
  void chainsTopicAcceptsAValidChainForOurKeyOnly() throws Exception {
    PublicKey ours = new PublicKey.Ed25519Key(pk(producer));
    assertThat(ManagementUpdates.chainUpdate(pk(producer), chain0(producer), ours, validator, NOW))
        .hasValueSatisfying(v -> assertThat(v.singleKey()).contains(ours));
    // a record keyed by another node's key is not ours
    assertThat(ManagementUpdates.chainUpdate(pk(consumer), chain0(consumer), ours, validator, NOW))
        .isEmpty();
    // keyed by our key but certifying someone else
    assertThatThrownBy(() -> ManagementUpdates.chainUpdate(pk(producer), chain0(consumer), ours,
        validator, NOW)).isInstanceOfSatisfying(ChainValidationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));
    // keyed by our key, invalid chain
    byte[] broken = chain0(producer);
    broken[broken.length - 40] ^= 1;
    assertThatThrownBy(() -> ManagementUpdates.chainUpdate(pk(producer), broken, ours, validator, NOW))
        .isInstanceOf(ChainValidationException.class);
  }

  @Test
  void listAdditionFromChainsJsonIsStoredUnderItsHash() throws Exception {
    JsonValue c = SharedVectors.json("chains.json").get("cases").list().stream()
        .filter(x -> x.get("name").str().equals("allowlist_addition_signed_by_root"))
        .findFirst().orElseThrow();
    ManagementUpdates.ListEntry e = ManagementUpdates.listUpdate(ListKind.ALLOWLIST,
        c.get("chain_hex").hex(), validator, NOW);
    byte[] entry = e.entry().encoded();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(entry);
    assertThat(e.name()).isEqualTo("base64#" + Base64.getEncoder().encodeToString(digest));
    assertThat(e.entry().singleKey().orElseThrow().byteForm())
        .isEqualTo(java.util.HexFormat.of().parseHex(
            "1538016cca11445b38f1df744cb68eb9417277dea7a657476f7690da04fc6a8c"));
    // the same chain does not grant key-denylist
    assertThatThrownBy(() -> ManagementUpdates.listUpdate(ListKind.DENYLIST,
        c.get("chain_hex").hex(), validator, NOW))
        .isInstanceOfSatisfying(ChainValidationException.class,
            x -> assertThat(x.reason()).isEqualTo(Reason.USAGE));
  }

  @Test
  void listAdditionNeedsAFourthItemWithTheLeafKey() throws Exception {
    SecureRandom r = new SecureRandom();
    try (SigningKey admin = SigningKey.ed25519(Ed25519.generateSecretKey(r));
        SigningKey other = SigningKey.ed25519(Ed25519.generateSecretKey(r))) {
      Poison denyAdmin = Poison.of(Poison.usages(NodeRole.Usage.DENYLIST));
      byte[] ownEntry = CertificateBuilder.create().key(admin.publicKey()).encode();
      byte[] otherEntry = CertificateBuilder.create().key(other.publicKey()).encode();

      byte[] good = leafChain(CertificateBuilder.create().poison(denyAdmin).key(admin.publicKey())
          .extraBin(ownEntry).encode());
      assertThat(ManagementUpdates.listUpdate(ListKind.DENYLIST, good, validator, NOW).entry().encoded())
          .isEqualTo(ownEntry);

      byte[] foreign = leafChain(CertificateBuilder.create().poison(denyAdmin)
          .key(admin.publicKey()).extraBin(otherEntry).encode());
      assertThatThrownBy(() -> ManagementUpdates.listUpdate(ListKind.DENYLIST, foreign, validator, NOW))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH));

      byte[] none = leafChain(CertificateBuilder.create().poison(denyAdmin).key(admin.publicKey()).encode());
      assertThatThrownBy(() -> ManagementUpdates.listUpdate(ListKind.DENYLIST, none, validator, NOW))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));

      byte[] notACert = leafChain(CertificateBuilder.create().poison(denyAdmin).key(admin.publicKey())
          .extraBin(new byte[] {1, 2, 3}).encode());
      assertThatThrownBy(() -> ManagementUpdates.listUpdate(ListKind.DENYLIST, notACert, validator, NOW))
          .isInstanceOfSatisfying(ChainValidationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void selfRevocationWithoutFourthItemIsIgnoredAsInPython() throws Exception {
    JsonValue c = SharedVectors.json("chains.json").get("cases").list().stream()
        .filter(x -> x.get("name").str().equals("self_revocation_key_denylist"))
        .findFirst().orElseThrow();
    byte[] chain = c.get("chain_hex").hex();
    assertThat(validator.validate(chain, null, "key-denylist", NOW).singleKey()).isPresent();
    assertThatThrownBy(() -> ManagementUpdates.listUpdate(ListKind.DENYLIST, chain, validator, NOW))
        .isInstanceOfSatisfying(ChainValidationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  private static byte[] leafChain(byte[] body) {
    return Chain.of(List.of(rot.sign(body))).encode();
  }
}
