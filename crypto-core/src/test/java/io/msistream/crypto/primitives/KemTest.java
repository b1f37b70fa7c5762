package io.msistream.crypto.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.Msgpack;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KemTest {
  private static final SecureRandom RND = new SecureRandom();

  @ParameterizedTest
  @EnumSource(KemType.class)
  void encapsulateThenDecapsulateAgree(KemType type) throws Exception {
    try (KemKeyPair own = KemKeyPair.generate(type, RND)) {
      KemPublicKey pub = KemPublicKey.decode(Msgpack.decode(own.publicKey().encode()));
      assertThat(pub).isEqualTo(own.publicKey());
      Kem.Encapsulation enc = Kem.encapsulate(pub, RND);
      assertThat(enc.sharedSecret()).hasSize(type.sharedSecretBytes());
      KemCiphertext ct = KemCiphertext.decode(Msgpack.decode(enc.ciphertext().encode()));
      assertThat(ct).isEqualTo(enc.ciphertext());
      assertThat(Kem.decapsulate(own, ct)).isEqualTo(enc.sharedSecret());
    }
  }

  @ParameterizedTest
  @EnumSource(KemType.class)
  void storedSecretsGiveTheSameKeyPair(KemType type) throws Exception {
    byte[] x = X25519.generateSecret(RND);
    KemKeyPair a = KemKeyPair.generate(type, new FixedRandom(x, seedBytes(type)));
    // KemKeyPair.of recomputes the public parts from the stored secrets alone
    KemKeyPair b = KemKeyPair.of(type, x, type.isHybrid() ? pqSecretOf(a) : null);
    assertThat(b.publicKey()).isEqualTo(a.publicKey());
  }

  private static byte[] pqSecretOf(KemKeyPair k) {
    return k.pqSecretView().clone();
  }

  private static byte[] seedBytes(KemType type) {
    byte[] b = new byte[type == KemType.X25519_SNTRUP761 ? 1 << 16 : 64];
    RND.nextBytes(b);
    return b;
  }

  @Test
  void typeNumbersMatchTheSpec() {
    assertThat(KemType.forRequestType(1)).contains(KemType.X25519);
    assertThat(KemType.forRequestType(2)).contains(KemType.X25519_SNTRUP761);
    assertThat(KemType.forRequestType(5)).contains(KemType.X25519_MLKEM1024);
    assertThat(KemType.forReplyType(3)).contains(KemType.X25519_SNTRUP761);
    assertThat(KemType.forReplyType(6)).contains(KemType.X25519_MLKEM1024);
    assertThat(KemType.forRequestType(3)).isEmpty();
    assertThat(KemType.forRequestType(9)).isEmpty();
    assertThat(KemType.forReplyType(5)).isEmpty();
  }

  @Test
  void malformedEncodingsAreTypedErrors() {
    String[] bad = {
      "c41f" + "00".repeat(31),            // 31-byte bare key
      "92", "05",                           // wrong shapes
      "920692c420" + "00".repeat(32) + "c401ff",  // type 6 as a request: unknown request type
      "920592c420" + "00".repeat(32) + "c401ff",  // ML-KEM key of 1 byte
      "920592c420" + "00".repeat(32),       // one part
      "920992c420" + "00".repeat(32) + "c401ff",  // unknown type 9
      "92cf0000000000000005" + "92c420" + "00".repeat(32) + "c401ff",
    };
    for (String hex : bad) {
      assertThatThrownBy(() -> KemPublicKey.decode(Msgpack.decode(Hex.b(hex))))
          .as(hex).isInstanceOf(MalformedDataException.class);
    }
    assertThatThrownBy(() -> KemCiphertext.decode(Msgpack.decode(Hex.b("920592c420" + "00".repeat(32) + "c401ff"))))
        .isInstanceOf(MalformedDataException.class);
  }

  @Test
  void replyOfAnotherTypeIsRejected() throws Exception {
    try (KemKeyPair own = KemKeyPair.generate(KemType.X25519, RND)) {
      KemPublicKey other = KemKeyPair.generate(KemType.X25519_MLKEM1024, RND).publicKey();
      KemCiphertext ct = Kem.encapsulate(other, RND).ciphertext();
      assertThatThrownBy(() -> Kem.decapsulate(own, ct)).isInstanceOf(MalformedDataException.class);
    }
  }

  @Test
  void lowOrderX25519KeysAreRefused() {
    // the all-zero point and the point of order 2 give an all-zero shared secret
    for (String lowOrder : new String[] {"00".repeat(32), "01" + "00".repeat(31)}) {
      KemPublicKey pk = KemPublicKey.of(KemType.X25519, Hex.b(lowOrder), null);
      assertThatThrownBy(() -> Kem.encapsulate(pk, RND)).isInstanceOf(AuthenticationException.class);
      assertThatThrownBy(() -> X25519.sharedSecret(X25519.generateSecret(RND), Hex.b(lowOrder)))
          .isInstanceOf(AuthenticationException.class);
    }
  }
}
