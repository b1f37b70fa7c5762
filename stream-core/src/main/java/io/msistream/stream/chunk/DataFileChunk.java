package io.msistream.stream.chunk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One OpenMSIStream chunk message value (spec §2.2): a piece of a file plus what the consumer needs
 * to put it back. Field names follow the wire order: {@code filename}, {@code file_hash},
 * {@code chunk_hash}, {@code chunk_offset_write}, {@code chunk_i}, {@code n_total_chunks},
 * {@code subdir_str}, {@code filename_append}, {@code data}, {@code file_mtime}.
 *
 * <p>Invariants (checked here, {@link IllegalArgumentException} otherwise; the decoder checks them
 * first and throws {@link ChunkFormatException}): both hashes are 64 bytes, the write offset is
 * {@code >= 0}, {@code 1 <= chunkIndex <= totalChunks}. A present {@code mtime} is finite and
 * {@code > 0}; anything else is normalised to absent, as Python reads {@code <= 0} as "unknown".
 *
 * <p>The data is <em>shared</em>, not copied: a heap buffer passed in is sliced, so its bytes must
 * not be modified while the chunk is in use (the decoder points into the Kafka record's value). A
 * direct or read-only buffer is copied once. {@link #data()} returns a read-only view. The hash
 * arrays are copied in and out.
 *
 * @param filename base name of the file (no directories), as sent
 * @param fileHash raw SHA-512 of the whole uploaded byte stream
 * @param chunkHash raw SHA-512 of {@code data}
 * @param chunkOffsetWrite byte offset of this chunk in the reconstructed file
 * @param chunkIndex 1-based chunk number
 * @param totalChunks number of chunks of this upload of the file
 * @param subdir POSIX relative directory under the uploader's root, {@code ""} at the root
 * @param filenameAppend suffix inserted before the extension on reconstruction ({@code ""} usually)
 * @param data the chunk bytes
 * @param mtime uploader-side modification time in epoch seconds, or empty when unknown
 */
public record DataFileChunk(
    String filename,
    byte[] fileHash,
    byte[] chunkHash,
    long chunkOffsetWrite,
    int chunkIndex,
    int totalChunks,
    String subdir,
    String filenameAppend,
    ByteBuffer data,
    OptionalDouble mtime) {

  private static final HexFormat HEX = HexFormat.of();

  public DataFileChunk {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(subdir, "subdir");
    Objects.requireNonNull(filenameAppend, "filenameAppend");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(mtime, "mtime");
    fileHash = checkHash(fileHash, "fileHash");
    chunkHash = checkHash(chunkHash, "chunkHash");
    if (chunkOffsetWrite < 0) {
      throw new IllegalArgumentException("chunkOffsetWrite < 0: " + chunkOffsetWrite);
    }
    if (chunkIndex < 1 || chunkIndex > totalChunks) {
      throw new IllegalArgumentException("chunk " + chunkIndex + " of " + totalChunks);
    }
    if (data.hasArray() && !data.isReadOnly()) {
      data = data.slice();
    } else {
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      copy.put(data.duplicate()).flip();
      data = copy;
    }
    mtime = normalizeMtime(mtime);
  }

  /** The usual way to build a chunk whose data is (a region of) a byte array, shared not copied. */
  public static DataFileChunk of(
      String filename, byte[] fileHash, byte[] chunkHash, long chunkOffsetWrite, int chunkIndex,
      int totalChunks, String subdir, String filenameAppend, byte[] data, int dataOff, int dataLen,
      OptionalDouble mtime) {
    return new DataFileChunk(filename, fileHash, chunkHash, chunkOffsetWrite, chunkIndex,
        totalChunks, subdir, filenameAppend, ByteBuffer.wrap(data, dataOff, dataLen), mtime);
  }

  /** A copy of the whole-file SHA-512. */
  @Override
  public byte[] fileHash() {
    return fileHash.clone();
  }

  /** A copy of the chunk SHA-512. */
  @Override
  public byte[] chunkHash() {
    return chunkHash.clone();
  }

  /** A read-only view of the chunk bytes (position 0, limit = length); no copy. */
  @Override
  public ByteBuffer data() {
    return data.asReadOnlyBuffer();
  }

  /** Number of data bytes. */
  public int dataLength() {
    return data.remaining();
  }

  /** A fresh copy of the chunk bytes. */
  public byte[] dataBytes() {
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  /** True if {@code fileHash} equals {@code other} (no copy). */
  public boolean hasFileHash(byte[] other) {
    return Arrays.equals(fileHash, other);
  }

  /** True if SHA-512 of {@link #data()} equals {@link #chunkHash()}. */
  public boolean chunkHashMatches() {
    return Arrays.equals(chunkHash, computeDataHash());
  }

  byte[] computeDataHash() {
    return Sha512.of(data.array(), data.arrayOffset() + data.position(), data.remaining());
  }

  /** The backing array of the data (package-private: the encoder copies from it directly). */
  byte[] dataArray() {
    return data.array();
  }

  int dataArrayOffset() {
    return data.arrayOffset() + data.position();
  }

  byte[] fileHashView() {
    return fileHash;
  }

  byte[] chunkHashView() {
    return chunkHash;
  }

  /**
   * {@code subdir/filename}, or just {@code filename} at the root (POSIX separators): the name
   * Python's consumer gives the file, {@code pathlib.PurePosixPath(subdir) / filename} (empty and
   * {@code .} components dropped, an absolute {@code filename} replacing the subdir). For logs and
   * {@code --download_regex}; where the file is written is decided by {@link SafePaths}.
   */
  public String relativePath() {
    return pathlibJoin(subdir, filename);
  }

  /** {@code PurePosixPath(first) / second} as a string. */
  static String pathlibJoin(String first, String second) {
    String root = "";
    List<String> parts = new ArrayList<>();
    for (String p : new String[] {first, second}) {
      if (p.startsWith("/")) {
        root = p.startsWith("//") && !p.startsWith("///") ? "//" : "/";
        parts.clear();
      }
      for (String c : p.split("/")) {
        if (!c.isEmpty() && !c.equals(".")) {
          parts.add(c);
        }
      }
    }
    String joined = root + String.join("/", parts);
    return joined.isEmpty() ? "." : joined;
  }

  /** The Kafka message key OpenMSIStream uses for this chunk (spec §2.1). */
  public String messageKey() {
    return messageKey(subdir, filename, chunkIndex, totalChunks);
  }

  /**
   * {@code <subdir with '/' replaced by '_'>_<filename>_chunk_<i>_of_<n>}. At the root the subdir is
   * empty, so the key starts with a lone {@code _} (an upstream quirk kept for parity).
   */
  public static String messageKey(String subdir, String filename, int chunkIndex, int totalChunks) {
    return subdir.replace('/', '_') + "_" + filename + "_chunk_" + chunkIndex + "_of_" + totalChunks;
  }

  /** The normalised mtime rule: present only if finite and {@code > 0}. */
  static OptionalDouble normalizeMtime(OptionalDouble mtime) {
    if (mtime.isPresent()) {
      double v = mtime.getAsDouble();
      if (!Double.isFinite(v) || v <= 0) {
        return OptionalDouble.empty();
      }
    }
    return mtime;
  }

  private static byte[] checkHash(byte[] h, String what) {
    Objects.requireNonNull(h, what);
    if (h.length != Sha512.LENGTH) {
      throw new IllegalArgumentException(what + " must be 64 bytes, got " + h.length);
    }
    return h.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataFileChunk c
        && filename.equals(c.filename)
        && Arrays.equals(fileHash, c.fileHash)
        && Arrays.equals(chunkHash, c.chunkHash)
        && chunkOffsetWrite == c.chunkOffsetWrite
        && chunkIndex == c.chunkIndex
        && totalChunks == c.totalChunks
        && subdir.equals(c.subdir)
        && filenameAppend.equals(c.filenameAppend)
        && data.equals(c.data)
        && mtime.equals(c.mtime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, Arrays.hashCode(fileHash), chunkOffsetWrite, chunkIndex,
        totalChunks, subdir);
  }

  @Override
  public String toString() {
    return "DataFileChunk[" + relativePath() + " chunk " + chunkIndex + "/" + totalChunks
        + " @" + chunkOffsetWrite + " len " + dataLength()
        + " file_hash " + HEX.formatHex(fileHash, 0, 4) + "…"
        + (filenameAppend.isEmpty() ? "" : " append '" + filenameAppend + "'")
        + (mtime.isPresent() ? " mtime " + mtime.getAsDouble() : "") + "]";
  }
}
