package io.msistream.stream.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-512 helpers (every JRE provides SHA-512, so a missing algorithm is a broken runtime). */
final class Sha512 {
  /** Digest length in bytes. */
  static final int LENGTH = 64;

  private Sha512() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable in this JRE", e);
    }
  }

  static byte[] of(byte[] b, int off, int len) {
    MessageDigest md = newDigest();
    md.update(b, off, len);
    return md.digest();
  }
}
