package io.msistream.tools.download;

import io.msistream.stream.chunk.ChunkDecoder;
import io.msistream.stream.chunk.ChunkFormatException;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.EncryptedMessageNames;
import io.msistream.stream.chunk.SafePaths;
import io.msistream.stream.chunk.UnsafePathException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one opened record, independent of Kafka: undecryptable records are kept in
 * ENCRYPTED_MESSAGES; records that are not usable chunks are kept in REJECTED_MESSAGES and logged
 * (never thrown: no poison pill can stop a consumer); chunks outside {@code --download_regex} are
 * skipped; the rest go to the {@link Reassembler}. Thread-safe.
 */
final class RecordHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RecordHandler.class);

  /** Top-level names in the output directory that received files may not use (any case). */
  static final Set<String> RESERVED = Set.of(WorkDir.NAME, RecordKeeper.ENCRYPTED_MESSAGES,
      RecordKeeper.REJECTED_MESSAGES, Reassembler.REJECTED_FILES);

  /**
   * What the consumer must do before committing the record's offset.
   *
   * @param pending make this part file durable first (null: the record is already fully handled)
   * @param version up to this version
   */
  record Handled(Assembly pending, long version) {
    static final Handled DURABLE = new Handled(null, 0);
  }

  private final Path outputDir;
  private final Reassembler reassembler;
  private final RecordKeeper keeper;
  private final Optional<Pattern> regex;
  private final DownloadStats stats;

  RecordHandler(Path outputDir, Reassembler reassembler, RecordKeeper keeper,
      Optional<Pattern> regex, DownloadStats stats) {
    this.outputDir = outputDir;
    this.reassembler = reassembler;
    this.keeper = keeper;
    this.regex = regex;
    this.stats = stats;
  }

  /**
   * Handles one record.
   *
   * @throws IOException the output could not be written (then nothing about this record is
   *     durable and its offset must not be committed)
   */
  Handled handle(RecordKeeper.Origin origin, Opened opened) throws IOException {
    stats.messagesRead.incrementAndGet();
    if (opened instanceof Opened.Undecryptable u) {
      EncryptedMessageNames.Written w = keeper.keepEncrypted(origin, u.key(), u.value());
      stats.undecryptable.incrementAndGet();
      stats.bytesRead.addAndGet(length(u.key()) + length(u.value()));
      LOG.warn("encountered a message that failed to be decrypted ({}; {}). Key bytes will be"
          + " written to {} and value bytes will be written to {}", origin, u.reason(),
          outputDir.relativize(w.keyFile()), outputDir.relativize(w.valueFile()));
      return Handled.DURABLE;
    }
    Opened.Readable r = (Opened.Readable) opened;
    ByteBuffer value = r.value();
    stats.bytesRead.addAndGet(length(r.key()) + (value == null ? 0 : value.remaining()));
    if (value == null) {
      return reject(origin, r, "the record has no value (not a chunk message)");
    }
    DataFileChunk chunk;
    try {
      chunk = decode(value);
    } catch (ChunkFormatException e) {
      return reject(origin, r, e.getMessage());
    }
    if (regex.isPresent()
        && !regex.get().matcher(regexSubject(chunk, File.separatorChar)).lookingAt()) {
      return Handled.DURABLE;
    }
    Path target;
    try {
      target = SafePaths.resolve(outputDir, chunk);
      checkNotReserved(chunk);
    } catch (UnsafePathException e) {
      return reject(origin, r, "refused location: " + e.getMessage());
    }
    Reassembler.Accepted a = reassembler.accept(chunk, target);
    if (a.generationReset()) {
      stats.generationResets.incrementAndGet();
    }
    stats.bytesWritten.addAndGet(a.bytesWritten());
    if (a.outcome() == ChunkOutcome.INCONSISTENT) {
      return reject(origin, r, "chunk " + chunk.chunkIndex() + "/" + chunk.totalChunks() + " of "
          + chunk.relativePath() + " contradicts its own generation");
    }
    if (a.outcome() != ChunkOutcome.HASH_MISMATCH && a.outcome() != ChunkOutcome.NOT_PLACED) {
      stats.messagesProcessed.incrementAndGet();
    }
    return a.pending() == null ? Handled.DURABLE : new Handled(a.pending(), a.version());
  }

  /**
   * What {@code --download_regex} is matched against: the chunk's relative path with the OS's
   * separators, as Python matches it.
   */
  static String regexSubject(DataFileChunk c, char separator) {
    String rel = c.relativePath();
    return separator == '/' ? rel : rel.replace('/', separator);
  }

  private static DataFileChunk decode(ByteBuffer value) throws ChunkFormatException {
    if (value.hasArray() && !value.isReadOnly()) {
      return ChunkDecoder.decode(value.array(), value.arrayOffset() + value.position(),
          value.remaining());
    }
    byte[] copy = new byte[value.remaining()];
    value.duplicate().get(copy);
    return ChunkDecoder.decode(copy);
  }

  private static void checkNotReserved(DataFileChunk c) throws UnsafePathException {
    List<String> parts = SafePaths.subdirComponents(c.subdir());
    String first = parts.isEmpty() ? SafePaths.withAppend(c.filename(), c.filenameAppend())
        : parts.get(0);
    if (isReserved(first)) {
      throw new UnsafePathException("'" + first + "' is reserved for the downloader's own use in"
          + " the output directory");
    }
  }

  /**
   * Whether a top-level name would land in a reserved folder on some file system: compared without
   * case and without trailing dots and spaces, as Windows (and macOS, for case) resolve names, so
   * that {@code rejected_files} or {@code .MSISTREAM-DOWNLOAD.} cannot reach them there, and every
   * operating system takes the same decision.
   */
  static boolean isReserved(String name) {
    String n = name.replaceFirst("[. ]+$", "");
    return RESERVED.stream().anyMatch(r -> r.equalsIgnoreCase(n));
  }

  private Handled reject(RecordKeeper.Origin origin, Opened.Readable r, String why)
      throws IOException {
    Path kept = keeper.reject(origin, r.key(), r.value(), why);
    stats.rejected.incrementAndGet();
    LOG.warn("message {} cannot be used and was skipped: {} (kept as {})", origin, why,
        outputDir.relativize(kept));
    return Handled.DURABLE;
  }

  private static long length(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
