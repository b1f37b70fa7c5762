package io.msistream.tools.download;

import io.msistream.crypto.MalformedDataException;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.SafePaths;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts chunks back into files (spec §4), shared by every consumer thread of a downloader.
 *
 * <ul>
 *   <li>Chunks go to a part file in the hidden work folder, at their offsets; the file appears at
 *       its final path (atomic rename) only once every chunk is there and the whole-file SHA-512
 *       matches. A mismatch sets the bytes aside under {@value #REJECTED_FILES} with a warning.
 *   <li>Out-of-order and duplicate chunks are fine; duplicates are not written again.
 *   <li>Generations (spec §4 item 5): a chunk with another file hash and strictly more chunks, or
 *       as many chunks and a newer mtime, starts a new generation (the old partial data is
 *       discarded) and is then written (upstream loses it); otherwise it is stale and skipped. A
 *       chunk of the generation last completed at that path never starts a new one.
 *   <li>Durability: {@link #makeDurable} fsyncs a part file and merges the chunks it holds into
 *       the part's progress record (shared by every instance using this output directory), so a
 *       restart, or another instance, continues where this one stopped. A consumer commits an
 *       offset only after its chunk was made durable.
 * </ul>
 */
final class Reassembler implements AutoCloseable {
  /** Folder (in the output directory) for files whose hash did not match or could not be placed. */
  static final String REJECTED_FILES = "REJECTED_FILES";

  private static final Logger LOG = LoggerFactory.getLogger(Reassembler.class);
  private static final Duration TMP_MAX_AGE = Duration.ofHours(1);

  /** Told about files that end (completed or set aside), whichever thread ends them. */
  interface Listener {
    void fileCompleted(String relative, long size);

    void fileSetAside(String relative, Path where, String why);
  }

  /**
   * The result of {@link #accept}.
   *
   * @param outcome what happened
   * @param generationReset true if this chunk started a new generation (and was then written)
   * @param pending the part file that must be made durable before this chunk's offset is
   *     committed (null: nothing to wait for)
   * @param version the version of {@code pending} to make durable
   * @param bytesWritten data bytes written for this chunk
   */
  record Accepted(ChunkOutcome outcome, boolean generationReset, Assembly pending, long version,
      int bytesWritten) {
    static Accepted of(ChunkOutcome o) {
      return new Accepted(o, false, null, 0, 0);
    }
  }

  private final WorkDir work;
  private final Listener listener;
  private final ConcurrentHashMap<Path, Slot> slots = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Path> closedTargets = new ConcurrentLinkedQueue<>();

  /** The in-memory place of one target path; its monitor serialises that path's chunks. */
  private static final class Slot {
    Assembly assembly;
    boolean dead;
  }

  Reassembler(WorkDir work, Listener listener) {
    this.work = work;
    this.listener = listener;
  }

  /** Number of files being reconstructed now. */
  int inProgress() {
    int n = 0;
    for (Slot s : slots.values()) {
      Assembly a = s.assembly;
      if (a != null && a.state() == Assembly.State.OPEN) {
        n++;
      }
    }
    return n;
  }

  /** Relative paths of the files being reconstructed now. */
  List<String> inProgressPaths() {
    List<String> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      Assembly a = s.assembly;
      if (a != null && a.state() == Assembly.State.OPEN) {
        out.add(a.relative() + " (" + a.knownCount() + "/" + a.totalChunks() + " chunks)");
      }
    }
    return out;
  }

  /**
   * Takes one decoded chunk whose target path was already checked ({@link SafePaths}).
   *
   * @throws IOException writing failed (the chunk is then not taken; its offset must not be
   *     committed)
   */
  Accepted accept(DataFileChunk c, Path target) throws IOException {
    dropClosedSlots();
    if (c.chunkOffsetWrite() + c.dataLength()
        > (long) c.totalChunks() * ChunkPlanner.MAX_CHUNK_SIZE) {
      LOG.warn("chunk {} of {} claims offset {}, beyond any file of {} chunks: skipped",
          c.chunkIndex(), c.relativePath(), c.chunkOffsetWrite(), c.totalChunks());
      return Accepted.of(ChunkOutcome.INCONSISTENT);
    }
    for (;;) {
      Slot s = slots.computeIfAbsent(target, k -> new Slot());
      synchronized (s) {
        if (s.dead) {
          continue;
        }
        try {
          return acceptLocked(s, c, target);
        } finally {
          if (s.assembly == null) {
            s.dead = true;
            slots.remove(target, s);
          }
        }
      }
    }
  }

  private Accepted acceptLocked(Slot s, DataFileChunk c, Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Assembly a = s.assembly;
      if (a != null && a.state() != Assembly.State.OPEN) {
        a = null; // finished by a checkpoint or another instance
        s.assembly = null;
      }
      boolean reset = false;
      if (a != null && !a.hasFileHash(c.fileHash())) {
        DoneMarker done = readDone(target);
        if (done != null && done.hasFileHash(c.fileHash())) {
          return Accepted.of(ChunkOutcome.ALREADY_WRITTEN); // a late chunk of a completed file
        }
        if (!newerGeneration(c, a.totalChunks(), a.mtime())) {
          LOG.debug("stale chunk {}/{} of {} skipped (another generation is in progress)",
              c.chunkIndex(), c.totalChunks(), a.relative());
          return Accepted.of(ChunkOutcome.STALE);
        }
        LOG.info("{}: a newer upload ({} chunks) replaces the partial one ({} chunks, {} received)",
            a.relative(), c.totalChunks(), a.totalChunks(), a.knownCount());
        discard(a);
        s.assembly = null;
        a = null;
        reset = true;
      }
      if (a == null) {
        if (!reset) {
          DoneMarker done = readDone(target);
          if (done != null) {
            if (done.hasFileHash(c.fileHash()) && finalPresent(target, done.size())) {
              return Accepted.of(ChunkOutcome.ALREADY_WRITTEN);
            }
            if (!done.hasFileHash(c.fileHash()) && olderThan(c.mtime(), done.mtime())) {
              return Accepted.of(ChunkOutcome.STALE);
            }
          }
        }
        Opened o = open(c, target);
        if (o.outcome != null) {
          return Accepted.of(o.outcome);
        }
        a = o.assembly;
        s.assembly = a;
      }
      if (a.totalChunks() != c.totalChunks()) {
        LOG.warn("chunk {} of {} says {} chunks, but the same file hash was sent in {} chunks:"
            + " skipped", c.chunkIndex(), a.relative(), c.totalChunks(), a.totalChunks());
        return Accepted.of(ChunkOutcome.INCONSISTENT);
      }
      switch (a.write(c)) {
        case NOT_OPEN -> {
          if (attempt > 2) {
            throw new IOException("could not write chunk " + c.chunkIndex() + " of "
                + a.relative() + ": its partial file keeps closing");
          }
          continue;
        }
        case DUPLICATE -> {
          return new Accepted(ChunkOutcome.ALREADY_WRITTEN, reset, a, a.version(), 0);
        }
        case WRITTEN -> {
          // fall through to the completion check
        }
      }
      long v = a.version();
      if (!a.isComplete()) {
        return new Accepted(ChunkOutcome.IN_PROGRESS, reset, a, v, c.dataLength());
      }
      ChunkOutcome end = persist(a, a.snapshot(), true);
      if (end == null) {
        // complete here, but the part is gone (another instance finished or replaced it)
        return new Accepted(ChunkOutcome.ALREADY_WRITTEN, reset, null, 0, c.dataLength());
      }
      s.assembly = null;
      return new Accepted(end, reset, null, 0, c.dataLength());
    }
  }

  /**
   * Makes the chunks of {@code a} up to {@code version} durable: fsync of its part file, then the
   * progress record (merged with what other instances recorded). Finishes the file if the merged
   * record is complete. Nothing to do if the assembly already ended (its chunks are then in a
   * final file, set aside, or superseded).
   */
  void makeDurable(Assembly a, long version) throws IOException {
    Assembly.Snapshot snap = a.snapshotIfBehind(version);
    if (snap == null) {
      return;
    }
    persist(a, snap, false);
    if (a.state() != Assembly.State.OPEN) {
      closedTargets.add(a.target());
    }
  }

  /** fsync, record, and finish if complete; returns the end outcome, or null if still open/lost. */
  private ChunkOutcome persist(Assembly a, Assembly.Snapshot snap, boolean expectComplete)
      throws IOException {
    try {
      a.force();
    } catch (ClosedChannelException e) {
      if (a.state() != Assembly.State.OPEN) {
        return null;
      }
      throw e;
    }
    boolean claimed;
    synchronized (a) {
      if (a.state() != Assembly.State.OPEN) {
        return null;
      }
      claimed = work.locked(() -> recordAndClaim(a, snap));
    }
    if (!claimed) {
      if (expectComplete && a.state() == Assembly.State.OPEN) {
        throw new IOException("partial file of " + a.relative() + " is complete but cannot be"
            + " claimed");
      }
      return null;
    }
    return finish(a);
  }

  /** Under the work lock: merge into the progress record; claim the part if now complete. */
  private boolean recordAndClaim(Assembly a, Assembly.Snapshot snap) throws IOException {
    Path part = work.partFile(a.partId());
    if (!a.partIsOurs(part)) {
      LOG.debug("{}: partial file finished or replaced elsewhere", a.relative());
      a.close();
      return false;
    }
    Path progress = work.progressFile(a.partId());
    ProgressRecord onDisk = readRecord(progress);
    ProgressRecord merged = onDisk != null && onDisk.hasFileHash(a.header().fileHash())
        && onDisk.totalChunks() == a.totalChunks()
        ? onDisk.union(snap.known()) : a.header().union(snap.known());
    work.writeAtomically(progress, merged.encode());
    BitSet union = merged.received();
    a.durable(union, snap.version());
    if (union.cardinality() < a.totalChunks()) {
      return false;
    }
    Files.move(part, work.claimFile(a.partId()), StandardCopyOption.ATOMIC_MOVE);
    a.claimed();
    return true;
  }

  /** Checks the whole-file hash of a claimed part and moves it to its final path or aside. */
  private ChunkOutcome finish(Assembly a) throws IOException {
    Path claim = work.claimFile(a.partId());
    byte[] hash;
    long size;
    synchronized (a) {
      hash = a.finishHash();
      size = a.size();
      try {
        a.force();
      } finally {
        a.close();
      }
    }
    if (!MessageDigest.isEqual(hash, a.header().fileHash())) {
      Path where = setAside(claim, a.relative());
      LOG.warn("hashes for file {} not matched after reconstruction! The {} bytes received were set"
          + " aside as {} and not placed at {}", a.relative(), size, where, a.target());
      dropRecord(a, null);
      listener.fileSetAside(a.relative(), where, "hash mismatch");
      return ChunkOutcome.HASH_MISMATCH;
    }
    try {
      ProgressRecord h = a.header();
      Path target = SafePaths.resolve(work.outputDir(), h.subdir(), h.filename(),
          h.filenameAppend());
      place(claim, target);
    } catch (IOException | MalformedDataException e) {
      Path where = setAside(claim, a.relative());
      LOG.warn("file {} was reconstructed but cannot be placed at {} ({}); it was set aside as {}",
          a.relative(), a.target(), e.getMessage(), where);
      dropRecord(a, null);
      listener.fileSetAside(a.relative(), where, "cannot be placed: " + e.getMessage());
      return ChunkOutcome.NOT_PLACED;
    }
    dropRecord(a, new DoneMarker(a.header().fileHash(), size, a.totalChunks(), a.mtime()));
    LOG.debug("File {} successfully reconstructed from stream", a.relative());
    listener.fileCompleted(a.relative(), size);
    return ChunkOutcome.FILE_COMPLETED;
  }

  /** Moves a checked file to {@code target} atomically (replacing an older file there). */
  private static void place(Path file, Path target) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // another file system below the output directory: copy next to the target, then rename
      Path tmp = dir.resolve("." + target.getFileName() + ".msistream-tmp");
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      WorkDir.syncFile(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(file);
    }
    WorkDir.syncDir(dir);
  }

  /** Moves {@code file} under {@value #REJECTED_FILES}, never over an existing file. */
  private Path setAside(Path file, String relative) throws IOException {
    Path base = work.outputDir().resolve(REJECTED_FILES);
    Path wanted = base.resolve(relative).normalize();
    if (!wanted.startsWith(base)) {
      wanted = base.resolve(file.getFileName().toString());
    }
    for (int k = 0; k < 10_000; k++) {
      Path p = k == 0 ? wanted : wanted.resolveSibling(wanted.getFileName() + "." + k);
      try {
        Files.createDirectories(p.getParent());
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Files.move(file, p, StandardCopyOption.ATOMIC_MOVE);
        WorkDir.syncDir(p.getParent());
        return p;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        continue;
      } catch (IOException e) {
        // e.g. a file where a folder of the relative path should be: keep it flat
        Path flat = base.resolve(file.getFileName().toString() + "." + k);
        Files.createDirectories(base);
        if (!Files.exists(flat)) {
          Files.move(file, flat, StandardCopyOption.ATOMIC_MOVE);
          return flat;
        }
      }
    }
    throw new IOException("no free name under " + base + " for " + relative);
  }

  /** Deletes the progress record; writes the done marker first if given. */
  private void dropRecord(Assembly a, DoneMarker done) throws IOException {
    work.locked(() -> {
      if (done != null) {
        work.writeAtomically(work.doneFile(work.targetId(a.target())), done.encode());
      }
      Files.deleteIfExists(work.progressFile(a.partId()));
      return null;
    });
    WorkDir.syncDir(work.partialDir());
  }

  /** A generation reset: the partial file and its record are discarded. */
  private void discard(Assembly a) throws IOException {
    synchronized (a) {
      a.close();
      work.locked(() -> {
        Path part = work.partFile(a.partId());
        if (Files.exists(part)) {
          Files.delete(part);
        }
        Files.deleteIfExists(work.progressFile(a.partId()));
        return null;
      });
    }
  }

  /** The result of opening a generation: an assembly, or an outcome that ends the chunk. */
  private record Opened(Assembly assembly, ChunkOutcome outcome) {}

  private Opened open(DataFileChunk c, Path target) throws IOException {
    String partId = work.partId(target, c.fileHash());
    Path part = work.partFile(partId);
    Path progress = work.progressFile(partId);
    ProgressRecord fresh = new ProgressRecord(c.subdir(), c.filename(), c.filenameAppend(),
        c.fileHash(), c.totalChunks(), c.mtime(), new BitSet());
    return work.locked(() -> {
      ProgressRecord rec = readRecord(progress);
      if (rec != null && !Files.exists(part)) {
        if (claimExists(partId)) {
          return new Opened(null, ChunkOutcome.ALREADY_WRITTEN); // being finished elsewhere
        }
        boolean placed = markPlacedFile(rec, target);
        Files.deleteIfExists(progress); // left over from a finished or replaced generation
        if (placed) {
          return new Opened(null, ChunkOutcome.ALREADY_WRITTEN);
        }
        rec = null;
      }
      if (rec != null && (!rec.hasFileHash(c.fileHash()) || rec.totalChunks() != c.totalChunks())) {
        LOG.warn("chunk {} of {} does not match the partial file's record ({} chunks): skipped",
            c.chunkIndex(), c.relativePath(), rec.totalChunks());
        return new Opened(null, ChunkOutcome.INCONSISTENT);
      }
      FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      Object key;
      try {
        key = Files.readAttributes(part, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      ProgressRecord header = rec != null ? rec : fresh;
      BitSet have = rec != null ? rec.received() : new BitSet();
      boolean incremental = ch.size() == 0;
      return new Opened(new Assembly(partId, target, work.relative(target),
          header.union(new BitSet()), ch, key, have, incremental), null);
    });
  }

  /**
   * Under the work lock, for a progress record whose part file and claim are both gone: the
   * instance that wrote it finished the file (placed or set it aside) or replaced the generation,
   * and stopped before it removed the record. If it was placed, i.e. the target holds exactly the
   * file the record describes (same SHA-512), the missing done marker is written, so that chunks
   * delivered again (their offsets were not committed yet) are recognised as a finished file and
   * do not start a partial file that can never complete.
   *
   * @return true if the target holds the record's file
   */
  private boolean markPlacedFile(ProgressRecord rec, Path target) throws IOException {
    DoneMarker done = readDone(target);
    if (done != null && done.hasFileHash(rec.fileHash()) && finalPresent(target, done.size())) {
      return true;
    }
    if (!Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false; // the generation was set aside or replaced
    }
    long size;
    byte[] hash;
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
      size = ch.size();
      MessageDigest sha = Assembly.newDigest();
      Assembly.digestRange(ch, sha, 0, size, target.toString());
      hash = sha.digest();
    } catch (IOException e) {
      LOG.debug("{}: cannot read it back ({}); not recorded as done", work.relative(target),
          e.toString());
      return false;
    }
    if (!MessageDigest.isEqual(hash, rec.fileHash())) {
      return false;
    }
    work.writeAtomically(work.doneFile(work.targetId(target)),
        new DoneMarker(rec.fileHash(), size, rec.totalChunks(), rec.mtime()).encode());
    LOG.info("{}: finished by an instance that stopped before recording it; recorded as done",
        work.relative(target));
    return true;
  }

  private boolean claimExists(String partId) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(work.partialDir(),
        partId + ".claim-*")) {
      for (Path p : ds) {
        if (work.claimOwnerAlive(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Upstream's rule: strictly more chunks, or as many and a newer known mtime. */
  static boolean newerGeneration(DataFileChunk c, int currentTotal, OptionalDouble currentMtime) {
    if (c.totalChunks() != currentTotal) {
      return c.totalChunks() > currentTotal;
    }
    return c.mtime().isPresent() && currentMtime.isPresent()
        && c.mtime().getAsDouble() > currentMtime.getAsDouble();
  }

  private static boolean olderThan(OptionalDouble a, OptionalDouble b) {
    return a.isPresent() && b.isPresent() && a.getAsDouble() < b.getAsDouble();
  }

  private static boolean finalPresent(Path target, long size) {
    try {
      BasicFileAttributes at = Files.readAttributes(target, BasicFileAttributes.class);
      return at.isRegularFile() && at.size() == size;
    } catch (IOException e) {
      return false;
    }
  }

  private DoneMarker readDone(Path target) {
    Path f = work.doneFile(work.targetId(target));
    try {
      byte[] b = WorkDir.readIfExists(f);
      return b == null ? null : DoneMarker.decode(b);
    } catch (IOException | MalformedDataException e) {
      LOG.warn("ignoring unreadable completion marker {}: {}", f, e.getMessage());
      return null;
    }
  }

  private static ProgressRecord readRecord(Path progress) {
    try {
      byte[] b = WorkDir.readIfExists(progress);
      return b == null ? null : ProgressRecord.decode(b);
    } catch (IOException | MalformedDataException e) {
      LOG.warn("ignoring unreadable progress record {}: {}", progress, e.getMessage());
      return null;
    }
  }

  private void dropClosedSlots() {
    for (Path t = closedTargets.poll(); t != null; t = closedTargets.poll()) {
      Slot s = slots.get(t);
      if (s == null) {
        continue;
      }
      synchronized (s) {
        if (!s.dead && s.assembly != null && s.assembly.state() != Assembly.State.OPEN) {
          s.assembly = null;
          s.dead = true;
          slots.remove(t, s);
        }
      }
    }
  }

  /**
   * Start-up: takes back claims of instances that died while finishing a file, loads every
   * progress record of the work folder (so a restart continues half-received files), finishes
   * those already complete, and removes stale leftovers.
   *
   * @return the number of partial files resumed
   */
  int recover() throws IOException {
    List<Assembly> complete = new ArrayList<>();
    int resumed = work.locked(() -> {
      Map<Path, Assembly> byTarget = new HashMap<>();
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(work.partialDir())) {
        ds.forEach(files::add);
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        int at = name.indexOf(".claim-");
        if (at > 0 && !work.claimOwnerAlive(f)) {
          String partId = name.substring(0, at);
          if (Files.exists(work.progressFile(partId)) && !Files.exists(work.partFile(partId))) {
            Files.move(f, work.partFile(partId), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("taking back {} from an instance that stopped while finishing it", partId);
          }
        } else if (name.endsWith(".tmp")
            && (!work.tmpOwnerAlive(f) || olderThan(f, TMP_MAX_AGE))) {
          Files.deleteIfExists(f); // a write cut short: its owner was killed while writing
        }
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".progress")) {
          continue;
        }
        String partId = name.substring(0, name.length() - ".progress".length());
        Assembly a = load(partId, f);
        if (a == null) {
          continue;
        }
        Assembly other = byTarget.get(a.target());
        if (other != null) {
          Assembly loser = other.knownCount() <= a.knownCount() ? other : a;
          LOG.info("{}: two partial generations found; keeping the one with more chunks",
              a.relative());
          loser.close();
          Files.deleteIfExists(work.partFile(loser.partId()));
          Files.deleteIfExists(work.progressFile(loser.partId()));
          byTarget.put(a.target(), loser == other ? a : other);
          continue;
        }
        byTarget.put(a.target(), a);
      }
      for (Assembly a : byTarget.values()) {
        Slot s = new Slot();
        s.assembly = a;
        slots.put(a.target(), s);
        if (a.isComplete()) {
          complete.add(a);
        }
      }
      return byTarget.size();
    });
    for (Assembly a : complete) {
      try {
        persist(a, a.snapshot(), false);
      } catch (IOException e) {
        LOG.warn("could not finish {} at start-up: {}", a.relative(), e.toString());
      }
      closedTargets.add(a.target());
    }
    return resumed;
  }

  private Assembly load(String partId, Path progress) throws IOException {
    ProgressRecord rec = readRecord(progress);
    if (rec == null) {
      Path bad = progress.resolveSibling(progress.getFileName() + ".bad");
      Files.move(progress, bad, StandardCopyOption.REPLACE_EXISTING);
      return null;
    }
    Path target;
    try {
      target = SafePaths.resolve(work.outputDir(), rec.subdir(), rec.filename(),
          rec.filenameAppend());
    } catch (MalformedDataException e) {
      LOG.warn("ignoring progress record {}: {}", progress, e.getMessage());
      return null;
    }
    if (!work.partId(target, rec.fileHash()).equals(partId)) {
      LOG.warn("ignoring progress record {}: it names another file", progress);
      return null;
    }
    Path part = work.partFile(partId);
    if (!Files.exists(part)) {
      if (!claimExists(partId)) {
        markPlacedFile(rec, target);
        Files.deleteIfExists(progress);
      }
      return null;
    }
    DoneMarker done = readDone(target);
    if (done != null && done.hasFileHash(rec.fileHash()) && finalPresent(target, done.size())) {
      Files.deleteIfExists(progress); // finished just before a crash
      Files.deleteIfExists(part);
      return null;
    }
    FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Object key = Files.readAttributes(part, BasicFileAttributes.class).fileKey();
    return new Assembly(partId, target, work.relative(target), rec.union(new BitSet()), ch, key,
        rec.received(), false);
  }

  private static boolean olderThan(Path f, Duration age) {
    try {
      FileTime t = Files.getLastModifiedTime(f);
      return t.toInstant().isBefore(Instant.now().minus(age));
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the part files (their records stay: a restart continues from them). */
  @Override
  public void close() {
    for (Slot s : slots.values()) {
      Assembly a = s.assembly;
      if (a != null) {
        a.close();
      }
    }
    slots.clear();
  }
}
