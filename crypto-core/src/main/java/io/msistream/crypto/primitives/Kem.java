package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

/**
 * Key exchange for KafkaCrypto's KEM types (spec sections 6.3 and 6.5). The responder
 * {@linkplain #encapsulate encapsulates} to a requester's {@link KemPublicKey}; the requester
 * {@linkplain #decapsulate decapsulates} the {@link KemCiphertext}. Both get the same shared secret
 * {@code E}: the X25519 output, followed for hybrids by the post-quantum KEM secret.
 */
public final class Kem {
  private Kem() {}

  /** The responder's reply part and the shared secret E (the caller wipes {@code sharedSecret}). */
  public record Encapsulation(KemCiphertext ciphertext, byte[] sharedSecret) {
    @Override
    public String toString() {
      return "Encapsulation[" + ciphertext + "]";
    }
  }

  /** Encapsulates to {@code peer} with a fresh X25519 secret and fresh KEM randomness. */
  public static Encapsulation encapsulate(KemPublicKey peer, SecureRandom random)
      throws AuthenticationException {
    byte[] x = X25519.generateSecret(random);
    try {
      return encapsulate(peer, x, random);
    } finally {
      Arrays.fill(x, (byte) 0);
    }
  }

  /**
   * Encapsulates to {@code peer} with the given X25519 secret; {@code pqRandom} supplies the
   * post-quantum encapsulation randomness (ML-KEM-1024 draws exactly the 32-byte message m).
   *
   * @throws AuthenticationException if the peer's X25519 key gives an all-zero secret
   */
  public static Encapsulation encapsulate(KemPublicKey peer, byte[] x25519Secret, SecureRandom pqRandom)
      throws AuthenticationException {
    byte[] dh = X25519.sharedSecret(x25519Secret, peer.x25519View());
    byte[] ownPublic = X25519.publicKey(x25519Secret);
    KemType type = peer.type();
    if (!type.isHybrid()) {
      return new Encapsulation(KemCiphertext.of(type, ownPublic, null), dh);
    }
    SecretWithEncapsulation s;
    try {
      s = type == KemType.X25519_MLKEM1024
          ? new MLKEMGenerator(pqRandom).generateEncapsulated(
              new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_1024, peer.pqView()))
          : new SNTRUPrimeKEMGenerator(pqRandom).generateEncapsulated(
              new SNTRUPrimePublicKeyParameters(SNTRUPrimeParameters.sntrup761, peer.pqView()));
    } catch (RuntimeException e) {
      Arrays.fill(dh, (byte) 0);
      throw new AuthenticationException("KEM " + type + ": peer public key is not usable");
    }
    byte[] kemSecret = s.getSecret();
    byte[] e = concat(dh, kemSecret);
    Arrays.fill(dh, (byte) 0);
    Arrays.fill(kemSecret, (byte) 0);
    return new Encapsulation(KemCiphertext.of(type, ownPublic, s.getEncapsulation()), e);
  }

  /**
   * The shared secret E for a reply part sent to {@code own}'s public key.
   *
   * @throws MalformedDataException if the reply is of another type than {@code own}
   * @throws AuthenticationException if X25519 gives an all-zero secret
   */
  public static byte[] decapsulate(KemKeyPair own, KemCiphertext reply)
      throws MalformedDataException, AuthenticationException {
    KemType type = own.type();
    if (reply.type() != type) {
      throw new MalformedDataException("key-exchange reply of type " + reply.type().replyType()
          + " does not answer a type " + type.requestType() + " key");
    }
    byte[] dh = X25519.sharedSecret(own.x25519SecretView(), reply.x25519View());
    if (!type.isHybrid()) {
      return dh;
    }
    byte[] kemSecret;
    try {
      kemSecret = type == KemType.X25519_MLKEM1024
          ? new MLKEMExtractor(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_1024,
              own.pqSecretView())).extractSecret(reply.pqView())
          : new SNTRUPrimeKEMExtractor(Sntrup761.privateKey(own.pqSecretView()))
              .extractSecret(reply.pqView());
    } catch (RuntimeException e) {
      Arrays.fill(dh, (byte) 0);
      throw new AuthenticationException("KEM " + type + ": decapsulation failed");
    }
    byte[] e = concat(dh, kemSecret);
    Arrays.fill(dh, (byte) 0);
    Arrays.fill(kemSecret, (byte) 0);
    return e;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
