package io.msistream.crypto.primitives;

import java.security.SecureRandom;

/**
 * A "random" source that hands out recorded bytes in order (to replay liboqs' randomness) and
 * fails the test if asked for more than it holds.
 */
public final class FixedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final byte[] data;
  private int pos;

  public FixedRandom(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    data = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, data, o, p.length);
      o += p.length;
    }
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    if (bytes.length > data.length - pos) {
      throw new IllegalStateException("FixedRandom exhausted: asked " + bytes.length + ", left " + (data.length - pos));
    }
    System.arraycopy(data, pos, bytes, 0, bytes.length);
    pos += bytes.length;
  }

  @Override
  public byte[] generateSeed(int n) {
    byte[] b = new byte[n];
    nextBytes(b);
    return b;
  }

  /** Bytes not handed out yet. */
  public int remaining() {
    return data.length - pos;
  }
}
