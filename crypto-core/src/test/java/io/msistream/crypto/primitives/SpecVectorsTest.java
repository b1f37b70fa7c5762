package io.msistream.crypto.primitives;

import static io.msistream.crypto.primitives.Hex.b;
import static io.msistream.crypto.primitives.Hex.h;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The worked examples of the KafkaCrypto spec, section 13.2 and 13.3. */
class SpecVectorsTest {
  private static final byte[] S = range(0, 32);
  private static final byte[] NODE_PK = range(32, 32);

  private static byte[] range(int from, int n) {
    byte[] r = new byte[n];
    for (int i = 0; i < n; i++) {
      r[i] = (byte) (from + i);
    }
    return r;
  }

  @Test
  void section13_2_dataMessageDerivation() {
    assertThat(h(Sha256.hash("openmsitest".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("bea75aa74bcafef3416c41e1dd81d0b96351c05c1975cdec53a91c3f02a38a73");
    byte[] kR = KafkaCryptoKdf.rootKey(S, "openmsitest");
    assertThat(h(kR)).isEqualTo("582cfda4cc20de5aafdffc11a0cba6db4233b0d0187ce6bb4636bd92b87b5ee2");
    assertThat(h(KafkaCryptoKdf.keyIndex(NODE_PK, 0)))
        .isEqualTo("cd7c57ad56979602014d26d02011093d8efd03984862e03e065ce0f8d6395a8a");
    assertThat(h(KafkaCryptoKdf.ratchetStep(S)))
        .isEqualTo("6a2a23f02fe97d2f1e30fbad45ae999406f689825c89b254d79f08ee69b10ba4");
    byte[] salt0 = new byte[16];
    byte[] salt1 = new byte[16];
    salt1[0] = 1;
    assertThat(h(KafkaCryptoKdf.messageKeyAndNonce(kR, salt0, Context.VALUE)))
        .isEqualTo("1172454e8063ef6a9c24c4dd52221a160c4169a0a569fa201d96ac8023d292b6"
            + "33e4a1812a247bc76c42435018be40ffc69855c200670c2f");
    assertThat(h(KafkaCryptoKdf.messageKeyAndNonce(kR, salt1, Context.VALUE)))
        .isEqualTo("34d0ee201b7d799db0930eede8735fe0e98664ecc1bd8e1551d504d731cf144c"
            + "4196e493de25cff1ac9180a5d16bcfbd3f0b7534ef3fb4b2");
    assertThat(h(KafkaCryptoKdf.messageKeyAndNonce(kR, salt0, Context.KEY)))
        .isEqualTo("f988e6b40b4d46d21cba12ab5c9eb4f7eb22cdf28a3bfb261772e30f91fca30c"
            + "3de164cc0d0f89fb7dbe4af7c8fe25fc7acf7bc4458a1d85");
  }

  @Test
  void section13_2_helloBoxMatchesTheWireExample() throws Exception {
    byte[] kn = KafkaCryptoKdf.messageKeyAndNonce(
        KafkaCryptoKdf.rootKey(S, "openmsitest"), new byte[16], Context.VALUE);
    byte[] box = SecretBox.seal(Arrays.copyOf(kn, 32), Arrays.copyOfRange(kn, 32, 56),
        "hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(h(box)).isEqualTo("2749e2ac94e8122fd6b78d967004cf2066e62eaace");
    assertThat(SecretBox.open(Arrays.copyOf(kn, 32), Arrays.copyOfRange(kn, 32, 56), box))
        .asString(StandardCharsets.US_ASCII).isEqualTo("hello");
  }

  @Test
  void section13_3_keyExchangeSecretAndM() throws Exception {
    byte[] consumerSecret = Hex.repeat(1, 32);
    byte[] producerSecret = Hex.repeat(2, 32);
    assertThat(h(X25519.publicKey(consumerSecret)))
        .isEqualTo("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209");
    assertThat(h(X25519.publicKey(producerSecret)))
        .isEqualTo("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59");
    byte[] e = X25519.sharedSecret(producerSecret, X25519.publicKey(consumerSecret));
    assertThat(h(e)).isEqualTo("2ed76ab549b1e73c031eb49c9448f0798aea81b698279a0c3dc3e49fbfc4b953");
    assertThat(X25519.sharedSecret(consumerSecret, X25519.publicKey(producerSecret))).isEqualTo(e);
    byte[] ss = Sha256.hash("openmsitest".getBytes(StandardCharsets.UTF_8),
        Hex.repeat(3, 32), Hex.repeat(4, 32), e);
    assertThat(h(ss)).isEqualTo("e8e2438bcc8710e6b51cb78912bc753923a3729b0946c7e4c8345841416557e0");
    byte[] kR = KafkaCryptoKdf.rootKey(S, "openmsitest");
    byte[] ki = KafkaCryptoKdf.keyIndex(NODE_PK, 0);
    byte[] inner = new byte[1 + 2 * 34];
    inner[0] = (byte) 0x92;
    inner[1] = (byte) 0xc4;
    inner[2] = 32;
    System.arraycopy(ki, 0, inner, 3, 32);
    inner[35] = (byte) 0xc4;
    inner[36] = 32;
    System.arraycopy(kR, 0, inner, 37, 32);
    byte[] nonce = Hex.repeat(5, 24);
    byte[] m = new byte[24 + 16 + inner.length];
    System.arraycopy(nonce, 0, m, 0, 24);
    SecretBox.seal(ss, nonce, inner, 0, inner.length, m, 24);
    assertThat(h(m)).isEqualTo("0505050505050505050505050505050505050505050505052d41fe580f9c9d5b"
        + "36828de6c473b2807c064700c491c28f05bea6e8a69207d3299aa74262f4be167ffa399b479bd9edeb4527a6"
        + "7af3ae5c42b4ed3a4ed744874f1562bff0bbced9d219f911034f8a07b67f03e7d8");
  }
}
