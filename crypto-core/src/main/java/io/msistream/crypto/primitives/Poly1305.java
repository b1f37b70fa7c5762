package io.msistream.crypto.primitives;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator with 26-bit limbs in longs (r×5 precomputed, state kept in
 * locals while processing). Not thread-safe; one instance per message. Every {@link #update} call
 * but the last must pass a multiple of 16 bytes.
 */
final class Poly1305 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long M26 = 0x3ffffff;

  private final long r0;
  private final long r1;
  private final long r2;
  private final long r3;
  private final long r4;
  private final long pad0;
  private final long pad1;
  private final long pad2;
  private final long pad3;
  private long h0;
  private long h1;
  private long h2;
  private long h3;
  private long h4;
  private boolean finished;

  /** Keyed with the little-endian words {@code k[0..8)} (r = words 0-3, s = words 4-7). */
  Poly1305(int[] k) {
    long t0 = k[0] & 0xffffffffL;
    long t1 = k[1] & 0xffffffffL;
    long t2 = k[2] & 0xffffffffL;
    long t3 = k[3] & 0xffffffffL;
    r0 = t0 & 0x3ffffff;
    r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
    r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
    r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
    r4 = (t3 >>> 8) & 0x00fffff;
    pad0 = k[4] & 0xffffffffL;
    pad1 = k[5] & 0xffffffffL;
    pad2 = k[6] & 0xffffffffL;
    pad3 = k[7] & 0xffffffffL;
  }

  /** Absorbs {@code m[off, +len)}; a trailing partial block is final (padded with 0x01). */
  void update(byte[] m, int off, int len) {
    if (finished) {
      throw new IllegalStateException("Poly1305: data after a partial block");
    }
    int full = len & ~15;
    blocks(m, off, full, 1L << 24);
    int rest = len - full;
    if (rest > 0) {
      byte[] last = new byte[16];
      System.arraycopy(m, off + full, last, 0, rest);
      last[rest] = 1;
      blocks(last, 0, 16, 0);
      finished = true;
    }
  }

  private void blocks(byte[] m, int off, int len, long hibit) {
    final long r0 = this.r0;
    final long r1 = this.r1;
    final long r2 = this.r2;
    final long r3 = this.r3;
    final long r4 = this.r4;
    final long s1 = r1 * 5;
    final long s2 = r2 * 5;
    final long s3 = r3 * 5;
    final long s4 = r4 * 5;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    long h3 = this.h3;
    long h4 = this.h4;
    int end = off + len;
    for (int p = off; p < end; p += 16) {
      long lo = (long) LONGS.get(m, p);
      long hi = (long) LONGS.get(m, p + 8);
      h0 += lo & M26;
      h1 += (lo >>> 26) & M26;
      h2 += ((lo >>> 52) | (hi << 12)) & M26;
      h3 += (hi >>> 14) & M26;
      h4 += (hi >>> 40) | hibit;

      long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
      long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
      long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
      long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
      long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

      long c = d0 >>> 26;
      h0 = d0 & M26;
      d1 += c;
      c = d1 >>> 26;
      h1 = d1 & M26;
      d2 += c;
      c = d2 >>> 26;
      h2 = d2 & M26;
      d3 += c;
      c = d3 >>> 26;
      h3 = d3 & M26;
      d4 += c;
      c = d4 >>> 26;
      h4 = d4 & M26;
      h0 += c * 5;
      c = h0 >>> 26;
      h0 &= M26;
      h1 += c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }

  /** Writes the 16-byte tag to {@code out[off..]}. */
  void finish(byte[] out, int off) {
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    long h3 = this.h3;
    long h4 = this.h4;
    long c = h1 >>> 26;
    h1 &= M26;
    h2 += c;
    c = h2 >>> 26;
    h2 &= M26;
    h3 += c;
    c = h3 >>> 26;
    h3 &= M26;
    h4 += c;
    c = h4 >>> 26;
    h4 &= M26;
    h0 += c * 5;
    c = h0 >>> 26;
    h0 &= M26;
    h1 += c;

    // g = h + 5 - 2^130; use g if it did not go negative (h >= p), in constant time
    long g0 = h0 + 5;
    c = g0 >>> 26;
    g0 &= M26;
    long g1 = h1 + c;
    c = g1 >>> 26;
    g1 &= M26;
    long g2 = h2 + c;
    c = g2 >>> 26;
    g2 &= M26;
    long g3 = h3 + c;
    c = g3 >>> 26;
    g3 &= M26;
    long g4 = h4 + c - (1L << 26);
    long useG = (g4 >>> 63) - 1; // all ones if g4 >= 0
    h0 = (h0 & ~useG) | (g0 & useG);
    h1 = (h1 & ~useG) | (g1 & useG);
    h2 = (h2 & ~useG) | (g2 & useG);
    h3 = (h3 & ~useG) | (g3 & useG);
    h4 = (h4 & ~useG) | (g4 & useG);

    long f0 = (h0 | (h1 << 26)) & 0xffffffffL;
    long f1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
    long f2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
    long f3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
    f0 += pad0;
    f1 += pad1 + (f0 >>> 32);
    f2 += pad2 + (f1 >>> 32);
    f3 += pad3 + (f2 >>> 32);
    LONGS.set(out, off, (f0 & 0xffffffffL) | (f1 << 32));
    LONGS.set(out, off + 8, (f2 & 0xffffffffL) | (f3 << 32));
    this.h0 = 0;
    this.h1 = 0;
    this.h2 = 0;
    this.h3 = 0;
    this.h4 = 0;
    finished = true;
  }
}
