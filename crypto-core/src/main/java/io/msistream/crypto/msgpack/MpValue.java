package io.msistream.crypto.msgpack;

import io.msistream.crypto.MalformedDataException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A decoded msgpack value. Every value remembers the exact bytes it was decoded from
 * ({@link #raw()}), so signatures and re-sent items never depend on re-encoding.
 *
 * <p>Accessors such as {@link #asBytes(String)} throw {@link MalformedDataException} naming
 * {@code what} was expected, so callers turn shape errors into typed errors in one line.
 */
public sealed interface MpValue {

  /** Where in the input this value was encoded. */
  Span span();

  /** A copy of the exact encoded bytes of this value. */
  default byte[] raw() {
    return span().copy();
  }

  /** A short type name for messages: nil, bool, int, float, bin, str, array, map, ext. */
  String typeName();

  default boolean isNil() {
    return this instanceof Nil;
  }

  /** Bin, or str as its UTF-8 bytes (Python reads both as bytes in raw mode). */
  default byte[] asBytes(String what) throws MalformedDataException {
    if (this instanceof Bin b) {
      return b.bytes();
    }
    if (this instanceof Str s) {
      return s.utf8();
    }
    throw new MalformedDataException(what + ": expected bin, found " + typeName());
  }

  /** Bin only. */
  default byte[] asBin(String what) throws MalformedDataException {
    if (this instanceof Bin b) {
      return b.bytes();
    }
    throw new MalformedDataException(what + ": expected bin, found " + typeName());
  }

  /** Str, or bin holding valid UTF-8. */
  default String asText(String what) throws MalformedDataException {
    byte[] b;
    if (this instanceof Str s) {
      b = s.utf8();
    } else if (this instanceof Bin bin) {
      b = bin.bytes();
    } else {
      throw new MalformedDataException(what + ": expected str, found " + typeName());
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(what + ": not valid UTF-8");
    }
  }

  default List<MpValue> asArray(String what) throws MalformedDataException {
    if (this instanceof Arr a) {
      return a.items();
    }
    throw new MalformedDataException(what + ": expected array, found " + typeName());
  }

  default long asLong(String what) throws MalformedDataException {
    if (this instanceof Int i) {
      if (i.value().bitLength() < 64) {
        return i.value().longValue();
      }
      throw new MalformedDataException(what + ": integer out of range");
    }
    throw new MalformedDataException(what + ": expected int, found " + typeName());
  }

  /** Int or float as a double (certificate expiries are written as either). */
  default double asNumber(String what) throws MalformedDataException {
    if (this instanceof Int i) {
      return i.value().doubleValue();
    }
    if (this instanceof Float f) {
      return f.value();
    }
    throw new MalformedDataException(what + ": expected a number, found " + typeName());
  }

  default boolean asBool(String what) throws MalformedDataException {
    if (this instanceof Bool b) {
      return b.value();
    }
    throw new MalformedDataException(what + ": expected bool, found " + typeName());
  }

  /** msgpack nil. */
  record Nil(Span span) implements MpValue {
    @Override
    public String typeName() {
      return "nil";
    }
  }

  /** msgpack true/false. */
  record Bool(boolean value, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "bool";
    }
  }

  /** Any msgpack integer (uint64 values above Long.MAX_VALUE included). */
  record Int(BigInteger value, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "int";
    }
  }

  /** float32 or float64, widened to double. */
  record Float(double value, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "float";
    }
  }

  /** Binary data. {@link #bytes()} returns a copy. */
  record Bin(Span data, Span span) implements MpValue {
    public byte[] bytes() {
      return data.copy();
    }

    public int length() {
      return data.length();
    }

    @Override
    public String typeName() {
      return "bin";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bin b && data.contentEquals(b.data);
    }

    @Override
    public int hashCode() {
      return data.contentHash();
    }

    @Override
    public String toString() {
      return "Bin[" + data.length() + "]";
    }
  }

  /** A msgpack str, kept as its bytes (not necessarily valid UTF-8). */
  record Str(Span data, Span span) implements MpValue {
    public byte[] utf8() {
      return data.copy();
    }

    @Override
    public String typeName() {
      return "str";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Str s && data.contentEquals(s.data);
    }

    @Override
    public int hashCode() {
      return data.contentHash();
    }

    @Override
    public String toString() {
      return "Str[" + new String(data.src(), data.start(), data.length(), StandardCharsets.UTF_8) + "]";
    }
  }

  /** An array; {@code items} is unmodifiable. */
  record Arr(List<MpValue> items, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "array";
    }
  }

  /** A map in wire order; keys may be any value. */
  record MapValue(Map<MpValue, MpValue> entries, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "map";
    }
  }

  /** An extension value (never used by KafkaCrypto; kept so decoding is total). */
  record Ext(int type, Span data, Span span) implements MpValue {
    @Override
    public String typeName() {
      return "ext";
    }
  }

  /**
   * A range of the decoded input. Values share the input array instead of copying it, so decoding
   * a 512 KiB chunk does not copy its data; {@link #copy()} makes an independent copy.
   */
  record Span(byte[] src, int start, int end) {
    public int length() {
      return end - start;
    }

    public byte[] copy() {
      return java.util.Arrays.copyOfRange(src, start, end);
    }

    /** A read-only view without a copy. */
    public java.nio.ByteBuffer buffer() {
      return java.nio.ByteBuffer.wrap(src, start, end - start).slice().asReadOnlyBuffer();
    }

    public boolean contentEquals(Span o) {
      return java.util.Arrays.equals(src, start, end, o.src, o.start, o.end);
    }

    int contentHash() {
      int h = 1;
      for (int k = start; k < end; k++) {
        h = 31 * h + src[k];
      }
      return h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Span s && contentEquals(s);
    }

    @Override
    public int hashCode() {
      return contentHash();
    }

    @Override
    public String toString() {
      return "Span[" + length() + " bytes]";
    }
  }
}
