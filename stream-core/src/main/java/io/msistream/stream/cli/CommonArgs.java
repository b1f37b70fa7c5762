package io.msistream.stream.cli;

import ch.qos.logback.classic.Level;

/**
 * Arguments shared by several OpenMSIStream tools, declared once with upstream's names, defaults
 * and meanings (spec §5.2, §6, §7.2). Tools add the ones they use; {@link Arg#withDefault} and
 * {@link Arg#withHelp} adjust one tool's variant.
 */
public final class CommonArgs {
  private CommonArgs() {}

  public static final Arg<String> CONFIG = Arg.option("config", ArgTypes.STRING, "test",
      "Name of a config file in the config directory (\".config\" is appended if the name has no"
          + " \".\"), or the path to one. Config directory: "
          + io.msistream.stream.config.ConfigDirs.fromEnvironment().describe());

  public static final Arg<String> TOPIC_NAME = Arg.option("topic_name", ArgTypes.STRING, "test",
      "Name of the topic to produce to or consume from");

  public static final Arg<String> PRODUCER_TOPIC_NAME = Arg.option("producer_topic_name",
      ArgTypes.STRING, "test", "Topic to produce to (set from --topic_name unless given)");

  public static final Arg<String> CONSUMER_TOPIC_NAME = Arg.option("consumer_topic_name",
      ArgTypes.STRING, "test", "Topic to consume from (set from --topic_name unless given)");

  public static final Arg<String> CONSUMER_GROUP_ID = Arg.option("consumer_group_id",
      ArgTypes.STRING, "create_new",
      "Consumer group ID; \"create_new\" makes a new random group for this run (overrides group.id"
          + " in the config file)");

  public static final Arg<Integer> N_THREADS = Arg.option("n_threads", ArgTypes.POSITIVE_INT, 2,
      "Number of producer/consumer threads");

  public static final Arg<Integer> CHUNK_SIZE = Arg.option("chunk_size", ArgTypes.POWER_OF_TWO,
      524_288, "Size in bytes of each file chunk (a power of two)");

  public static final Arg<Integer> UPDATE_SECONDS = Arg.option("update_seconds", ArgTypes.INT, 300,
      "Seconds between progress lines showing the program is still alive (-1 disables)");

  public static final Arg<Boolean> TREAT_UNDECRYPTABLE_AS_PLAINTEXT = Arg.flag(
      "treat_undecryptable_as_plaintext",
      "Pass messages that can never be decrypted on as plaintext (voids the encryption guarantee)");

  public static final Arg<Double> MAX_WAIT_PER_DECRYPT = Arg.option("max_wait_per_decrypt",
      ArgTypes.NON_NEGATIVE_FLOAT, 5.0, "Seconds to wait for the keys of an encrypted message");

  public static final Arg<Double> MAX_INITIAL_WAIT_PER_DECRYPT = Arg.option(
      "max_initial_wait_per_decrypt", ArgTypes.NON_NEGATIVE_FLOAT, 60.0,
      "Seconds to wait for the keys of the first encrypted message");

  public static final Arg<String> HEARTBEAT_TOPIC_NAME = Arg.option("heartbeat_topic_name",
      ArgTypes.STRING, null, "Topic for heartbeat messages (none: no heartbeats)");

  public static final Arg<String> HEARTBEAT_PROGRAM_ID = Arg.option("heartbeat_program_id",
      ArgTypes.STRING, null, "ID placed in heartbeat message keys");

  public static final Arg<Double> HEARTBEAT_INTERVAL_SECS = Arg.option("heartbeat_interval_secs",
      ArgTypes.NON_NEGATIVE_FLOAT, 900.0, "Seconds between heartbeat messages");

  public static final Arg<String> LOG_TOPIC_NAME = Arg.option("log_topic_name", ArgTypes.STRING,
      null, "Topic for log messages (none: logs are not produced)");

  public static final Arg<String> LOG_PROGRAM_ID = Arg.option("log_program_id", ArgTypes.STRING,
      null, "ID placed in log message keys");

  public static final Arg<Double> LOG_INTERVAL_SECS = Arg.option("log_interval_secs",
      ArgTypes.NON_NEGATIVE_FLOAT, 60.0, "Seconds between log messages");

  public static final Arg<Level> LOGGER_STREAM_LEVEL = Arg.option("logger_stream_level",
      ArgTypes.LOG_LEVEL, Level.INFO,
      "Console log level: notset, debug, info, warning, error, critical (any case) or an integer")
      .metavar("LEVEL");

  public static final Arg<Level> LOGGER_FILE_LEVEL = Arg.option("logger_file_level",
      ArgTypes.LOG_LEVEL, Level.WARN, "Log file level, same syntax as --logger_stream_level")
      .metavar("LEVEL");

  public static final Arg<String> LOGGER_FILE_PATH = Arg.option("logger_file_path",
      ArgTypes.STRING, null,
      "Directory for the log file (if the last part contains a '.', its parent directory is"
          + " used); the file is always named <Program>.log")
      .metavar("PATH");
}
