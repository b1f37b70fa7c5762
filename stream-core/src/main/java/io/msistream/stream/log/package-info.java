/**
 * OpenMSIStream's logging conventions on logback (spec §13): {@link io.msistream.stream.log.Logs}
 * configures a console and a file appender in {@link io.msistream.stream.log.MsiLayout} format
 * ({@code [<Program> YYYY-MM-DD HH:MM:SS] message}, {@code WARNING: }/{@code ERROR: } prefixes),
 * {@link io.msistream.stream.log.LogLevels} parses level names and Python numbers,
 * {@link io.msistream.stream.log.LogFiles} places {@code <Program>.log}. Kafka loggers are held at
 * WARN and reach both appenders.
 */
package io.msistream.stream.log;
