package io.msistream.stream.chunk;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Decodes chunk message values from untrusted bytes (spec §2.3), as tolerant as Python's consumer
 * where that is harmless and stricter where Python would fail later:
 *
 * <ul>
 *   <li>an array of 9 (≤ 1.8.6) or 10 fields; anything else is rejected;
 *   <li>text fields ({@code filename}, {@code subdir_str}, {@code filename_append}) as str or bin,
 *       strict UTF-8; hashes and data as bin or str (Python reads both as bytes);
 *   <li>integers in any msgpack width; {@code file_mtime} as float or int, {@code <= 0} or
 *       non-finite meaning unknown;
 *   <li>stricter than Python: both hashes must be 64 bytes, {@code chunk_offset_write >= 0},
 *       {@code 1 <= chunk_i <= n_total_chunks <= 2^31-1};
 *   <li>the SHA-512 of the data must equal {@code chunk_hash}.
 * </ul>
 *
 * <p>Decoding goes through the bounded, strict {@link Msgpack} reader; the returned chunk's data
 * points into {@code value} (no copy). Path safety is not checked here: the downloader applies
 * {@link SafePaths} to {@code subdir_str}/{@code filename}.
 */
public final class ChunkDecoder {
  private static final String[] FIELDS = {
    "filename", "file_hash", "chunk_hash", "chunk_offset_write", "chunk_i", "n_total_chunks",
    "subdir_str", "filename_append", "data", "file_mtime"
  };
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private ChunkDecoder() {}

  /** Decodes a whole message value. */
  public static DataFileChunk decode(byte[] value) throws ChunkFormatException {
    if (value == null) {
      throw new ChunkFormatException("message", "null value (not a chunk message)");
    }
    return decode(value, 0, value.length);
  }

  /** Decodes {@code value[off, off+len)}, which must hold exactly one msgpack value. */
  public static DataFileChunk decode(byte[] value, int off, int len) throws ChunkFormatException {
    MpValue top;
    try {
      top = Msgpack.decode(value, off, len);
    } catch (MalformedDataException e) {
      throw new ChunkFormatException("message", "not valid msgpack (" + e.getMessage() + ")", e);
    }
    if (!(top instanceof MpValue.Arr arr)) {
      throw new ChunkFormatException("message",
          "expected an array of 9 or 10 fields, found " + top.typeName());
    }
    List<MpValue> f = arr.items();
    if (f.size() != 9 && f.size() != 10) {
      throw new ChunkFormatException("message",
          "expected an array of 9 or 10 fields, found " + f.size());
    }
    String filename = text(f, 0);
    byte[] fileHash = hash(f, 1);
    byte[] chunkHash = hash(f, 2);
    long offset = longField(f, 3);
    int index = intField(f, 4);
    int total = intField(f, 5);
    if (index < 1) {
      throw new ChunkFormatException(FIELDS[4], "must be >= 1, found " + index);
    }
    if (total < index) {
      throw new ChunkFormatException(FIELDS[5], "must be >= chunk_i (" + index + "), found " + total);
    }
    String subdir = text(f, 6);
    String append = text(f, 7);
    MpValue.Span data = bytesSpan(f, 8);
    OptionalDouble mtime = f.size() == 10 ? mtime(f.get(9)) : OptionalDouble.empty();
    MessageDigest md = Sha512.newDigest();
    md.update(data.src(), data.start(), data.length());
    if (!MessageDigest.isEqual(md.digest(), chunkHash)) {
      throw new ChunkFormatException(FIELDS[2], "does not match the SHA-512 of the "
          + data.length() + " data bytes (file " + filename + ", offset " + offset + ")");
    }
    return new DataFileChunk(filename, fileHash, chunkHash, offset, index, total, subdir, append,
        ByteBuffer.wrap(data.src(), data.start(), data.length()), mtime);
  }

  private static String text(List<MpValue> f, int i) throws ChunkFormatException {
    try {
      return f.get(i).asText(FIELDS[i]);
    } catch (MalformedDataException e) {
      throw new ChunkFormatException(FIELDS[i], "expected str or bin holding UTF-8, found "
          + describe(f.get(i)), e);
    }
  }

  private static byte[] hash(List<MpValue> f, int i) throws ChunkFormatException {
    MpValue.Span s = bytesSpan(f, i);
    if (s.length() != Sha512.LENGTH) {
      throw new ChunkFormatException(FIELDS[i], "expected 64 bytes (SHA-512), found " + s.length());
    }
    return s.copy();
  }

  private static MpValue.Span bytesSpan(List<MpValue> f, int i) throws ChunkFormatException {
    MpValue v = f.get(i);
    if (v instanceof MpValue.Bin b) {
      return b.data();
    }
    if (v instanceof MpValue.Str s) {
      return s.data();
    }
    throw new ChunkFormatException(FIELDS[i], "expected bin, found " + v.typeName());
  }

  private static long longField(List<MpValue> f, int i) throws ChunkFormatException {
    BigInteger v = integer(f, i);
    if (v.signum() < 0 || v.bitLength() >= 64) {
      throw new ChunkFormatException(FIELDS[i], "out of range: " + v);
    }
    return v.longValueExact();
  }

  private static int intField(List<MpValue> f, int i) throws ChunkFormatException {
    BigInteger v = integer(f, i);
    if (v.compareTo(INT_MAX) > 0 || v.bitLength() >= 32) {
      throw new ChunkFormatException(FIELDS[i], "out of range: " + v);
    }
    return v.intValueExact();
  }

  private static BigInteger integer(List<MpValue> f, int i) throws ChunkFormatException {
    if (f.get(i) instanceof MpValue.Int n) {
      return n.value();
    }
    throw new ChunkFormatException(FIELDS[i], "expected int, found " + f.get(i).typeName());
  }

  private static OptionalDouble mtime(MpValue v) throws ChunkFormatException {
    double d;
    if (v instanceof MpValue.Float fl) {
      d = fl.value();
    } else if (v instanceof MpValue.Int n) {
      d = n.value().doubleValue();
    } else {
      throw new ChunkFormatException(FIELDS[9], "expected float or int, found " + v.typeName());
    }
    return DataFileChunk.normalizeMtime(OptionalDouble.of(d));
  }

  private static String describe(MpValue v) {
    return (v instanceof MpValue.Str || v instanceof MpValue.Bin) ? "invalid UTF-8" : v.typeName();
  }
}
