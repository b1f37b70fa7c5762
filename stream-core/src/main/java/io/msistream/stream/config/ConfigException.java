package io.msistream.stream.config;

import io.msistream.stream.cli.UserError;

/**
 * An OpenMSIStream config file cannot be found, read or used. The message names the file and,
 * where known, the line, section and option ({@code "lab.config, line 3, section [broker], option
 * 'bootstrap.servers': environment variable KAFKA_SERVERS is not set"}); never a secret value.
 * Tools exit with status 2 on it.
 */
public final class ConfigException extends Exception implements UserError {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem with one option; {@code line} 0 if unknown. */
  public static ConfigException at(String file, int line, String section, String option,
      String detail) {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(", line ").append(line);
    }
    if (section != null) {
      b.append(", section [").append(section).append(']');
    }
    if (option != null) {
      b.append(", option '").append(option).append('\'');
    }
    return new ConfigException(b.append(": ").append(detail).toString());
  }
}
