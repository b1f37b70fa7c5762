package io.msistream.tools.download;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@code .progress} file says about one partial file generation: where it goes, which
 * generation it is, and which chunks are durably in its part file. Stored as a msgpack array
 * {@code [1, subdir, filename, filename_append, file_hash, n_total_chunks, mtime (0.0 = unknown),
 * received chunk indices as a bit set (bit i-1 for chunk i)]}.
 *
 * @param subdir {@code subdir_str} of the chunks
 * @param filename {@code filename} of the chunks
 * @param filenameAppend {@code filename_append} of the chunks
 * @param fileHash whole-file SHA-512 of the generation
 * @param totalChunks {@code n_total_chunks}
 * @param mtime uploader-side mtime, if known
 * @param received chunk indices durably written (bit {@code i-1} for chunk {@code i})
 */
record ProgressRecord(String subdir, String filename, String filenameAppend, byte[] fileHash,
    int totalChunks, OptionalDouble mtime, BitSet received) {

  private static final int VERSION = 1;

  ProgressRecord {
    Objects.requireNonNull(subdir, "subdir");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(filenameAppend, "filenameAppend");
    fileHash = fileHash.clone();
    received = (BitSet) received.clone();
  }

  @Override
  public byte[] fileHash() {
    return fileHash.clone();
  }

  @Override
  public BitSet received() {
    return (BitSet) received.clone();
  }

  boolean hasFileHash(byte[] h) {
    return Arrays.equals(fileHash, h);
  }

  /** The same record with {@code more} chunks added. */
  ProgressRecord union(BitSet more) {
    BitSet u = (BitSet) received.clone();
    u.or(more);
    return new ProgressRecord(subdir, filename, filenameAppend, fileHash, totalChunks, mtime, u);
  }

  byte[] encode() {
    return Msgpack.pack(p -> {
      p.packArrayHeader(8);
      p.packInt(VERSION);
      p.packString(subdir);
      p.packString(filename);
      p.packString(filenameAppend);
      p.packBinaryHeader(fileHash.length);
      p.writePayload(fileHash);
      p.packInt(totalChunks);
      p.packDouble(mtime.orElse(0.0));
      byte[] bits = received.toByteArray();
      p.packBinaryHeader(bits.length);
      p.writePayload(bits);
    });
  }

  /** Reads a record; anything unexpected is a {@link MalformedDataException} naming the field. */
  static ProgressRecord decode(byte[] b) throws MalformedDataException {
    MpValue top = Msgpack.decode(b);
    if (!(top instanceof MpValue.Arr arr) || arr.items().size() != 8) {
      throw new MalformedDataException("progress record: expected an array of 8 fields");
    }
    List<MpValue> f = arr.items();
    if (!(f.get(0) instanceof MpValue.Int v) || v.value().intValue() != VERSION
        || v.value().bitLength() > 31) {
      throw new MalformedDataException("progress record: unknown version");
    }
    String subdir = f.get(1).asText("subdir");
    String filename = f.get(2).asText("filename");
    String append = f.get(3).asText("filename_append");
    if (!(f.get(4) instanceof MpValue.Bin h) || h.length() != 64) {
      throw new MalformedDataException("progress record: file_hash must be 64 bytes");
    }
    if (!(f.get(5) instanceof MpValue.Int n) || n.value().signum() <= 0
        || n.value().bitLength() > 31) {
      throw new MalformedDataException("progress record: bad n_total_chunks");
    }
    int total = n.value().intValue();
    if (!(f.get(6) instanceof MpValue.Float m)) {
      throw new MalformedDataException("progress record: mtime must be a float");
    }
    double mt = m.value();
    if (!(f.get(7) instanceof MpValue.Bin bits)) {
      throw new MalformedDataException("progress record: received must be bin");
    }
    BitSet received = BitSet.valueOf(bits.bytes());
    if (received.length() > total) {
      throw new MalformedDataException("progress record: chunk beyond n_total_chunks");
    }
    OptionalDouble mtime = Double.isFinite(mt) && mt > 0 ? OptionalDouble.of(mt)
        : OptionalDouble.empty();
    return new ProgressRecord(subdir, filename, append, h.bytes(), total, mtime, received);
  }
}
