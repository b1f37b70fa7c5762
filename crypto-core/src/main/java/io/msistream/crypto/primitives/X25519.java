package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import java.security.SecureRandom;

/**
 * X25519 key agreement (libsodium {@code crypto_scalarmult_curve25519}). Secrets are 32 random
 * bytes, clamped inside the primitive. Like libsodium, an all-zero result (a low-order peer key) is
 * refused.
 */
public final class X25519 {
  /** Length of secrets, public keys and shared secrets. */
  public static final int BYTES = 32;

  private X25519() {}

  /** 32 fresh random bytes to use as a secret. */
  public static byte[] generateSecret(SecureRandom random) {
    byte[] s = new byte[BYTES];
    random.nextBytes(s);
    return s;
  }

  /** The public key {@code secret * basepoint}. */
  public static byte[] publicKey(byte[] secret32) {
    Ed25519.checkLength(secret32, BYTES, "X25519 secret");
    byte[] pk = new byte[BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(secret32, 0, pk, 0);
    return pk;
  }

  /**
   * The shared secret {@code secret * peerPublic}.
   *
   * @throws AuthenticationException if the peer key is not 32 bytes or the result is all zeros
   */
  public static byte[] sharedSecret(byte[] secret32, byte[] peerPublic32)
      throws AuthenticationException {
    Ed25519.checkLength(secret32, BYTES, "X25519 secret");
    if (peerPublic32 == null || peerPublic32.length != BYTES) {
      throw new AuthenticationException("X25519: peer public key is not 32 bytes");
    }
    byte[] out = new byte[BYTES];
    if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(
        secret32, 0, peerPublic32, 0, out, 0)) {
      throw new AuthenticationException("X25519: peer public key gives an all-zero shared secret");
    }
    return out;
  }
}
