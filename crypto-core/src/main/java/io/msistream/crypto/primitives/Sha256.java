package io.msistream.crypto.primitives;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 (libsodium {@code crypto_hash_sha256}) over the concatenation of its arguments. */
public final class Sha256 {
  /** Digest length. */
  public static final int BYTES = 32;

  private Sha256() {}

  /** SHA-256 of {@code parts[0] || parts[1] || ...}. */
  public static byte[] hash(byte[]... parts) {
    MessageDigest md = newDigest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
