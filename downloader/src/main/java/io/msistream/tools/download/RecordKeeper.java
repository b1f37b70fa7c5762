package io.msistream.tools.download;

import io.msistream.stream.chunk.EncryptedMessageNames;
import io.msistream.stream.chunk.EncryptedMessageNames.StampKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.kafka.common.record.TimestampType;

/**
 * Keeps records the downloader cannot use, durably (fsync), so their offsets may be committed
 * without losing anything:
 *
 * <ul>
 *   <li>undecryptable records go to {@value #ENCRYPTED_MESSAGES} with OpenMSIStream's names
 *       ({@link EncryptedMessageNames}, never overwriting), where ReproduceUndecryptableMessages
 *       finds them;
 *   <li>records that are not usable chunks (bad msgpack, wrong shape, chunk hash mismatch, unsafe
 *       path, contradictory generation) go to {@value #REJECTED_MESSAGES} as
 *       {@code rejected_message_from_<topic>_partition_<p>_offset_<o>_key.bin} / {@code _value.bin}
 *       with a {@code _reason.txt} saying why.
 * </ul>
 */
final class RecordKeeper {
  static final String ENCRYPTED_MESSAGES = "ENCRYPTED_MESSAGES";
  static final String REJECTED_MESSAGES = "REJECTED_MESSAGES";

  private final Path encryptedDir;
  private final Path rejectedDir;
  private final ZoneId zone;

  RecordKeeper(Path outputDir, ZoneId zone) {
    this.encryptedDir = outputDir.resolve(ENCRYPTED_MESSAGES);
    this.rejectedDir = outputDir.resolve(REJECTED_MESSAGES);
    this.zone = zone;
  }

  /** Where one record's metadata came from. */
  record Origin(String topic, int partition, long offset, TimestampType timestampType,
      long timestamp) {
    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  /** Writes an undecryptable record's wire bytes to ENCRYPTED_MESSAGES (spec §7.6). */
  EncryptedMessageNames.Written keepEncrypted(Origin o, byte[] key, byte[] value)
      throws IOException {
    StampKind kind = StampKind.of(o.timestampType(), o.timestamp());
    Instant time = kind == StampKind.CONSUMED ? Instant.now() : Instant.ofEpochMilli(o.timestamp());
    EncryptedMessageNames.Written w = EncryptedMessageNames.write(encryptedDir, o.topic(), kind,
        time, zone, o.partition(), o.offset(), key, value);
    WorkDir.syncFile(w.valueFile());
    WorkDir.syncFile(w.keyFile());
    WorkDir.syncDir(encryptedDir);
    return w;
  }

  /** Writes a rejected record's bytes and the reason to REJECTED_MESSAGES; returns the value file. */
  Path reject(Origin o, byte[] key, ByteBuffer value, String reason) throws IOException {
    Files.createDirectories(rejectedDir);
    String base = "rejected_message_from_" + o.topic() + "_partition_" + o.partition()
        + "_offset_" + o.offset();
    for (int k = 0; k < 10_000; k++) {
      String stem = k == 0 ? base : base + "_" + k;
      Path valueFile = rejectedDir.resolve(stem + "_value.bin");
      try {
        write(valueFile, value == null ? ByteBuffer.allocate(0) : value.duplicate(), true);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      write(rejectedDir.resolve(stem + "_key.bin"),
          ByteBuffer.wrap(key == null ? new byte[0] : key), false);
      write(rejectedDir.resolve(stem + "_reason.txt"), ByteBuffer.wrap(
          (o + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8)), false);
      WorkDir.syncDir(rejectedDir);
      return valueFile;
    }
    throw new IOException("no free file name in " + rejectedDir + " for " + base);
  }

  private static void write(Path file, ByteBuffer b, boolean createNew) throws IOException {
    try (FileChannel ch = createNew
        ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
        : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }
}
