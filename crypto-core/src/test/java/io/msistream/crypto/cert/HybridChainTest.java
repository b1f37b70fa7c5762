package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.cert.ChainValidationException.Reason;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.SlhDsa;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Type-4 (Ed25519 + SLH-DSA) signers: {@code slh_sig || ed_sig || body}, SLH-DSA checked first. */
class HybridChainTest {
  @Test
  void hybridRootSignsAndTamperingWithEitherSignatureFails() throws Exception {
    SecureRandom r = new SecureRandom();
    byte[] ed = Ed25519.generateSecretKey(r);
    byte[] slh = SlhDsa.generateSecretKey(r);
    try (SigningKey root = SigningKey.hybrid(ed, slh);
        SigningKey node = SigningKey.ed25519(Ed25519.generateSecretKey(r))) {
      assertThat(root.publicKey()).isInstanceOf(PublicKey.HybridKey.class);
      assertThat(root.toString()).doesNotContain(java.util.HexFormat.of().formatHex(slh));
      Certificate rootEntry = Certificate.decode(ProvisioningCerts.rootOfTrust(root.publicKey()), "root");
      assertThat(rootEntry.singleKey()).contains(root.publicKey());
      byte[] body = CertificateBuilder.create()
          .poison(Poison.of(Poison.usages("key-encrypt"), Poison.topics("t"))).key(node.publicKey())
          .encode();
      byte[] signed = root.sign(body);
      assertThat(signed).hasSize(SlhDsa.SIGNATURE_BYTES + 64 + body.length);
      ChainValidator v = ChainValidator.create(TrustLists.of(List.of(rootEntry), List.of()));
      ValidatedChain ok = v.validate(Chain.of(List.of(signed)), "t", "key-encrypt", 0);
      assertThat(ok.signers()).containsExactly(root.publicKey(), node.publicKey());

      for (int at : new int[] {5, SlhDsa.SIGNATURE_BYTES + 5, signed.length - 1}) {
        byte[] bad = signed.clone();
        bad[at] ^= 1;
        assertThatThrownBy(() -> v.validate(Chain.of(List.of(bad)), "t", "key-encrypt", 0))
            .isInstanceOfSatisfying(ChainValidationException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE));
      }
    }
  }
}
