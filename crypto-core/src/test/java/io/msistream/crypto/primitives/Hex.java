package io.msistream.crypto.primitives;

import java.util.HexFormat;

/** Hex helpers for tests. */
final class Hex {
  private Hex() {}

  static byte[] b(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String h(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] repeat(int value, int n) {
    byte[] r = new byte[n];
    java.util.Arrays.fill(r, (byte) value);
    return r;
  }
}
