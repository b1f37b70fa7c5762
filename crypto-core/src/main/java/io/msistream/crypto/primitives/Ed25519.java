package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Ed25519 signatures in libsodium's "combined" form, as KafkaCrypto uses them (key type 1).
 *
 * <p>A signed message is {@code signature(64) || message}. Secret keys use libsodium's 64-byte form
 * {@code seed(32) || publicKey(32)}; like libsodium, signing uses the public key stored in the
 * secret key. Backed by BouncyCastle's RFC 8032 implementation.
 */
public final class Ed25519 {
  /** Length of a public key. */
  public static final int PUBLIC_KEY_BYTES = 32;
  /** Length of a libsodium secret key (seed || public key). */
  public static final int SECRET_KEY_BYTES = 64;
  /** Length of a seed. */
  public static final int SEED_BYTES = 32;
  /** Length of a signature. */
  public static final int SIGNATURE_BYTES = 64;

  private Ed25519() {}

  /** Signs {@code message}: returns {@code signature(64) || message}. */
  public static byte[] sign(byte[] secretKey64, byte[] message) {
    checkLength(secretKey64, SECRET_KEY_BYTES, "Ed25519 secret key");
    byte[] out = new byte[SIGNATURE_BYTES + message.length];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        secretKey64, 0, secretKey64, SEED_BYTES, message, 0, message.length, out, 0);
    System.arraycopy(message, 0, out, SIGNATURE_BYTES, message.length);
    return out;
  }

  /** The detached 64-byte signature of {@code message}. */
  public static byte[] signDetached(byte[] secretKey64, byte[] message) {
    checkLength(secretKey64, SECRET_KEY_BYTES, "Ed25519 secret key");
    byte[] sig = new byte[SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        secretKey64, 0, secretKey64, SEED_BYTES, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * Verifies a combined signed message and returns the message part.
   *
   * @throws AuthenticationException if the public key is not 32 bytes, the input is shorter than a
   *     signature, or the signature does not verify
   */
  public static byte[] open(byte[] publicKey32, byte[] signedMessage)
      throws AuthenticationException {
    if (signedMessage == null || signedMessage.length < SIGNATURE_BYTES) {
      throw new AuthenticationException("Ed25519: signed message shorter than a signature");
    }
    if (publicKey32 == null || publicKey32.length != PUBLIC_KEY_BYTES) {
      throw new AuthenticationException("Ed25519: public key is not 32 bytes");
    }
    if (!verifyDetached(publicKey32, signedMessage, 0, signedMessage, SIGNATURE_BYTES,
        signedMessage.length - SIGNATURE_BYTES)) {
      throw new AuthenticationException("Ed25519: signature does not verify");
    }
    return Arrays.copyOfRange(signedMessage, SIGNATURE_BYTES, signedMessage.length);
  }

  /** True if {@code signedMessage} is a valid combined signed message under {@code publicKey32}. */
  public static boolean verify(byte[] publicKey32, byte[] signedMessage) {
    if (signedMessage == null || signedMessage.length < SIGNATURE_BYTES
        || publicKey32 == null || publicKey32.length != PUBLIC_KEY_BYTES) {
      return false;
    }
    return verifyDetached(publicKey32, signedMessage, 0, signedMessage, SIGNATURE_BYTES,
        signedMessage.length - SIGNATURE_BYTES);
  }

  /** True if {@code sig[sigOff, +64)} signs {@code msg[off, +len)} under {@code publicKey32}. */
  public static boolean verifyDetached(
      byte[] publicKey32, byte[] sig, int sigOff, byte[] msg, int off, int len) {
    if (publicKey32 == null || publicKey32.length != PUBLIC_KEY_BYTES
        || sig == null || sigOff < 0 || sig.length - sigOff < SIGNATURE_BYTES) {
      return false;
    }
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, sigOff, publicKey32, 0, msg, off, len);
    } catch (RuntimeException e) {
      return false; // defensive: malformed points must never escape as unchecked exceptions
    }
  }

  /** The libsodium 64-byte secret key {@code seed || publicKey} for a 32-byte seed. */
  public static byte[] secretKeyFromSeed(byte[] seed32) {
    checkLength(seed32, SEED_BYTES, "Ed25519 seed");
    byte[] sk = new byte[SECRET_KEY_BYTES];
    System.arraycopy(seed32, 0, sk, 0, SEED_BYTES);
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed32, 0, sk, SEED_BYTES);
    return sk;
  }

  /**
   * The public key of a 64-byte secret key, recomputed from its seed (not copied from its second
   * half; compare the two to detect a corrupted key file).
   */
  public static byte[] publicKeyOf(byte[] secretKey64) {
    checkLength(secretKey64, SECRET_KEY_BYTES, "Ed25519 secret key");
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(secretKey64, 0, pk, 0);
    return pk;
  }

  /** A fresh random 64-byte secret key. */
  public static byte[] generateSecretKey(SecureRandom random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    try {
      return secretKeyFromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  static void checkLength(byte[] b, int len, String what) {
    if (b == null || b.length != len) {
      throw new IllegalArgumentException(what + " must be " + len + " bytes");
    }
  }
}
