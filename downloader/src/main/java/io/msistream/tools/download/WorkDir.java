package io.msistream.tools.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hidden work folder inside the output directory ({@value #NAME}): partial files and their
 * progress records, completion markers, and the lock that lets several threads, downloader
 * instances and processes share one output directory.
 *
 * <pre>
 * .msistream-download/
 *   lock                          exclusive lock for record updates (in-JVM lock + OS file lock)
 *   instances/&lt;id&gt;.lock           held by each running instance (tells claims of dead ones apart)
 *   partial/&lt;part&gt;.part            bytes of one file generation, written at their offsets
 *   partial/&lt;part&gt;.progress        chunks of it that are durable (union over all instances)
 *   partial/&lt;part&gt;.claim-&lt;id&gt;      a complete part being checked and moved by instance &lt;id&gt;
 *   done/&lt;xx&gt;/&lt;target&gt;             the generation last completed at a target path
 * </pre>
 *
 * <p>{@code <target>} is a hash of the target's path relative to the output directory and
 * {@code <part>} is {@code <target>-<file hash prefix>}, so every instance that receives chunks of
 * one generation of one file writes the same part file.
 */
final class WorkDir implements AutoCloseable {
  /** The work folder's name inside the output directory. */
  static final String NAME = ".msistream-download";

  private static final Map<Path, Lock> LOCKS = new ConcurrentHashMap<>();
  private static final HexFormat HEX = HexFormat.of();

  private final Path outputDir;
  private final Path root;
  private final Path partial;
  private final Path done;
  private final Path instances;
  private final Lock lock;
  private final String instanceId;
  private final FileChannel instanceChannel;
  private final FileLock instanceLock;

  private WorkDir(Path outputDir, Path root, Lock lock, String instanceId, FileChannel ch,
      FileLock fl) {
    this.outputDir = outputDir;
    this.root = root;
    this.partial = root.resolve("partial");
    this.done = root.resolve("done");
    this.instances = root.resolve("instances");
    this.lock = lock;
    this.instanceId = instanceId;
    this.instanceChannel = ch;
    this.instanceLock = fl;
  }

  /** Creates (if needed) and opens the work folder of {@code outputDir} for a new instance. */
  static WorkDir open(Path outputDir) throws IOException {
    Path out = outputDir.toAbsolutePath().normalize();
    Path root = out.resolve(NAME);
    Files.createDirectories(root.resolve("partial"));
    Files.createDirectories(root.resolve("done"));
    Files.createDirectories(root.resolve("instances"));
    Path lockFile = root.resolve("lock");
    if (!Files.exists(lockFile)) {
      try {
        Files.createFile(lockFile);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another instance made it
      }
    }
    Lock lock = LOCKS.computeIfAbsent(root.toRealPath(), p -> new Lock(p.resolve("lock")));
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Path mine = root.resolve("instances").resolve(id + ".lock");
    FileChannel ch = FileChannel.open(mine, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    FileLock fl;
    try {
      fl = ch.lock();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new WorkDir(out, root, lock, id, ch, fl);
  }

  Path outputDir() {
    return outputDir;
  }

  Path root() {
    return root;
  }

  Path partialDir() {
    return partial;
  }

  String instanceId() {
    return instanceId;
  }

  /** The id of a target path: a hash of its location relative to the output directory. */
  String targetId(Path target) {
    String rel = relative(target);
    return HEX.formatHex(sha256(rel.getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  /** The part id of one generation (file hash) of a target. */
  String partId(Path target, byte[] fileHash) {
    return targetId(target) + "-" + HEX.formatHex(fileHash, 0, 16);
  }

  /** {@code target} relative to the output directory, with {@code /} separators. */
  String relative(Path target) {
    Path rel = outputDir.relativize(target);
    StringBuilder sb = new StringBuilder();
    for (Path p : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(p);
    }
    return sb.toString();
  }

  Path partFile(String partId) {
    return partial.resolve(partId + ".part");
  }

  Path progressFile(String partId) {
    return partial.resolve(partId + ".progress");
  }

  Path claimFile(String partId) {
    return partial.resolve(partId + ".claim-" + instanceId);
  }

  Path doneFile(String targetId) {
    return done.resolve(targetId.substring(0, 2)).resolve(targetId);
  }

  /** True if the instance that wrote {@code claimFile} (named {@code *.claim-<id>}) still runs. */
  boolean claimOwnerAlive(Path claimFile) {
    String name = claimFile.getFileName().toString();
    return instanceAlive(name.substring(name.lastIndexOf("-") + 1));
  }

  /**
   * True if the instance whose {@link #writeAtomically} left {@code tmpFile} (named
   * {@code *.<id>.tmp}) still runs, or if the name does not tell.
   */
  boolean tmpOwnerAlive(Path tmpFile) {
    String name = tmpFile.getFileName().toString();
    if (!name.endsWith(".tmp")) {
      return true;
    }
    String stem = name.substring(0, name.length() - ".tmp".length());
    int dot = stem.lastIndexOf('.');
    return dot < 0 || instanceAlive(stem.substring(dot + 1));
  }

  private boolean instanceAlive(String owner) {
    if (owner.isEmpty() || owner.contains("/") || owner.contains("\\") || owner.contains("..")) {
      return true; // not a name we made: leave it alone
    }
    if (owner.equals(instanceId)) {
      return true;
    }
    Path f = instances.resolve(owner + ".lock");
    if (!Files.exists(f)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held by another instance in this JVM
    } catch (IOException e) {
      return true; // cannot tell: assume alive, never steal
    }
  }

  /** Runs {@code body} holding the work folder's exclusive lock (in this JVM and between processes). */
  <T> T locked(IoSupplier<T> body) throws IOException {
    lock.acquire();
    try {
      return body.get();
    } finally {
      lock.release();
    }
  }

  /** A body that may fail with I/O. */
  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /**
   * Writes {@code bytes} to {@code file} atomically and durably: a unique temporary file beside it,
   * fsync, rename over {@code file}. The directory itself is synced by {@link #syncDir}.
   */
  void writeAtomically(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + "." + instanceId + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Reads a small file, or null if it does not exist. */
  static byte[] readIfExists(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** fsync of a directory, so renames and deletions in it survive a crash (best effort). */
  static void syncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync directories; the data files themselves are synced
    }
  }

  /** fsync of a regular file. */
  static void syncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable in this JRE", e);
    }
  }

  @Override
  public void close() {
    try {
      instanceLock.release();
    } catch (IOException e) {
      // closing releases it anyway
    }
    try {
      instanceChannel.close();
      Files.deleteIfExists(instances.resolve(instanceId + ".lock"));
    } catch (IOException e) {
      // a stale instance file is harmless: its lock is free
    }
  }

  /** One work folder's lock: threads of this JVM queue on the in-JVM lock, then take the file lock. */
  private static final class Lock {
    private final ReentrantLock jvm = new ReentrantLock();
    private final Path file;
    private FileChannel channel;
    private FileLock held;

    Lock(Path file) {
      this.file = file;
    }

    void acquire() throws IOException {
      jvm.lock();
      if (jvm.getHoldCount() > 1) {
        return;
      }
      try {
        if (channel == null || !channel.isOpen()) {
          channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        held = channel.lock();
      } catch (IOException | RuntimeException e) {
        jvm.unlock();
        throw e;
      }
    }

    void release() throws IOException {
      try {
        if (jvm.getHoldCount() == 1 && held != null) {
          FileLock l = held;
          held = null;
          l.release();
        }
      } finally {
        jvm.unlock();
      }
    }
  }
}
