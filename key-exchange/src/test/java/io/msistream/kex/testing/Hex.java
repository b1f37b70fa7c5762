package io.msistream.kex.testing;

import java.util.HexFormat;

/** Hex helpers for tests. */
public final class Hex {
  private Hex() {}

  public static byte[] b(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  public static String h(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
