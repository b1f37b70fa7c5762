package io.msistream.crypto.primitives;

import static io.msistream.crypto.primitives.Hex.h;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.PasswordKeys.Provisioner;
import io.msistream.crypto.testing.SharedVectors;
import org.junit.jupiter.api.Test;

/** Spec section 13.1 and the public OpenMSIStream test passwords. */
class PasswordKeysTest {

  @Test
  void rootOfTrustFromItsPassword() {
    assertThat(h(PasswordKeys.rootSalt("123456789012")))
        .isEqualTo("cc9f97ce50e6b858f6ed5b2a16c7cb3181a527b8e4188ff40ce371cd8fbd3c91");
    byte[] rotPk = Ed25519.publicKeyOf(PasswordKeys.rootSecretKey("123456789012"));
    assertThat(h(rotPk)).isEqualTo("94ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3");
    JsonValue nodes = SharedVectors.json("nodes/nodes.json");
    assertThat(nodes.get("rot_password").str()).isEqualTo("123456789012");
    assertThat(rotPk).isEqualTo(nodes.get("rot_public_key_hex").hex());
  }

  @Test
  void provisionersFromTheProvisioningPassword() {
    byte[] rotPk = Hex.b("94ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3");
    assertThat(h(PasswordKeys.provisionerSalt(Provisioner.CONSUMER, rotPk)))
        .isEqualTo("1eb8a62996454ea00ab7671cfbb6a8f29e5bbbc37ba6fa493ad2e4a2134e0bb7");
    assertThat(h(PasswordKeys.provisionerSalt(Provisioner.PRODCON, rotPk)))
        .isEqualTo("b90efd548b98d902079a14d5262774405e2b3bfc14562c76d87655856fa02e25");
    String[] expected = {
      "65328701bd22f7c6fe0bc95c1011de1b67c9070ddd860e54e151715edf5b7b66",
      "3c0da0ffe3856a70c7312a1b5f20ba6c5f107907bf272e2f92bb52c1f2d59826",
      "2c0aa6fe95b0bd9e32a4282fb442fe0fd246fbe5329fb6c73c96b6071e13c2e2"};
    JsonValue recorded = SharedVectors.json("chains.json").get("provisioner_public_keys_hex");
    for (Provisioner p : Provisioner.values()) {
      byte[] pk = Ed25519.publicKeyOf(PasswordKeys.provisionerSecretKey(p, rotPk, "123456"));
      assertThat(h(pk)).as(p.name()).isEqualTo(expected[p.ordinal()]);
      assertThat(pk).as(p.name()).isEqualTo(recorded.get(p.saltName()).hex());
    }
  }
}
