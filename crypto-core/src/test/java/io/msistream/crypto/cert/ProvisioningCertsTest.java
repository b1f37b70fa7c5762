package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Fixed provisioning values. Reproducing the shared nodes' chains and configs from their passwords
 * is a conformance check ({@code io.msistream.crypto.conformance.NodesChecker}).
 */
class ProvisioningCertsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void temporaryRootIsThePubliclyKnownKeyOfSpec5_6() throws Exception {
    try (SigningKey k = ProvisioningCerts.temporaryRootKey()) {
      assertThat(HEX.formatHex(k.publicKey().byteForm()))
          .isEqualTo("1a13b0aecdd6751c7dfa43e43284326ad01dbc20a8a00b1566092ab0a542620f");
      Certificate entry = Certificate.decode(ProvisioningCerts.temporaryRootOfTrust(), "temporary");
      assertThat(entry.expiry()).isZero();
      assertThat(entry.poison()).isEqualTo(Poison.of(Poison.pathlen(2)));
      assertThat(entry.singleKey()).contains(k.publicKey());
    }
  }

  @Test
  void nodeCertificateLifetimeIsTheSimpleProvisionValue() {
    assertThat(ProvisioningCerts.NODE_CERT_LIFETIME_SECONDS).isEqualTo(3660L * 86400);
  }
}
