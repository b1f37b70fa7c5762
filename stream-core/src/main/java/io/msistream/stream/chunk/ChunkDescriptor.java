package io.msistream.stream.chunk;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where one chunk of a planned file lies and what its bytes hash to. For whole-file uploads the read
 * offset in the source file equals the write offset in the reconstructed file.
 *
 * @param index 1-based chunk number
 * @param offset byte offset in the source file (and in the reconstructed file)
 * @param length number of bytes (the last chunk may be short)
 * @param chunkHash raw SHA-512 of those bytes when planned
 */
public record ChunkDescriptor(int index, long offset, int length, byte[] chunkHash) {
  public ChunkDescriptor {
    if (index < 1 || offset < 0 || length < 0) {
      throw new IllegalArgumentException("bad chunk descriptor " + index + "@" + offset + "+" + length);
    }
    if (chunkHash.length != Sha512.LENGTH) {
      throw new IllegalArgumentException("chunkHash must be 64 bytes");
    }
    chunkHash = chunkHash.clone();
  }

  /** A copy of the planned chunk hash. */
  @Override
  public byte[] chunkHash() {
    return chunkHash.clone();
  }

  byte[] chunkHashView() {
    return chunkHash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkDescriptor d && index == d.index && offset == d.offset
        && length == d.length && Arrays.equals(chunkHash, d.chunkHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + index;
  }

  @Override
  public String toString() {
    return "ChunkDescriptor[" + index + " @" + offset + " len " + length + " hash "
        + HexFormat.of().formatHex(chunkHash, 0, 4) + "…]";
  }
}
