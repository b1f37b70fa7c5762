package io.msistream.tools.download;

import io.msistream.stream.chunk.DataFileChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One generation of one file being reconstructed in a part file of the work folder: the chunks
 * known to be written (by this instance, or durably by any instance), positional writes, and a
 * whole-file SHA-512 fed incrementally while chunks arrive in order (chunk data straight from the
 * record; chunks that arrived early are read back from the part file when the gap closes), so the
 * final check usually reads nothing back.
 *
 * <p>All state is guarded by this object's monitor. Lock order: slot, then this, then the work
 * folder lock.
 */
final class Assembly {
  /** Life cycle: open for writes; claimed for the final check and move; closed. */
  enum State { OPEN, CLAIMED, CLOSED }

  /** What {@link #write} did. */
  enum Write { WRITTEN, DUPLICATE, NOT_OPEN }

  /** Known chunks and the version they correspond to. */
  record Snapshot(BitSet known, long version) {}

  private static final int READ_BACK = 1 << 20;
  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(READ_BACK));

  private final String partId;
  private final Path target;
  private final String relative;
  private final ProgressRecord header;
  private final FileChannel channel;
  private final Object fileKey;
  private final BitSet known;
  private int knownCount;
  private long version;
  private long durableVersion;
  private long bytesWritten;
  private MessageDigest digest;
  private long hashedUpTo;
  private final TreeMap<Long, Integer> unhashed = new TreeMap<>();
  private volatile State state = State.OPEN;

  Assembly(String partId, Path target, String relative, ProgressRecord header, FileChannel channel,
      Object fileKey, BitSet alreadyDurable, boolean hashIncrementally) {
    this.partId = partId;
    this.target = target;
    this.relative = relative;
    this.header = header;
    this.channel = channel;
    this.fileKey = fileKey;
    this.known = (BitSet) alreadyDurable.clone();
    this.knownCount = known.cardinality();
    this.digest = hashIncrementally && knownCount == 0 ? newDigest() : null;
  }

  String partId() {
    return partId;
  }

  Path target() {
    return target;
  }

  /** The target relative to the output directory, for messages. */
  String relative() {
    return relative;
  }

  ProgressRecord header() {
    return header;
  }

  int totalChunks() {
    return header.totalChunks();
  }

  OptionalDouble mtime() {
    return header.mtime();
  }

  boolean hasFileHash(byte[] h) {
    return header.hasFileHash(h);
  }

  State state() {
    return state;
  }

  synchronized long version() {
    return version;
  }

  synchronized boolean isComplete() {
    return knownCount == header.totalChunks();
  }

  synchronized int knownCount() {
    return knownCount;
  }

  synchronized long bytesWritten() {
    return bytesWritten;
  }

  /**
   * Writes {@code c} at its offset unless it is already there, and feeds the whole-file hash.
   * The data is written from the record's own buffer (no copy of the chunk bytes).
   */
  synchronized Write write(DataFileChunk c) throws IOException {
    if (state != State.OPEN) {
      return Write.NOT_OPEN;
    }
    int bit = c.chunkIndex() - 1;
    if (known.get(bit)) {
      return Write.DUPLICATE;
    }
    ByteBuffer data = c.data();
    long offset = c.chunkOffsetWrite();
    int len = data.remaining();
    long pos = offset;
    while (data.hasRemaining()) {
      pos += channel.write(data, pos);
    }
    known.set(bit);
    knownCount++;
    version++;
    bytesWritten += len;
    hash(c, offset, len);
    return Write.WRITTEN;
  }

  private void hash(DataFileChunk c, long offset, int len) throws IOException {
    if (digest == null) {
      return;
    }
    if (offset == hashedUpTo) {
      digest.update(c.data());
      hashedUpTo += len;
      catchUp();
    } else if (offset > hashedUpTo && !unhashed.containsKey(offset)) {
      unhashed.put(offset, len);
    } else {
      digest = null; // overlapping writes: hash the file as it is at the end instead
      unhashed.clear();
    }
  }

  /** Feeds chunks that arrived early once the gap before them has closed. */
  private void catchUp() throws IOException {
    for (Map.Entry<Long, Integer> e = unhashed.firstEntry(); e != null && e.getKey() <= hashedUpTo;
        e = unhashed.firstEntry()) {
      unhashed.pollFirstEntry();
      if (e.getKey() < hashedUpTo) {
        digest = null;
        unhashed.clear();
        return;
      }
      readInto(digest, e.getKey(), e.getKey() + e.getValue());
      hashedUpTo += e.getValue();
    }
  }

  private void readInto(MessageDigest md, long from, long to) throws IOException {
    digestRange(channel, md, from, to, "part file of " + relative);
  }

  /** Feeds bytes {@code from}..{@code to} of {@code ch} to {@code md} ({@code what}: for errors). */
  static void digestRange(FileChannel ch, MessageDigest md, long from, long to, String what)
      throws IOException {
    ByteBuffer buf = READ_BUFFER.get();
    long pos = from;
    while (pos < to) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException(what + " is shorter than expected");
      }
      md.update(buf.array(), 0, n);
      pos += n;
    }
  }

  /** The known chunks and version now, or null if open and already durable up to {@code needed}. */
  synchronized Snapshot snapshotIfBehind(long needed) {
    if (state != State.OPEN || durableVersion >= needed) {
      return null;
    }
    return snapshot();
  }

  synchronized Snapshot snapshot() {
    return new Snapshot((BitSet) known.clone(), version);
  }

  /** fsync of the part file's data (outside the monitor: writes to other offsets may go on). */
  void force() throws IOException {
    channel.force(false);
  }

  /** True if the part file at its path is still the file this assembly writes. */
  boolean partIsOurs(Path part) throws IOException {
    try {
      return Objects.equals(Files.readAttributes(part, BasicFileAttributes.class).fileKey(),
          fileKey);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Adds chunks other instances made durable; records that {@code version} is durable. */
  synchronized void durable(BitSet union, long durable) {
    known.or(union);
    knownCount = known.cardinality();
    durableVersion = Math.max(durableVersion, durable);
  }

  synchronized void claimed() {
    state = State.CLAIMED;
  }

  /** The whole-file SHA-512 and size; only once claimed (no more writes). */
  synchronized byte[] finishHash() throws IOException {
    long size = channel.size();
    if (digest == null) {
      digest = newDigest();
      hashedUpTo = 0;
    }
    readInto(digest, hashedUpTo, size);
    hashedUpTo = size;
    return digest.digest();
  }

  synchronized long size() throws IOException {
    return channel.size();
  }

  /** Closes the part file; the assembly takes no more chunks. */
  synchronized void close() {
    state = State.CLOSED;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable in this JRE", e);
    }
  }

  @Override
  public String toString() {
    return "Assembly[" + relative + " " + partId + " " + state + "]";
  }
}
