package io.msistream.stream.chunk;

import java.nio.charset.StandardCharsets;

/**
 * Writes msgpack items straight into a pre-sized array, with the encodings Python's
 * {@code msgpack.packb(..., use_bin_type=True)} chooses: smallest unsigned int form, fixstr/str8/
 * str16/str32, bin8/bin16/bin32, float64. Only what a DataFileChunk needs (non-negative ints).
 */
final class ArrayWriter {
  private final byte[] out;
  private int pos;

  ArrayWriter(byte[] out) {
    this.out = out;
  }

  int position() {
    return pos;
  }

  /** Bytes {@link #uint(long)} writes for {@code v >= 0}. */
  static int uintLength(long v) {
    if (v < 0x80) {
      return 1;
    } else if (v < 0x100) {
      return 2;
    } else if (v < 0x10000) {
      return 3;
    } else if (v < 0x100000000L) {
      return 5;
    }
    return 9;
  }

  /** Header bytes of a str of {@code n} UTF-8 bytes. */
  static int strHeaderLength(int n) {
    if (n < 32) {
      return 1;
    } else if (n < 0x100) {
      return 2;
    } else if (n < 0x10000) {
      return 3;
    }
    return 5;
  }

  /** Header bytes of a bin of {@code n} bytes. */
  static int binHeaderLength(int n) {
    if (n < 0x100) {
      return 2;
    } else if (n < 0x10000) {
      return 3;
    }
    return 5;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  void fixArray(int n) {
    out[pos++] = (byte) (0x90 | n);
  }

  void uint(long v) {
    if (v < 0x80) {
      out[pos++] = (byte) v;
    } else if (v < 0x100) {
      out[pos++] = (byte) 0xcc;
      out[pos++] = (byte) v;
    } else if (v < 0x10000) {
      out[pos++] = (byte) 0xcd;
      be(v, 2);
    } else if (v < 0x100000000L) {
      out[pos++] = (byte) 0xce;
      be(v, 4);
    } else {
      out[pos++] = (byte) 0xcf;
      be(v, 8);
    }
  }

  void str(byte[] utf8) {
    int n = utf8.length;
    if (n < 32) {
      out[pos++] = (byte) (0xa0 | n);
    } else if (n < 0x100) {
      out[pos++] = (byte) 0xd9;
      out[pos++] = (byte) n;
    } else if (n < 0x10000) {
      out[pos++] = (byte) 0xda;
      be(n, 2);
    } else {
      out[pos++] = (byte) 0xdb;
      be(n, 4);
    }
    raw(utf8, 0, n);
  }

  void binHeader(int n) {
    if (n < 0x100) {
      out[pos++] = (byte) 0xc4;
      out[pos++] = (byte) n;
    } else if (n < 0x10000) {
      out[pos++] = (byte) 0xc5;
      be(n, 2);
    } else {
      out[pos++] = (byte) 0xc6;
      be(n, 4);
    }
  }

  void bin(byte[] b, int off, int len) {
    binHeader(len);
    raw(b, off, len);
  }

  void float64(double d) {
    out[pos++] = (byte) 0xcb;
    be(Double.doubleToRawLongBits(d), 8);
  }

  void raw(byte[] b, int off, int len) {
    System.arraycopy(b, off, out, pos, len);
    pos += len;
  }

  /** Leaves {@code len} bytes to be filled by the caller (e.g. read from a file) and skips them. */
  int skip(int len) {
    int at = pos;
    pos += len;
    return at;
  }

  private void be(long v, int bytes) {
    for (int k = bytes - 1; k >= 0; k--) {
      out[pos++] = (byte) (v >>> (8 * k));
    }
  }
}
