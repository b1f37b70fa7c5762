package io.msistream.crypto.msgpack;

import io.msistream.crypto.MalformedDataException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Strict msgpack decoding of untrusted bytes into {@link MpValue} trees, and a packer configured
 * like Python's {@code msgpack.packb(..., use_bin_type=True)} (smallest int encodings, str8 on,
 * float64 for doubles).
 *
 * <p>The decoder never allocates from an unchecked length: a declared bin/str length or element
 * count larger than the remaining input is rejected before any allocation, and nesting is limited
 * to {@value #MAX_DEPTH} levels. Every failure is a {@link MalformedDataException}.
 */
public final class Msgpack {
  /** Deepest nesting accepted. KafkaCrypto structures are at most a few levels deep. */
  public static final int MAX_DEPTH = 64;

  private final byte[] b;
  private final int end;
  private int pos;

  private Msgpack(byte[] b, int off, int end) {
    this.b = b;
    this.pos = off;
    this.end = end;
  }

  /** Decodes exactly one value filling all of {@code bytes}; trailing bytes are an error. */
  public static MpValue decode(byte[] bytes) throws MalformedDataException {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes exactly one value filling {@code bytes[off, off+len)}. */
  public static MpValue decode(byte[] bytes, int off, int len) throws MalformedDataException {
    checkRange(bytes, off, len);
    Msgpack d = new Msgpack(bytes, off, off + len);
    MpValue v = d.value(0);
    if (d.pos != d.end) {
      throw new MalformedDataException("msgpack: " + (d.end - d.pos) + " trailing bytes after value");
    }
    return v;
  }

  /** Decodes the first value of {@code bytes} and reports how many bytes it used. */
  public static Prefix decodePrefix(byte[] bytes) throws MalformedDataException {
    Msgpack d = new Msgpack(bytes, 0, bytes.length);
    MpValue v = d.value(0);
    return new Prefix(v, d.pos);
  }

  /** The first value of a byte array and the number of bytes it occupies. */
  public record Prefix(MpValue value, int length) {}

  /** A packer with Python-compatible choices. Close it or call {@code toByteArray()}. */
  public static MessageBufferPacker packer() {
    return MessagePack.DEFAULT_PACKER_CONFIG.withStr8FormatSupport(true).newBufferPacker();
  }

  /**
   * Packs with {@link #packer()} and returns the bytes; {@code body} writes the values. Packing to
   * memory cannot fail with I/O, so IOException is rethrown as an unchecked error (a bug).
   */
  public static byte[] pack(PackBody body) {
    try (MessageBufferPacker p = packer()) {
      body.write(p);
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory msgpack packing failed", e);
    }
  }

  /** Writes values to a packer. */
  @FunctionalInterface
  public interface PackBody {
    void write(MessageBufferPacker p) throws IOException;
  }

  private static void checkRange(byte[] bytes, int off, int len) throws MalformedDataException {
    if (bytes == null) {
      throw new MalformedDataException("msgpack: null input");
    }
    if (off < 0 || len < 0 || off > bytes.length - len) {
      throw new MalformedDataException("msgpack: bad range");
    }
  }

  private MpValue value(int depth) throws MalformedDataException {
    if (depth > MAX_DEPTH) {
      throw new MalformedDataException("msgpack: nesting deeper than " + MAX_DEPTH);
    }
    int start = pos;
    int t = u8();
    if (t <= 0x7f) {
      return new MpValue.Int(BigInteger.valueOf(t), raw(start));
    }
    if (t >= 0xe0) {
      return new MpValue.Int(BigInteger.valueOf((byte) t), raw(start));
    }
    if (t >= 0x80 && t <= 0x8f) {
      return map(start, t & 0x0f, depth);
    }
    if (t >= 0x90 && t <= 0x9f) {
      return array(start, t & 0x0f, depth);
    }
    if (t >= 0xa0 && t <= 0xbf) {
      return str(start, t & 0x1f);
    }
    switch (t) {
      case 0xc0:
        return new MpValue.Nil(raw(start));
      case 0xc2:
        return new MpValue.Bool(false, raw(start));
      case 0xc3:
        return new MpValue.Bool(true, raw(start));
      case 0xc4:
        return bin(start, u8());
      case 0xc5:
        return bin(start, u16());
      case 0xc6:
        return bin(start, len32());
      case 0xc7:
        return ext(start, u8());
      case 0xc8:
        return ext(start, u16());
      case 0xc9:
        return ext(start, len32());
      case 0xca: {
        float f = Float.intBitsToFloat((int) u32());
        return new MpValue.Float(f, raw(start));
      }
      case 0xcb: {
        double d = Double.longBitsToDouble(u64());
        return new MpValue.Float(d, raw(start));
      }
      case 0xcc:
        return integer(start, BigInteger.valueOf(u8()));
      case 0xcd:
        return integer(start, BigInteger.valueOf(u16()));
      case 0xce:
        return integer(start, BigInteger.valueOf(u32()));
      case 0xcf: {
        long v = u64();
        BigInteger bi = BigInteger.valueOf(v);
        if (v < 0) {
          bi = bi.add(BigInteger.ONE.shiftLeft(64));
        }
        return integer(start, bi);
      }
      case 0xd0:
        return integer(start, BigInteger.valueOf((byte) u8()));
      case 0xd1:
        return integer(start, BigInteger.valueOf((short) u16()));
      case 0xd2:
        return integer(start, BigInteger.valueOf((int) u32()));
      case 0xd3:
        return integer(start, BigInteger.valueOf(u64()));
      case 0xd4:
        return fixext(start, 1);
      case 0xd5:
        return fixext(start, 2);
      case 0xd6:
        return fixext(start, 4);
      case 0xd7:
        return fixext(start, 8);
      case 0xd8:
        return fixext(start, 16);
      case 0xd9:
        return str(start, u8());
      case 0xda:
        return str(start, u16());
      case 0xdb:
        return str(start, len32());
      case 0xdc:
        return array(start, u16(), depth);
      case 0xdd:
        return array(start, len32(), depth);
      case 0xde:
        return map(start, u16(), depth);
      case 0xdf:
        return map(start, len32(), depth);
      default: // 0xc1 is never used
        throw new MalformedDataException("msgpack: invalid type byte 0x" + Integer.toHexString(t)
            + " at offset " + start);
    }
  }

  private MpValue integer(int start, BigInteger v) {
    return new MpValue.Int(v, raw(start));
  }

  private MpValue bin(int start, int len) throws MalformedDataException {
    need(len, "bin");
    MpValue.Span data = take(len);
    return new MpValue.Bin(data, raw(start));
  }

  private MpValue str(int start, int len) throws MalformedDataException {
    need(len, "str");
    MpValue.Span data = take(len);
    return new MpValue.Str(data, raw(start));
  }

  private MpValue ext(int start, int len) throws MalformedDataException {
    int type = (byte) u8();
    need(len, "ext");
    MpValue.Span data = take(len);
    return new MpValue.Ext(type, data, raw(start));
  }

  private MpValue fixext(int start, int len) throws MalformedDataException {
    return ext(start, len);
  }

  private MpValue array(int start, int n, int depth) throws MalformedDataException {
    need(n, "array"); // every element takes at least one byte
    List<MpValue> items = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      items.add(value(depth + 1));
    }
    return new MpValue.Arr(Collections.unmodifiableList(items), raw(start));
  }

  private MpValue map(int start, int n, int depth) throws MalformedDataException {
    if ((long) n * 2 > end - pos) {
      throw new MalformedDataException("msgpack: map of " + n + " entries exceeds the input");
    }
    Map<MpValue, MpValue> m = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      MpValue key = value(depth + 1);
      MpValue val = value(depth + 1);
      m.put(key, val);
    }
    return new MpValue.MapValue(Collections.unmodifiableMap(m), raw(start));
  }

  private MpValue.Span raw(int start) {
    return new MpValue.Span(b, start, pos);
  }

  private MpValue.Span take(int len) {
    MpValue.Span s = new MpValue.Span(b, pos, pos + len);
    pos += len;
    return s;
  }

  private void need(long n, String what) throws MalformedDataException {
    if (n > end - pos) {
      throw new MalformedDataException("msgpack: " + what + " of declared length " + n
          + " exceeds the " + (end - pos) + " remaining bytes");
    }
  }

  private int u8() throws MalformedDataException {
    if (pos >= end) {
      throw new MalformedDataException("msgpack: truncated input");
    }
    return b[pos++] & 0xff;
  }

  private int u16() throws MalformedDataException {
    return (u8() << 8) | u8();
  }

  private long u32() throws MalformedDataException {
    return ((long) u16() << 16) | u16();
  }

  private int len32() throws MalformedDataException {
    long v = u32();
    if (v > Integer.MAX_VALUE) {
      throw new MalformedDataException("msgpack: length " + v + " too large");
    }
    return (int) v;
  }

  private long u64() throws MalformedDataException {
    return (u32() << 32) | u32();
  }
}
