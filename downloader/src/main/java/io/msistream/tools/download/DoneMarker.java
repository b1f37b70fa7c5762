package io.msistream.tools.download;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The generation last completed at one target path, kept in the work folder so chunks that arrive
 * after completion (redeliveries after a restart, duplicates, an older generation on another
 * partition) are recognised instead of starting a partial file that can never complete. Stored as
 * {@code [1, file_hash, size, n_total_chunks, mtime (0.0 = unknown)]}.
 *
 * @param fileHash whole-file SHA-512 of the completed generation
 * @param size its size in bytes
 * @param totalChunks its {@code n_total_chunks}
 * @param mtime its uploader-side mtime, if known
 */
record DoneMarker(byte[] fileHash, long size, int totalChunks, OptionalDouble mtime) {
  private static final int VERSION = 1;

  DoneMarker {
    fileHash = fileHash.clone();
  }

  @Override
  public byte[] fileHash() {
    return fileHash.clone();
  }

  boolean hasFileHash(byte[] h) {
    return Arrays.equals(fileHash, h);
  }

  byte[] encode() {
    return Msgpack.pack(p -> {
      p.packArrayHeader(5);
      p.packInt(VERSION);
      p.packBinaryHeader(fileHash.length);
      p.writePayload(fileHash);
      p.packLong(size);
      p.packInt(totalChunks);
      p.packDouble(mtime.orElse(0.0));
    });
  }

  static DoneMarker decode(byte[] b) throws MalformedDataException {
    List<MpValue> f = Msgpack.decode(b).asArray("done marker");
    if (f.size() != 5 || f.get(0).asLong("done marker version") != VERSION) {
      throw new MalformedDataException("done marker: unknown layout");
    }
    byte[] hash = f.get(1).asBin("done marker file_hash");
    if (hash.length != 64) {
      throw new MalformedDataException("done marker: file_hash must be 64 bytes");
    }
    long size = f.get(2).asLong("done marker size");
    long total = f.get(3).asLong("done marker n_total_chunks");
    if (size < 0 || total < 1 || total > Integer.MAX_VALUE) {
      throw new MalformedDataException("done marker: size or n_total_chunks out of range");
    }
    double mt = f.get(4).asNumber("done marker mtime");
    return new DoneMarker(hash, size, (int) total,
        Double.isFinite(mt) && mt > 0 ? OptionalDouble.of(mt) : OptionalDouble.empty());
  }
}
