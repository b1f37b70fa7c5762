package io.msistream.stream.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** Reads planned chunks back from their file and re-checks each chunk hash (spec §2.5, §3 step 4). */
public final class ChunkReader {
  private ChunkReader() {}

  /** Chunk {@code d} of {@code plan} as a message, read from {@code plan.file()}. */
  public static DataFileChunk read(ChunkPlan plan, ChunkDescriptor d) throws IOException {
    try (FileChannel ch = FileChannel.open(plan.file(), StandardOpenOption.READ)) {
      return plan.toChunk(d, readData(ch, plan, d));
    }
  }

  /** The verified bytes of chunk {@code d}, read from an open channel (positional, thread-safe). */
  public static byte[] readData(FileChannel file, ChunkPlan plan, ChunkDescriptor d)
      throws IOException {
    byte[] data = new byte[d.length()];
    readInto(file, plan, d, data, 0);
    return data;
  }

  /**
   * Reads chunk {@code d} into {@code out[at, at + d.length())} and verifies its SHA-512.
   *
   * @throws FileChangedException the file is shorter than planned or the bytes differ
   */
  static void readInto(FileChannel file, ChunkPlan plan, ChunkDescriptor d, byte[] out, int at)
      throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(out, at, d.length());
    long pos = d.offset();
    while (buf.hasRemaining()) {
      int n = file.read(buf, pos);
      if (n < 0) {
        throw new FileChangedException(plan.file(), d.index(), "is shorter (end of file)");
      }
      pos += n;
    }
    MessageDigest md = Sha512.newDigest();
    md.update(out, at, d.length());
    if (!MessageDigest.isEqual(md.digest(), d.chunkHashView())) {
      throw new FileChangedException(plan.file(), d.index(), "has different bytes");
    }
  }
}
