package io.msistream.crypto.primitives;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Password-derived Ed25519 keys of KafkaCrypto's provisioning scripts (spec section 8.4): the root
 * of trust and the three provisioners. Everyone who uses the same passwords derives the same keys.
 *
 * <p>Seeds come from libsodium's {@code crypto_pwhash_scryptsalsa208sha256} at the "interactive"
 * limits, which is scrypt with N = 2^14, r = 8, p = 1 and a 32-byte output.
 */
public final class PasswordKeys {
  /** scrypt cost parameter N (libsodium OPSLIMIT/MEMLIMIT_INTERACTIVE). */
  public static final int SCRYPT_N = 1 << 14;
  /** scrypt block size r. */
  public static final int SCRYPT_R = 8;
  /** scrypt parallelism p. */
  public static final int SCRYPT_P = 1;

  /** The provisioner names, in the order simple-provision derives them. */
  public enum Provisioner {
    PRODUCER("producer"),
    CONSUMER("consumer"),
    PRODCON("prodcon");

    private final String saltName;

    Provisioner(String saltName) {
      this.saltName = saltName;
    }

    /** The name hashed into the salt. */
    public String saltName() {
      return saltName;
    }
  }

  private PasswordKeys() {}

  /** The 32-byte scrypt output for {@code password} and {@code salt}. */
  public static byte[] scrypt(String password, byte[] salt, int outLen) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    try {
      return SCrypt.generate(pw, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, outLen);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  /** The root-of-trust salt: SHA-256("Root of Trust" || UTF-8(password)). */
  public static byte[] rootSalt(String password) {
    return Sha256.hash("Root of Trust".getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
  }

  /** The root-of-trust Ed25519 secret key (64 bytes, libsodium form) for a ROT password. */
  public static byte[] rootSecretKey(String password) {
    byte[] seed = scrypt(password, rootSalt(password), 32);
    try {
      return Ed25519.secretKeyFromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The provisioner salt: SHA-256(UTF-8(name) || rootPublicKey). */
  public static byte[] provisionerSalt(Provisioner who, byte[] rootPublicKey32) {
    return Sha256.hash(who.saltName().getBytes(StandardCharsets.UTF_8), rootPublicKey32);
  }

  /** A provisioner's Ed25519 secret key (64 bytes) for a provisioning password and ROT public key. */
  public static byte[] provisionerSecretKey(Provisioner who, byte[] rootPublicKey32, String password) {
    Ed25519.checkLength(rootPublicKey32, 32, "root public key");
    byte[] seed = scrypt(password, provisionerSalt(who, rootPublicKey32), 32);
    try {
      return Ed25519.secretKeyFromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
