package io.msistream.tools.upload;

import io.msistream.stream.cli.Arg;
import io.msistream.stream.cli.ArgTypes;
import io.msistream.stream.cli.CliArgs;
import io.msistream.stream.cli.CliSpec;
import io.msistream.stream.cli.CommonArgs;
import io.msistream.stream.cli.PythonRegex;
import io.msistream.stream.config.ToolDefaults;
import java.nio.file.Path;
import java.util.regex.PatternSyntaxException;

/**
 * The command lines of {@link DataFileUploadDirectory} and {@link UploadDataFile}: OpenMSIStream's
 * option names and defaults (spec §5.2, §6), plus a few Java-only options. Defaults can be
 * changed in {@code reference.conf} / with system properties
 * ({@code -Dmsistream.DataFileUploadDirectory.chunk_size=16384}).
 */
final class UploadArgs {
  private UploadArgs() {}

  static final Arg<Path> UPLOAD_DIR = Arg.positional("upload_dir", ArgTypes.EXISTING_DIRECTORY,
      "Directory to watch for files to upload (and its subdirectories)");

  static final Arg<Path> FILEPATH = Arg.positional("filepath", ArgTypes.EXISTING_FILE,
      "Path to the file to upload");

  static final Arg<String> UPLOAD_REGEX = Arg.option("upload_regex",
      ArgTypes.STRING.check(UploadArgs::isValidRegex, "is not a valid regular expression"),
      UploadFilter.DEFAULT_REGEX,
      "Only files whose path relative to the watched directory matches this (Python-syntax)"
          + " regular expression at its start are uploaded. The default leaves out hidden files"
          + " and folders and *.log files")
      .metavar("REGEX");

  static final Arg<Integer> QUEUE_MAX_SIZE = Arg.option("queue_max_size", ArgTypes.POSITIVE_INT,
      500, "Maximum MB (10^6 bytes) of file data read but not yet acknowledged by the broker"
          + " (also capped at a quarter of the JVM heap)");

  static final Arg<Boolean> UPLOAD_EXISTING = Arg.flag("upload_existing",
      "Also upload files already in the directory at start-up (a file already uploaded is"
          + " skipped unless it was modified after its upload started)");

  static final Arg<Integer> WATCHDOG_LAG_TIME = Arg.option("watchdog_lag_time",
      ArgTypes.INT.check(v -> v >= 0, "must be >= 0"), 3,
      "Seconds a file must stay unchanged (size and modification time) before it is uploaded")
      .metavar("SECONDS");

  static final Arg<Boolean> USE_POLLING_OBSERVER = Arg.flag("use_polling_observer",
      "Find new files by listing the directory tree every second instead of using the operating"
          + " system's file events (use this for network shares: SMB/CIFS, NFS)");

  static final Arg<Boolean> LEGACY_CHUNK_FORMAT = Arg.flag("legacy_chunk_format",
      "Send 9-field chunk messages (no modification time) for consumers running OpenMSIStream"
          + " 1.8.6 or older");

  static final Arg<Double> KEY_HANDOFF_TIMEOUT = Arg.option("key_handoff_timeout",
      ArgTypes.NON_NEGATIVE_FLOAT, 30.0,
      "With encryption: seconds to wait at exit until a key keeper (bin/KeyKeeper) has received"
          + " the keys this program created, so consumers that start later can decrypt (0: do not"
          + " wait)")
      .metavar("SECONDS");

  static final Arg<Integer> N_THREADS_UPLOAD = CommonArgs.N_THREADS.withHelp(
      "Number of threads reading, hashing (and encrypting) chunks for the shared producer");

  private static boolean isValidRegex(String py) {
    try {
      PythonRegex.compile(py);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The topic actually produced to (spec §5.2: {@code --topic_name} unless a non-default
   * {@code --producer_topic_name} is given). */
  static String producerTopic(CliArgs a) {
    String p = a.get(CommonArgs.PRODUCER_TOPIC_NAME);
    return a.isGiven(CommonArgs.PRODUCER_TOPIC_NAME) && !"test".equals(p) ? p
        : a.get(CommonArgs.TOPIC_NAME);
  }

  static CliSpec directorySpec() {
    String program = DataFileUploadDirectory.PROGRAM;
    return CliSpec.builder(program)
        .description("Uploads every file added to a directory (and its subdirectories) to a"
            + " Kafka topic as chunk messages, and keeps watching until 'q' (or 'quit') is"
            + " typed or SIGTERM arrives; 'c' (or 'check') prints the status. Restart state is"
            + " kept in the logs directory, so a restart resumes partial uploads.")
        .add(UPLOAD_DIR, CommonArgs.CONFIG, CommonArgs.TOPIC_NAME, CommonArgs.PRODUCER_TOPIC_NAME,
            CommonArgs.CONSUMER_TOPIC_NAME, CommonArgs.CONSUMER_GROUP_ID,
            CommonArgs.TREAT_UNDECRYPTABLE_AS_PLAINTEXT, CommonArgs.MAX_WAIT_PER_DECRYPT,
            CommonArgs.MAX_INITIAL_WAIT_PER_DECRYPT, UPLOAD_REGEX, CommonArgs.CHUNK_SIZE,
            QUEUE_MAX_SIZE, UPLOAD_EXISTING, WATCHDOG_LAG_TIME, USE_POLLING_OBSERVER,
            N_THREADS_UPLOAD, CommonArgs.UPDATE_SECONDS, CommonArgs.HEARTBEAT_TOPIC_NAME,
            CommonArgs.HEARTBEAT_PROGRAM_ID, CommonArgs.HEARTBEAT_INTERVAL_SECS,
            CommonArgs.LOG_TOPIC_NAME, CommonArgs.LOG_PROGRAM_ID, CommonArgs.LOG_INTERVAL_SECS,
            LEGACY_CHUNK_FORMAT, KEY_HANDOFF_TIMEOUT.withDefault(0.0))
        .withLogging(a -> a.get(UPLOAD_DIR).resolve("LOGS"))
        .versionOf(UploadArgs.class)
        .defaults(ToolDefaults.forProgram(program))
        .build();
  }

  static CliSpec fileSpec() {
    String program = UploadDataFile.PROGRAM;
    return CliSpec.builder(program)
        .description("Uploads one file to a Kafka topic as chunk messages and exits once the"
            + " broker has acknowledged every chunk (exit status 1 if any could not be sent).")
        .add(FILEPATH, CommonArgs.CONFIG, CommonArgs.TOPIC_NAME, CommonArgs.CHUNK_SIZE,
            N_THREADS_UPLOAD, QUEUE_MAX_SIZE, LEGACY_CHUNK_FORMAT, KEY_HANDOFF_TIMEOUT)
        .withLogging(a -> a.get(FILEPATH).getParent())
        .versionOf(UploadArgs.class)
        .defaults(ToolDefaults.forProgram(program))
        .build();
  }
}
