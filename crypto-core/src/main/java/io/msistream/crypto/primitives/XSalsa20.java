package io.msistream.crypto.primitives;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The XSalsa20 stream cipher, scalar and allocation-free: the Salsa20 core runs on sixteen int
 * locals and the keystream is XORed in with 64-bit little-endian loads and stores. One instance is
 * one (key, nonce) stream; it is not thread-safe.
 *
 * <p>{@link #firstBlock(int[])} returns block 0 (secretbox takes the Poly1305 key from its first 32
 * bytes and encrypts the first 32 message bytes with the rest); {@link #xor} then continues at
 * block 1.
 */
final class XSalsa20 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int C0 = 0x61707865;
  private static final int C1 = 0x3320646e;
  private static final int C2 = 0x79622d32;
  private static final int C3 = 0x6b206574;

  // Salsa20 input words except the counter (j8, j9), which is {@link #counter}.
  private final int j1;
  private final int j2;
  private final int j3;
  private final int j4;
  private final int j6;
  private final int j7;
  private final int j11;
  private final int j12;
  private final int j13;
  private final int j14;
  private long counter;

  XSalsa20(byte[] key32, byte[] nonce24) {
    int[] k = hsalsa20(key32, nonce24);
    j1 = k[0];
    j2 = k[1];
    j3 = k[2];
    j4 = k[3];
    j11 = k[4];
    j12 = k[5];
    j13 = k[6];
    j14 = k[7];
    j6 = (int) INTS.get(nonce24, 16);
    j7 = (int) INTS.get(nonce24, 20);
  }

  /** HSalsa20(key, nonce[0..16)): the 256-bit XSalsa20 subkey as eight words. */
  static int[] hsalsa20(byte[] key, byte[] nonce) {
    int x0 = C0;
    int x1 = (int) INTS.get(key, 0);
    int x2 = (int) INTS.get(key, 4);
    int x3 = (int) INTS.get(key, 8);
    int x4 = (int) INTS.get(key, 12);
    int x5 = C1;
    int x6 = (int) INTS.get(nonce, 0);
    int x7 = (int) INTS.get(nonce, 4);
    int x8 = (int) INTS.get(nonce, 8);
    int x9 = (int) INTS.get(nonce, 12);
    int x10 = C2;
    int x11 = (int) INTS.get(key, 16);
    int x12 = (int) INTS.get(key, 20);
    int x13 = (int) INTS.get(key, 24);
    int x14 = (int) INTS.get(key, 28);
    int x15 = C3;
    for (int i = 0; i < 10; i++) {
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);
      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    return new int[] {x0, x5, x10, x15, x6, x7, x8, x9};
  }

  /** Writes keystream block 0 as sixteen words into {@code ks} and moves on to block 1. */
  void firstBlock(int[] ks) {
    if (counter != 0) {
      throw new IllegalStateException("first block already used");
    }
    block(0, ks);
    counter = 1;
  }

  /** Keystream block {@code ctr} as sixteen words. */
  private void block(long ctr, int[] ks) {
    int x0 = C0;
    int x1 = j1;
    int x2 = j2;
    int x3 = j3;
    int x4 = j4;
    int x5 = C1;
    int x6 = j6;
    int x7 = j7;
    int x8 = (int) ctr;
    int x9 = (int) (ctr >>> 32);
    int x10 = C2;
    int x11 = j11;
    int x12 = j12;
    int x13 = j13;
    int x14 = j14;
    int x15 = C3;
    for (int i = 0; i < 10; i++) {
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);
      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    ks[0] = x0 + C0;
    ks[1] = x1 + j1;
    ks[2] = x2 + j2;
    ks[3] = x3 + j3;
    ks[4] = x4 + j4;
    ks[5] = x5 + C1;
    ks[6] = x6 + j6;
    ks[7] = x7 + j7;
    ks[8] = x8 + (int) ctr;
    ks[9] = x9 + (int) (ctr >>> 32);
    ks[10] = x10 + C2;
    ks[11] = x11 + j11;
    ks[12] = x12 + j12;
    ks[13] = x13 + j13;
    ks[14] = x14 + j14;
    ks[15] = x15 + C3;
  }

  /**
   * XORs the next {@code len} keystream bytes into {@code in[inOff..]}, writing {@code out[outOff..]}.
   * Every call but the last must pass a multiple of 64 bytes.
   */
  void xor(byte[] in, int inOff, byte[] out, int outOff, int len) {
    // The input words live in an array read after the rounds, which leaves the sixteen x
    // registers to the rounds (measured a little faster than sixteen more int locals).
    final int[] j = {C0, j1, j2, j3, j4, C1, j6, j7, 0, 0, C2, j11, j12, j13, j14, C3};
    long ctr = counter;
    int ip = inOff;
    int op = outOff;
    final int end = inOff + (len & ~63);
    for (; ip < end; ip += 64, op += 64) {
      int c8 = (int) ctr;
      int c9 = (int) (ctr >>> 32);
      int x0 = C0;
      int x1 = j[1];
      int x2 = j[2];
      int x3 = j[3];
      int x4 = j[4];
      int x5 = C1;
      int x6 = j[6];
      int x7 = j[7];
      int x8 = c8;
      int x9 = c9;
      int x10 = C2;
      int x11 = j[11];
      int x12 = j[12];
      int x13 = j[13];
      int x14 = j[14];
      int x15 = C3;
      for (int i = 0; i < 10; i++) {
        x4 ^= Integer.rotateLeft(x0 + x12, 7);
        x8 ^= Integer.rotateLeft(x4 + x0, 9);
        x12 ^= Integer.rotateLeft(x8 + x4, 13);
        x0 ^= Integer.rotateLeft(x12 + x8, 18);
        x9 ^= Integer.rotateLeft(x5 + x1, 7);
        x13 ^= Integer.rotateLeft(x9 + x5, 9);
        x1 ^= Integer.rotateLeft(x13 + x9, 13);
        x5 ^= Integer.rotateLeft(x1 + x13, 18);
        x14 ^= Integer.rotateLeft(x10 + x6, 7);
        x2 ^= Integer.rotateLeft(x14 + x10, 9);
        x6 ^= Integer.rotateLeft(x2 + x14, 13);
        x10 ^= Integer.rotateLeft(x6 + x2, 18);
        x3 ^= Integer.rotateLeft(x15 + x11, 7);
        x7 ^= Integer.rotateLeft(x3 + x15, 9);
        x11 ^= Integer.rotateLeft(x7 + x3, 13);
        x15 ^= Integer.rotateLeft(x11 + x7, 18);
        x1 ^= Integer.rotateLeft(x0 + x3, 7);
        x2 ^= Integer.rotateLeft(x1 + x0, 9);
        x3 ^= Integer.rotateLeft(x2 + x1, 13);
        x0 ^= Integer.rotateLeft(x3 + x2, 18);
        x6 ^= Integer.rotateLeft(x5 + x4, 7);
        x7 ^= Integer.rotateLeft(x6 + x5, 9);
        x4 ^= Integer.rotateLeft(x7 + x6, 13);
        x5 ^= Integer.rotateLeft(x4 + x7, 18);
        x11 ^= Integer.rotateLeft(x10 + x9, 7);
        x8 ^= Integer.rotateLeft(x11 + x10, 9);
        x9 ^= Integer.rotateLeft(x8 + x11, 13);
        x10 ^= Integer.rotateLeft(x9 + x8, 18);
        x12 ^= Integer.rotateLeft(x15 + x14, 7);
        x13 ^= Integer.rotateLeft(x12 + x15, 9);
        x14 ^= Integer.rotateLeft(x13 + x12, 13);
        x15 ^= Integer.rotateLeft(x14 + x13, 18);
      }
      ctr++;
      LONGS.set(out, op, (long) LONGS.get(in, ip) ^ pair(x0 + C0, x1 + j[1]));
      LONGS.set(out, op + 8, (long) LONGS.get(in, ip + 8) ^ pair(x2 + j[2], x3 + j[3]));
      LONGS.set(out, op + 16, (long) LONGS.get(in, ip + 16) ^ pair(x4 + j[4], x5 + C1));
      LONGS.set(out, op + 24, (long) LONGS.get(in, ip + 24) ^ pair(x6 + j[6], x7 + j[7]));
      LONGS.set(out, op + 32, (long) LONGS.get(in, ip + 32) ^ pair(x8 + c8, x9 + c9));
      LONGS.set(out, op + 40, (long) LONGS.get(in, ip + 40) ^ pair(x10 + C2, x11 + j[11]));
      LONGS.set(out, op + 48, (long) LONGS.get(in, ip + 48) ^ pair(x12 + j[12], x13 + j[13]));
      LONGS.set(out, op + 56, (long) LONGS.get(in, ip + 56) ^ pair(x14 + j[14], x15 + C3));
    }
    int rest = len & 63;
    if (rest > 0) {
      int[] ks = new int[16];
      block(ctr++, ks);
      xorTail(ks, 0, in, ip, out, op, rest);
      Arrays.fill(ks, 0);
    }
    counter = ctr;
  }

  /** XORs {@code len} (< 64) bytes with keystream words starting at byte {@code ksByte} of {@code ks}. */
  static void xorTail(int[] ks, int ksByte, byte[] in, int ip, byte[] out, int op, int len) {
    for (int i = 0; i < len; i++) {
      int b = ksByte + i;
      out[op + i] = (byte) (in[ip + i] ^ (ks[b >>> 2] >>> ((b & 3) << 3)));
    }
  }

  private static long pair(int lo, int hi) {
    return (lo & 0xffffffffL) | ((long) hi << 32);
  }
}
