package io.msistream.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Key material that cannot leak into logs: {@link #toString()} shows only the length, and
 * {@link #close()} overwrites the bytes with zeros. Equality is constant-time over the contents.
 *
 * <p>The wrapper owns its array: {@link #copyOf(byte[])} copies in, {@link #bytes()} copies out.
 * Hot paths that must avoid the copy use {@link #unsafeView()} and never keep or modify the result.
 */
public final class SecretBytes implements AutoCloseable {
  private final byte[] bytes;
  private volatile boolean wiped;

  private SecretBytes(byte[] owned) {
    this.bytes = owned;
  }

  /** Copies {@code b} into a new secret. */
  public static SecretBytes copyOf(byte[] b) {
    return new SecretBytes(b.clone());
  }

  /** Takes ownership of {@code b} (the caller must not keep a reference). */
  public static SecretBytes wrap(byte[] b) {
    return new SecretBytes(b);
  }

  public int length() {
    return bytes.length;
  }

  /** A fresh copy of the secret; the caller should wipe it when done. */
  public byte[] bytes() {
    checkLive();
    return bytes.clone();
  }

  /** The internal array, without a copy. Read only; do not keep it beyond the call. */
  public byte[] unsafeView() {
    checkLive();
    return bytes;
  }

  public boolean isWiped() {
    return wiped;
  }

  /** Overwrites the secret with zeros. Further access throws {@link IllegalStateException}. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    wiped = true;
  }

  private void checkLive() {
    if (wiped) {
      throw new IllegalStateException("secret already wiped");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes && MessageDigest.isEqual(bytes, ((SecretBytes) o).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length; // deliberately weak: never hash secret contents into maps
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes]";
  }
}
