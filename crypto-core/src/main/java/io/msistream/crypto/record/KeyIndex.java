package io.msistream.crypto.record;

import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How a data message names its key (spec section 3.1 step 3): normally a 32-byte {@code bin}
 * ({@link Bin}), or the legacy plain integer keyidx ({@link Int}).
 *
 * <p>Equality follows Python's comparison of msgpack-decoded values, which is how KafkaCrypto looks
 * keys up: bin and str with the same bytes are equal (Python decodes both to {@code bytes}); an
 * integer equals {@code true}/{@code false} as 1/0 and an integral float of the same value. Values
 * that can never name a key (arrays, maps, nil, fractional floats, ext) are kept as {@link Other},
 * equal only to the same encoding; no key store ever holds one. So are integral floats beyond
 * msgpack's integer range, which no integer encoding could carry back out.
 */
public sealed interface KeyIndex {

  /** The msgpack encoding written on the wire. */
  byte[] encode();

  /** The normal form: bytes (32 for KafkaCrypto's BLAKE2b key index). */
  record Bin(byte[] bytes) implements KeyIndex {
    public Bin {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public byte[] encode() {
      return Msgpack.pack(p -> p.packBinaryHeader(bytes.length).writePayload(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bin b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "KeyIndex[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** The legacy form: the ratchet's integer keyidx. */
  record Int(BigInteger value) implements KeyIndex {
    @Override
    public byte[] encode() {
      return Msgpack.pack(p -> p.packBigInteger(value));
    }

    @Override
    public String toString() {
      return "KeyIndex[" + value + "]";
    }
  }

  /** A value that cannot name any key; kept so a record can still be reported and retried. */
  record Other(byte[] encoding) implements KeyIndex {
    public Other {
      encoding = encoding.clone();
    }

    @Override
    public byte[] encode() {
      return encoding.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other x && Arrays.equals(encoding, x.encoding);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoding);
    }

    @Override
    public String toString() {
      return "KeyIndex[unusable " + encoding.length + "-byte value]";
    }
  }

  /** The smallest msgpack integer (int64). */
  BigInteger MIN_INT = BigInteger.valueOf(Long.MIN_VALUE);
  /** The largest msgpack integer (uint64). */
  BigInteger MAX_INT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** The long (default) form for a node: BLAKE2b-256(nodeIdSpk || keyidx as 16-byte big-endian). */
  static KeyIndex hashed(byte[] nodeIdSpk, long keyidx) {
    return new Bin(KafkaCryptoKdf.keyIndex(nodeIdSpk, keyidx));
  }

  /** The legacy integer form. */
  static KeyIndex legacy(long keyidx) {
    return new Int(BigInteger.valueOf(keyidx));
  }

  /** Bytes as a key index. */
  static KeyIndex ofBytes(byte[] bytes) {
    return new Bin(bytes);
  }

  /** A decoded msgpack value as a key index; never fails (unusable values become {@link Other}). */
  static KeyIndex of(MpValue v) {
    if (v instanceof MpValue.Bin b) {
      return new Bin(b.bytes());
    }
    if (v instanceof MpValue.Str s) {
      return new Bin(s.utf8());
    }
    if (v instanceof MpValue.Int i) {
      return new Int(i.value());
    }
    if (v instanceof MpValue.Bool b) {
      return new Int(b.value() ? BigInteger.ONE : BigInteger.ZERO);
    }
    if (v instanceof MpValue.Float f && Double.isFinite(f.value()) && f.value() == Math.rint(f.value())) {
      BigInteger n = new java.math.BigDecimal(f.value()).toBigIntegerExact();
      if (n.compareTo(MIN_INT) >= 0 && n.compareTo(MAX_INT) <= 0) {
        return new Int(n);
      }
      // beyond msgpack's integers: no keyidx is ever that large, and it could not be re-encoded
    }
    return new Other(v.raw());
  }
}
