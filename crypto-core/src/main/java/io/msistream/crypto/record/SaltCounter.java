package io.msistream.crypto.record;

import io.msistream.crypto.primitives.KafkaCryptoKdf;
import java.math.BigInteger;

/**
 * A per-message salt counter (spec section 3.1 step 4): 16 bytes, starting at zero, read as a
 * little-endian unsigned integer and incremented after every use. A salt is never handed out twice
 * by one counter (the counter is thread-safe), which is what keeps nonces unique under one K_R.
 */
public final class SaltCounter {
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);
  private long low;
  private long high;

  private SaltCounter(long low, long high) {
    this.low = low;
    this.high = high;
  }

  /** A counter at zero. */
  public static SaltCounter create() {
    return new SaltCounter(0, 0);
  }

  /** A counter whose next salt is {@code value} (0 ≤ value < 2^128). */
  public static SaltCounter startingAt(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException("salt counter out of range");
    }
    return new SaltCounter(value.longValue(), value.shiftRight(64).longValue());
  }

  /** The next salt (16 bytes, little-endian); the counter then advances by one. */
  public synchronized byte[] next() {
    if (low == -1L && high == -1L) {
      throw new IllegalStateException("salt counter exhausted"); // 2^128 messages: unreachable
    }
    byte[] salt = toBytes(low, high);
    low++;
    if (low == 0) {
      high++;
    }
    return salt;
  }

  /** The 16-byte little-endian form of {@code value}. */
  public static byte[] toBytes(BigInteger value) {
    return startingAt(value).peek();
  }

  /** The value of a little-endian salt of at most 16 bytes. */
  public static BigInteger valueOf(byte[] salt) {
    byte[] be = new byte[salt.length + 1];
    for (int i = 0; i < salt.length; i++) {
      be[be.length - 1 - i] = salt[i];
    }
    return new BigInteger(be);
  }

  private synchronized byte[] peek() {
    return toBytes(low, high);
  }

  private static byte[] toBytes(long low, long high) {
    byte[] salt = new byte[KafkaCryptoKdf.SALT_BYTES];
    for (int i = 0; i < 8; i++) {
      salt[i] = (byte) (low >>> (8 * i));
      salt[8 + i] = (byte) (high >>> (8 * i));
    }
    return salt;
  }
}
