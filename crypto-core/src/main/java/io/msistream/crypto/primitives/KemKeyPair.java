package io.msistream.crypto.primitives;

import io.msistream.crypto.MalformedDataException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

/**
 * A requester's ephemeral key-exchange secret for one {@link KemType}: an X25519 secret and, for
 * hybrids, a post-quantum secret key in liboqs' encoding (ML-KEM-1024: the 3168-byte expanded
 * decapsulation key; sntrup761: the 1763-byte {@code f || ginv || pk || rho || hash} key).
 * {@link #close()} wipes the secrets.
 */
public final class KemKeyPair implements AutoCloseable {
  private final KemType type;
  private final byte[] x25519Secret;
  private final byte[] pqSecret;
  private final KemPublicKey publicKey;

  private KemKeyPair(KemType type, byte[] x25519Secret, byte[] pqSecret, byte[] pqPublic) {
    this.type = type;
    this.x25519Secret = x25519Secret;
    this.pqSecret = pqSecret;
    this.publicKey = KemPublicKey.of(type, X25519.publicKey(x25519Secret), pqPublic);
  }

  /** A fresh key pair of {@code type}. */
  public static KemKeyPair generate(KemType type, SecureRandom random) {
    byte[] x = X25519.generateSecret(random);
    switch (type) {
      case X25519:
        return new KemKeyPair(type, x, new byte[0], null);
      case X25519_MLKEM1024: {
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_1024));
        MLKEMPrivateKeyParameters sk = (MLKEMPrivateKeyParameters) g.generateKeyPair().getPrivate();
        return new KemKeyPair(type, x,
            sk.withPreferredFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY).getEncoded(), sk.getPublicKey());
      }
      case X25519_SNTRUP761: {
        SNTRUPrimeKeyPairGenerator g = new SNTRUPrimeKeyPairGenerator();
        g.init(new SNTRUPrimeKeyGenerationParameters(random, SNTRUPrimeParameters.sntrup761));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        return new KemKeyPair(type, x,
            ((SNTRUPrimePrivateKeyParameters) kp.getPrivate()).getEncoded(),
            ((SNTRUPrimePublicKeyParameters) kp.getPublic()).getEncoded());
      }
      default:
        throw new IllegalArgumentException("unknown KEM type " + type);
    }
  }

  /**
   * A key pair from stored secrets (the public parts are recomputed: both post-quantum encodings
   * contain the public key).
   *
   * @param pqSecret the post-quantum secret key in liboqs' encoding; ignored for type 1
   * @throws MalformedDataException if a length is wrong or the ML-KEM key fails its hash check
   */
  public static KemKeyPair of(KemType type, byte[] x25519Secret, byte[] pqSecret)
      throws MalformedDataException {
    if (x25519Secret == null || x25519Secret.length != 32) {
      throw new MalformedDataException("KEM key pair: X25519 secret is not 32 bytes");
    }
    if (!type.isHybrid()) {
      return new KemKeyPair(type, x25519Secret.clone(), new byte[0], null);
    }
    if (pqSecret == null || pqSecret.length != type.pqSecretKeyBytes()) {
      throw new MalformedDataException("KEM key pair " + type + ": post-quantum secret key is not "
          + type.pqSecretKeyBytes() + " bytes");
    }
    byte[] pqPublic;
    if (type == KemType.X25519_MLKEM1024) {
      try {
        pqPublic = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_1024, pqSecret).getPublicKey();
      } catch (RuntimeException e) {
        throw new MalformedDataException("KEM key pair: ML-KEM-1024 secret key is inconsistent");
      }
    } else {
      pqPublic = Arrays.copyOfRange(pqSecret, 2 * Sntrup761.SMALL_BYTES,
          2 * Sntrup761.SMALL_BYTES + type.pqPublicKeyBytes());
    }
    return new KemKeyPair(type, x25519Secret.clone(), pqSecret.clone(), pqPublic);
  }

  /** The KEM type. */
  public KemType type() {
    return type;
  }

  /** The public key to put into EPKS. */
  public KemPublicKey publicKey() {
    return publicKey;
  }

  byte[] x25519SecretView() {
    return x25519Secret;
  }

  byte[] pqSecretView() {
    return pqSecret;
  }

  /** Wipes the secrets. */
  @Override
  public void close() {
    Arrays.fill(x25519Secret, (byte) 0);
    Arrays.fill(pqSecret, (byte) 0);
  }

  @Override
  public String toString() {
    return "KemKeyPair[type " + type.requestType() + "]";
  }
}
