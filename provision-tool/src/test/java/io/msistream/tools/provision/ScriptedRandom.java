package io.msistream.tools.provision;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** A "random" source that hands out given byte strings, in order, one per request. */
final class ScriptedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final transient Deque<byte[]> queue = new ArrayDeque<>();

  ScriptedRandom(byte[]... chunks) {
    for (byte[] c : chunks) {
      queue.add(c.clone());
    }
  }

  @Override
  public synchronized void nextBytes(byte[] out) {
    byte[] next = queue.poll();
    if (next == null || next.length != out.length) {
      throw new AssertionError("unexpected random request of " + out.length + " bytes");
    }
    System.arraycopy(next, 0, out, 0, out.length);
  }

  boolean usedUp() {
    return queue.isEmpty();
  }
}
