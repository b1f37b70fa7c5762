package io.msistream.kex.testing;

import java.security.SecureRandom;

/** Hands out recorded bytes first, then real randomness. */
public final class PrefixRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final byte[] prefix;
  private int pos;

  public PrefixRandom(byte[] prefix) {
    this.prefix = prefix.clone();
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    int n = Math.min(bytes.length, prefix.length - pos);
    System.arraycopy(prefix, pos, bytes, 0, n);
    pos += n;
    if (n < bytes.length) {
      byte[] rest = new byte[bytes.length - n];
      super.nextBytes(rest);
      System.arraycopy(rest, 0, bytes, n, rest.length);
    }
  }
}
