package io.msistream.stream.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Splits a file into chunks (spec §3): captures the mtime, then reads the file once, sequentially,
 * hashing every chunk and the whole file with SHA-512. The data itself is not kept.
 *
 * <p>A zero-byte file yields no chunk at all, as in Python (so it is never transferred); with
 * {@link #emptyFileAsOneChunk()} it yields one empty chunk instead, which current Python consumers
 * reconstruct as an empty file.
 */
public final class ChunkPlanner {
  /** OpenMSIStream's default chunk size, 512 KiB. */
  public static final int DEFAULT_CHUNK_SIZE = 524_288;
  /** Largest chunk size accepted (1 GiB); Kafka limits make far smaller sizes practical. */
  public static final int MAX_CHUNK_SIZE = 1 << 30;
  /** Read size; chunks larger than this are hashed in several reads. */
  private static final int READ_BUFFER = 1 << 20;

  private final int chunkSize;
  private final boolean emptyAsOneChunk;

  private ChunkPlanner(int chunkSize, boolean emptyAsOneChunk) {
    this.chunkSize = chunkSize;
    this.emptyAsOneChunk = emptyAsOneChunk;
  }

  /**
   * A planner for {@code chunkSize}-byte chunks.
   *
   * @throws IllegalArgumentException unless a power of two between 1 and {@link #MAX_CHUNK_SIZE}
   */
  public static ChunkPlanner of(int chunkSize) {
    if (!isValidChunkSize(chunkSize)) {
      throw new IllegalArgumentException(
          "chunk size must be a power of two between 1 and " + MAX_CHUNK_SIZE + ", got " + chunkSize);
    }
    return new ChunkPlanner(chunkSize, false);
  }

  /** True for a power of two between 1 and {@link #MAX_CHUNK_SIZE}. */
  public static boolean isValidChunkSize(long n) {
    return n > 0 && n <= MAX_CHUNK_SIZE && Long.bitCount(n) == 1;
  }

  /** The same planner, but a zero-byte file becomes one empty chunk instead of none. */
  public ChunkPlanner emptyFileAsOneChunk() {
    return new ChunkPlanner(chunkSize, true);
  }

  public int chunkSize() {
    return chunkSize;
  }

  /** Plans {@code file} as if it sat at the upload root (subdir {@code ""}). */
  public ChunkPlan plan(Path file) throws IOException {
    return plan(file, "");
  }

  /**
   * Plans {@code file}, which must lie under {@code root}; its subdir is the POSIX form of the
   * parent directory relative to {@code root}.
   */
  public ChunkPlan plan(Path root, Path file) throws IOException {
    return plan(file, subdirOf(root, file));
  }

  /** The POSIX subdir string of {@code file} relative to {@code root} ({@code ""} for a direct child). */
  public static String subdirOf(Path root, Path file) {
    Path r = root.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    Path parent = f.getParent();
    if (parent == null || !parent.startsWith(r)) {
      throw new IllegalArgumentException(file + " is not under " + root);
    }
    Path rel = r.relativize(parent);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      String s = part.toString();
      if (s.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  private ChunkPlan plan(Path file, String subdir) throws IOException {
    OptionalDouble mtime = OptionalDouble.of(pythonMtime(Files.getLastModifiedTime(file)));
    MessageDigest whole = Sha512.newDigest();
    MessageDigest piece = Sha512.newDigest();
    List<ChunkDescriptor> chunks = new ArrayList<>();
    long chunkStart = 0;
    int inChunk = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(Math.min(chunkSize, READ_BUFFER));
      byte[] arr = buf.array();
      while (true) {
        buf.clear().limit(Math.min(buf.capacity(), chunkSize - inChunk));
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        piece.update(arr, 0, n);
        whole.update(arr, 0, n);
        inChunk += n;
        if (inChunk == chunkSize) {
          chunks.add(new ChunkDescriptor(chunks.size() + 1, chunkStart, inChunk, piece.digest()));
          chunkStart += inChunk;
          inChunk = 0;
        }
      }
    }
    if (inChunk > 0) {
      chunks.add(new ChunkDescriptor(chunks.size() + 1, chunkStart, inChunk, piece.digest()));
    }
    byte[] fileHash = whole.digest();
    if (chunks.isEmpty() && emptyAsOneChunk) {
      chunks.add(new ChunkDescriptor(1, 0, 0, fileHash)); // SHA-512 of the empty string
    }
    return new ChunkPlan(file, file.getFileName().toString(), subdir, "",
        chunkStart + inChunk, fileHash, mtime, chunkSize, chunks);
  }

  /**
   * The mtime as Python's {@code os.path.getmtime} computes it ({@code sec + nsec * 1e-9} in
   * double arithmetic), so Java and Python uploaders send the same float for the same file.
   */
  static double pythonMtime(FileTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() + i.getNano() * 1e-9;
  }
}
