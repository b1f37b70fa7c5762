package io.msistream.stream.chunk;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The result of chunking one file (spec §3): its whole-file SHA-512, the mtime captured before
 * reading, and one {@link ChunkDescriptor} per chunk. The data is not kept; it is read back per
 * chunk at send time with {@link ChunkReader} or {@link ChunkEncoder#encodeFromFile}, which re-check
 * each chunk hash.
 *
 * @param file the source file
 * @param filename its base name, as sent in every chunk
 * @param subdir POSIX directory relative to the upload root ({@code ""} at the root)
 * @param filenameAppend sent in every chunk; {@code ""} for all shipped programs
 * @param size number of bytes hashed and chunked
 * @param fileHash SHA-512 of those bytes
 * @param mtime modification time (epoch seconds) captured before reading, or empty if unknown
 * @param chunkSize the chunk size used (a power of two)
 * @param chunks the chunks in order, indices 1..n
 */
public record ChunkPlan(
    Path file,
    String filename,
    String subdir,
    String filenameAppend,
    long size,
    byte[] fileHash,
    OptionalDouble mtime,
    int chunkSize,
    List<ChunkDescriptor> chunks) {

  public ChunkPlan {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(subdir, "subdir");
    Objects.requireNonNull(filenameAppend, "filenameAppend");
    if (fileHash.length != Sha512.LENGTH) {
      throw new IllegalArgumentException("fileHash must be 64 bytes");
    }
    fileHash = fileHash.clone();
    mtime = DataFileChunk.normalizeMtime(mtime);
    chunks = List.copyOf(chunks);
  }

  /** Number of chunks ({@code n_total_chunks}). */
  public int totalChunks() {
    return chunks.size();
  }

  /** A copy of the whole-file SHA-512. */
  @Override
  public byte[] fileHash() {
    return fileHash.clone();
  }

  byte[] fileHashView() {
    return fileHash;
  }

  /** The 1-based chunk {@code index}. */
  public ChunkDescriptor chunk(int index) {
    return chunks.get(index - 1);
  }

  /** This plan with another mtime (e.g. pinned by a test or carried over from a registry). */
  public ChunkPlan withMtime(OptionalDouble newMtime) {
    return new ChunkPlan(file, filename, subdir, filenameAppend, size, fileHash, newMtime,
        chunkSize, chunks);
  }

  /** The Kafka message key of chunk {@code d}. */
  public String messageKey(ChunkDescriptor d) {
    return DataFileChunk.messageKey(subdir, filename, d.index(), totalChunks());
  }

  /** The chunk message for {@code d} with {@code data} (shared, not copied; length must match). */
  public DataFileChunk toChunk(ChunkDescriptor d, byte[] data) {
    if (data.length != d.length()) {
      throw new IllegalArgumentException("chunk " + d.index() + " expects " + d.length()
          + " bytes, got " + data.length);
    }
    return DataFileChunk.of(filename, fileHash, d.chunkHashView(), d.offset(), d.index(),
        totalChunks(), subdir, filenameAppend, data, 0, data.length, mtime);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkPlan p && file.equals(p.file) && filename.equals(p.filename)
        && subdir.equals(p.subdir) && filenameAppend.equals(p.filenameAppend) && size == p.size
        && Arrays.equals(fileHash, p.fileHash) && mtime.equals(p.mtime)
        && chunkSize == p.chunkSize && chunks.equals(p.chunks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, size, Arrays.hashCode(fileHash));
  }

  @Override
  public String toString() {
    return "ChunkPlan[" + (subdir.isEmpty() ? filename : subdir + "/" + filename) + " " + size
        + " bytes, " + totalChunks() + " x " + chunkSize + ", sha512 "
        + HexFormat.of().formatHex(fileHash, 0, 4) + "…]";
  }
}
