package io.msistream.stream.chunk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.OptionalDouble;

/**
 * Encodes {@link DataFileChunk}s to the exact bytes OpenMSIStream's Python serializer writes
 * (spec §2.2). The output array is sized up front and the data is copied into it once, with no
 * intermediate buffers; {@link #encodeFromFile} even reads the file bytes straight into it.
 */
public final class ChunkEncoder {
  private ChunkEncoder() {}

  /** The message value of {@code chunk} in the given layout (10 fields unless legacy). */
  public static byte[] encode(DataFileChunk chunk, ChunkFormat format) {
    Header h = new Header(chunk.filename(), chunk.fileHashView(), chunk.chunkHashView(),
        chunk.chunkOffsetWrite(), chunk.chunkIndex(), chunk.totalChunks(), chunk.subdir(),
        chunk.filenameAppend(), chunk.dataLength(), chunk.mtime());
    byte[] out = new byte[h.encodedLength(format)];
    ArrayWriter w = new ArrayWriter(out);
    h.writeBeforeData(w, format);
    w.raw(chunk.dataArray(), chunk.dataArrayOffset(), chunk.dataLength());
    h.writeAfterData(w, format);
    return out;
  }

  /** {@link #encode(DataFileChunk, ChunkFormat)} with the default 10-field layout. */
  public static byte[] encode(DataFileChunk chunk) {
    return encode(chunk, ChunkFormat.TEN_FIELDS);
  }

  /**
   * Reads chunk {@code d} of {@code plan} from {@code file} directly into the message value and
   * checks its SHA-512 against the planned chunk hash, so a file changed since it was planned is
   * never sent with stale hashes.
   *
   * @throws FileChangedException the bytes read differ from the plan (or the file got shorter)
   */
  public static byte[] encodeFromFile(
      FileChannel file, ChunkPlan plan, ChunkDescriptor d, ChunkFormat format) throws IOException {
    Header h = new Header(plan.filename(), plan.fileHashView(), d.chunkHashView(), d.offset(),
        d.index(), plan.totalChunks(), plan.subdir(), plan.filenameAppend(), d.length(),
        plan.mtime());
    byte[] out = new byte[h.encodedLength(format)];
    ArrayWriter w = new ArrayWriter(out);
    h.writeBeforeData(w, format);
    int at = w.skip(d.length());
    ChunkReader.readInto(file, plan, d, out, at);
    h.writeAfterData(w, format);
    return out;
  }

  /** Everything but the data, plus the data length. */
  private record Header(
      String filename, byte[] fileHash, byte[] chunkHash, long offset, int index, int total,
      String subdir, String append, int dataLength, OptionalDouble mtime) {

    int encodedLength(ChunkFormat format) {
      long n = 1L
          + strLength(filename) + 2 + Sha512.LENGTH + 2 + Sha512.LENGTH
          + ArrayWriter.uintLength(offset) + ArrayWriter.uintLength(index)
          + ArrayWriter.uintLength(total)
          + strLength(subdir) + strLength(append)
          + ArrayWriter.binHeaderLength(dataLength) + dataLength
          + (format == ChunkFormat.TEN_FIELDS ? 9 : 0);
      if (n > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("chunk message too large: " + n + " bytes");
      }
      return (int) n;
    }

    private static long strLength(String s) {
      int n = ArrayWriter.utf8(s).length;
      return ArrayWriter.strHeaderLength(n) + (long) n;
    }

    void writeBeforeData(ArrayWriter w, ChunkFormat format) {
      w.fixArray(format.fieldCount());
      w.str(ArrayWriter.utf8(filename));
      w.bin(fileHash, 0, fileHash.length);
      w.bin(chunkHash, 0, chunkHash.length);
      w.uint(offset);
      w.uint(index);
      w.uint(total);
      w.str(ArrayWriter.utf8(subdir));
      w.str(ArrayWriter.utf8(append));
      w.binHeader(dataLength);
    }

    void writeAfterData(ArrayWriter w, ChunkFormat format) {
      if (format == ChunkFormat.TEN_FIELDS) {
        w.float64(mtime.orElse(0.0)); // Python writes 0.0 for "unknown"
      }
    }
  }
}
