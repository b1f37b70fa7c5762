package io.msistream.stream.chunk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.record.TimestampType;

/**
 * File names for undecryptable messages in {@code ENCRYPTED_MESSAGES/} (spec §7.6), and the parser
 * the reproducer uses on them (spec §8).
 *
 * <p>Names: {@code encrypted_message_from_<topic>_<stamp>[_<partition>_<offset>[_<k>]]_key.bin}
 * and the same with {@code _value.bin}, where {@code <stamp>} is
 * {@code <kind>_on_<Mon>_<DD>_<YYYY>_at_<HH>_<MM>_<SS>_<micros>} in a given zone with English month
 * abbreviations. The de-duplicating suffix is added only when the plain name is taken (upstream
 * silently overwrote); it sits before {@code _key.bin}, so Python's reproducer still finds the
 * topic and the matching value file.
 */
public final class EncryptedMessageNames {
  public static final String PREFIX = "encrypted_message_from_";
  public static final String KEY_SUFFIX = "_key.bin";
  public static final String VALUE_SUFFIX = "_value.bin";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM_dd_yyyy_'at'_HH_mm_ss_SSSSSS", Locale.ENGLISH);
  private static final Pattern NAME = Pattern.compile(
      "^" + Pattern.quote(PREFIX) + "(?<topic>.+)_(?<kind>consumed|produced|received)_on_"
          + "[A-Z][a-z]{2}_\\d{2}_\\d{4,}_at_\\d{2}_\\d{2}_\\d{2}_\\d{6}(?:_\\d+)*"
          + Pattern.quote(KEY_SUFFIX) + "$");
  private static final int MAX_ATTEMPTS = 10_000;

  private EncryptedMessageNames() {}

  /** Where a message's time came from; the word that starts the stamp. */
  public enum StampKind {
    /** Producer create time. */
    PRODUCED,
    /** Broker log-append time. */
    RECEIVED,
    /** No timestamp on the record: the consumer's current time. */
    CONSUMED;

    /** The word used in file names. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a Kafka record's timestamp type and value (a negative timestamp is none). */
    public static StampKind of(TimestampType type, long timestamp) {
      if (timestamp < 0 || type == null || type == TimestampType.NO_TIMESTAMP_TYPE) {
        return CONSUMED;
      }
      return type == TimestampType.LOG_APPEND_TIME ? RECEIVED : PRODUCED;
    }
  }

  /** {@code <kind>_on_<Mon>_<DD>_<YYYY>_at_<HH>_<MM>_<SS>_<micros>} for {@code time} in {@code zone}. */
  public static String stamp(StampKind kind, Instant time, ZoneId zone) {
    return kind.word() + "_on_" + STAMP.format(time.atZone(zone));
  }

  /** The name without {@code _key.bin}/{@code _value.bin}; {@code dedupe} is "" or {@code _...}. */
  public static String stem(String topic, StampKind kind, Instant time, ZoneId zone, String dedupe) {
    return PREFIX + topic + "_" + stamp(kind, time, zone) + dedupe;
  }

  /** The key file name for a stem. */
  public static String keyName(String stem) {
    return stem + KEY_SUFFIX;
  }

  /** The value file name for a stem. */
  public static String valueName(String stem) {
    return stem + VALUE_SUFFIX;
  }

  /** The value file that pairs with a key file name ({@code _key.bin} → {@code _value.bin}). */
  public static String valueNameForKey(String keyFileName) {
    if (!keyFileName.endsWith(KEY_SUFFIX)) {
      throw new IllegalArgumentException("not a key file name: " + keyFileName);
    }
    return keyFileName.substring(0, keyFileName.length() - KEY_SUFFIX.length()) + VALUE_SUFFIX;
  }

  /** The two files written for one message. */
  public record Written(Path keyFile, Path valueFile) {}

  /**
   * Writes a message's raw key and value bytes (null → empty file) under {@code dir} (created if
   * needed), never overwriting: if the plain name is taken, {@code _<partition>_<offset>} and then
   * {@code _<partition>_<offset>_<k>} are tried. The value file is created first (that reserves the
   * name) and the key file is moved in complete, so a reader that waits for {@code _key.bin} always
   * finds both complete.
   */
  public static Written write(Path dir, String topic, StampKind kind, Instant time, ZoneId zone,
      int partition, long offset, byte[] key, byte[] value) throws IOException {
    Files.createDirectories(dir);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String dedupe = attempt == 0 ? ""
          : "_" + partition + "_" + offset + (attempt == 1 ? "" : "_" + attempt);
      String stem = stem(topic, kind, time, zone, dedupe);
      Path keyFile = dir.resolve(keyName(stem));
      Path valueFile = dir.resolve(valueName(stem));
      if (Files.exists(keyFile)) {
        continue;
      }
      try (OutputStream out = Files.newOutputStream(valueFile, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(value == null ? new byte[0] : value);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
      try {
        Files.write(tmp, key == null ? new byte[0] : key);
        Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return new Written(keyFile, valueFile);
    }
    throw new IOException("no free file name for an undecryptable message in " + dir);
  }

  /**
   * What the reproducer reads from a key file name.
   *
   * @param topic the original topic
   * @param kind the stamp kind
   * @param keyFile the key file name
   * @param valueFile the matching value file name
   */
  public record Parsed(String topic, StampKind kind, String keyFile, String valueFile) {}

  /**
   * Parses a key file name. A well-formed stamp (with optional de-duplicating suffix) is matched
   * from the end, so topics containing {@code _produced_} and similar still parse. Other names that
   * start with the prefix, end in {@code _key.bin} and contain one of {@code _consumed_},
   * {@code _produced_}, {@code _received_} fall back to upstream's rule: the topic ends at the first
   * such marker. Anything else (value files included) is empty.
   */
  public static Optional<Parsed> parse(String keyFileName) {
    if (!keyFileName.startsWith(PREFIX) || !keyFileName.endsWith(KEY_SUFFIX)) {
      return Optional.empty();
    }
    Matcher m = NAME.matcher(keyFileName);
    if (m.matches()) {
      return Optional.of(new Parsed(m.group("topic"),
          StampKind.valueOf(m.group("kind").toUpperCase(Locale.ROOT)), keyFileName,
          valueNameForKey(keyFileName)));
    }
    int best = -1;
    StampKind bestKind = null;
    for (StampKind k : new StampKind[] {StampKind.CONSUMED, StampKind.PRODUCED, StampKind.RECEIVED}) {
      int at = keyFileName.indexOf("_" + k.word() + "_", PREFIX.length());
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        bestKind = k;
      }
    }
    if (best <= PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(keyFileName.substring(PREFIX.length(), best), bestKind,
        keyFileName, valueNameForKey(keyFileName)));
  }
}
