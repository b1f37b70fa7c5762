package io.msistream.stream.log;

import ch.qos.logback.classic.Level;
import java.util.Locale;

/**
 * OpenMSIStream's logger level syntax (spec §5.2): {@code notset}, {@code debug}, {@code info},
 * {@code warning}, {@code error}, {@code critical} in any case, or a Python level number
 * {@code >= 0}. Numbers map to the first Java level that a Python handler with that threshold lets
 * through: 0 → everything (TRACE), 1–10 → DEBUG, 11–20 → INFO, 21–30 → WARN, 31–50 → ERROR, above 50 →
 * OFF. Java has no CRITICAL level, so {@code critical} (50) means ERROR.
 */
public final class LogLevels {
  private LogLevels() {}

  /**
   * Parses a level.
   *
   * @throws IllegalArgumentException with a message listing the accepted forms
   */
  public static Level parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "notset":
        return Level.TRACE;
      case "debug":
        return Level.DEBUG;
      case "info":
        return Level.INFO;
      case "warning":
      case "warn":
        return Level.WARN;
      case "error":
      case "critical":
      case "fatal":
        return Level.ERROR;
      default:
        break;
    }
    long n;
    try {
      n = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid logger level '" + text
          + "' (use notset, debug, info, warning, error, critical or an integer >= 0)");
    }
    if (n < 0) {
      throw new IllegalArgumentException("invalid logger level '" + text
          + "' (an integer level must be >= 0)");
    }
    if (n == 0) {
      return Level.TRACE;
    } else if (n <= 10) {
      return Level.DEBUG;
    } else if (n <= 20) {
      return Level.INFO;
    } else if (n <= 30) {
      return Level.WARN;
    } else if (n <= 50) {
      return Level.ERROR;
    }
    return Level.OFF;
  }

  /** The Python name of a level, for messages ({@code TRACE} → notset, {@code WARN} → warning). */
  public static String pythonName(Level level) {
    if (level == Level.TRACE) {
      return "notset";
    } else if (level == Level.WARN) {
      return "warning";
    } else if (level == Level.OFF) {
      return "off";
    }
    return level.levelStr.toLowerCase(Locale.ROOT);
  }
}
