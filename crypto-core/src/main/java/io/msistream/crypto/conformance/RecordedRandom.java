package io.msistream.crypto.conformance;

import java.security.SecureRandom;

/** Hands out recorded random bytes in order (to replay liboqs' randomness); fails when exhausted. */
final class RecordedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final byte[] data;
  private int pos;

  RecordedRandom(byte[] data) {
    this.data = data.clone();
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    if (bytes.length > data.length - pos) {
      throw new IllegalStateException("recorded randomness exhausted: asked " + bytes.length
          + " bytes, " + (data.length - pos) + " left");
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

  synchronized int remaining() {
    return data.length - pos;
  }
}
