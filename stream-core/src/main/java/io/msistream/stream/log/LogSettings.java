package io.msistream.stream.log;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a tool logs: console and file thresholds, the log file (or none), and which third-party
 * loggers are kept quiet at which level (by default the Kafka client and broker loggers at WARN, so
 * their warnings and errors reach both the console and the file, unlike upstream bug #81).
 *
 * @param program name shown in every line and used for the file name
 * @param streamLevel console threshold ({@code --logger_stream_level}, default INFO)
 * @param fileLevel file threshold ({@code --logger_file_level}, default WARN)
 * @param logFile the log file, or null for console only
 * @param quietLoggers logger name prefixes held at {@code quietLevel}
 * @param quietLevel their level
 */
public record LogSettings(String program, Level streamLevel, Level fileLevel, Path logFile,
    List<String> quietLoggers, Level quietLevel) {

  /** Loggers quiet by default: the Kafka clients and an in-process broker. */
  public static final List<String> DEFAULT_QUIET_LOGGERS =
      List.of("org.apache.kafka", "kafka", "state.change.logger");

  public LogSettings {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(streamLevel, "streamLevel");
    Objects.requireNonNull(fileLevel, "fileLevel");
    quietLoggers = List.copyOf(quietLoggers);
    Objects.requireNonNull(quietLevel, "quietLevel");
  }

  /** Console INFO, file WARN at {@code logFile} (may be null), Kafka loggers at WARN. */
  public static LogSettings of(String program, Path logFile) {
    return new LogSettings(program, Level.INFO, Level.WARN, logFile, DEFAULT_QUIET_LOGGERS,
        Level.WARN);
  }

  public LogSettings withLevels(Level stream, Level file) {
    return new LogSettings(program, stream, file, logFile, quietLoggers, quietLevel);
  }

  public LogSettings withQuietLevel(Level level) {
    return new LogSettings(program, streamLevel, fileLevel, logFile, quietLoggers, level);
  }
}
