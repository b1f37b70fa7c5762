package io.msistream.stream.cli;

import ch.qos.logback.classic.Level;
import io.msistream.stream.log.LogLevels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The argument types OpenMSIStream's tools use, with argparse-like error texts. */
public final class ArgTypes {
  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(?:_\\d+)*");

  private ArgTypes() {}

  /** Any text. */
  public static final ArgType<String> STRING = text -> text;

  /** A Python {@code int}: optional sign, digits, {@code _} between digits; surrounding blanks ok. */
  public static final ArgType<Integer> INT = text -> {
    String t = text.strip();
    if (PY_INT.matcher(t).matches()) {
      try {
        return Integer.parseInt(t.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new UsageException("int value out of range: '" + text + "'");
      }
    }
    throw new UsageException("invalid int value: '" + text + "'");
  };

  /** A Python {@code float} (also {@code inf}, {@code nan}). */
  public static final ArgType<Double> FLOAT = text -> {
    String t = text.strip().replace("_", "");
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.matches("[+-]?(inf|infinity)")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.matches("[+-]?nan")) {
      return Double.NaN;
    }
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new UsageException("invalid float value: '" + text + "'");
    }
    return Double.parseDouble(t);
  };

  /** An int {@code > 0}. */
  public static final ArgType<Integer> POSITIVE_INT = INT.check(v -> v > 0, "must be > 0");

  /** An int that is a power of two (chunk sizes). */
  public static final ArgType<Integer> POWER_OF_TWO =
      INT.check(v -> v > 0 && Integer.bitCount(v) == 1, "must be a power of two");

  /** A float {@code >= 0}. */
  public static final ArgType<Double> NON_NEGATIVE_FLOAT =
      FLOAT.check(v -> v >= 0, "must be >= 0");

  /** A path, made absolute. */
  public static final ArgType<Path> PATH = text -> {
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException("invalid path '" + text + "': " + e.getReason());
    }
  };

  /** An existing directory, made absolute. */
  public static final ArgType<Path> EXISTING_DIRECTORY = text -> {
    Path p = PATH.parse(text);
    if (!Files.isDirectory(p)) {
      throw new UsageException("'" + text + "' is not an existing directory");
    }
    return p;
  };

  /** An existing regular file, made absolute. */
  public static final ArgType<Path> EXISTING_FILE = text -> {
    Path p = PATH.parse(text);
    if (!Files.isRegularFile(p)) {
      throw new UsageException("'" + text + "' is not an existing file");
    }
    return p;
  };

  /** A directory that exists or can be created (not an existing non-directory), made absolute. */
  public static final ArgType<Path> DIRECTORY_TO_CREATE = text -> {
    Path p = PATH.parse(text);
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new UsageException("'" + text + "' exists and is not a directory");
    }
    return p;
  };

  /**
   * A Python regular expression ({@link PythonRegex}), for options such as {@code --upload_regex}
   * and {@code --download_regex} that upstream matches with {@code re.match}.
   */
  public static final ArgType<Pattern> PYTHON_REGEX = text -> {
    try {
      return PythonRegex.compile(text);
    } catch (PatternSyntaxException e) {
      throw new UsageException("invalid regular expression '" + text + "': "
          + e.getDescription());
    }
  };

  /** A logger level in OpenMSIStream syntax ({@link LogLevels}). */
  public static final ArgType<Level> LOG_LEVEL = text -> {
    try {
      return LogLevels.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  };

  /** One of fixed words (exact match, like argparse {@code choices}). */
  public static ArgType<String> choice(String... choices) {
    List<String> ok = Arrays.asList(choices.clone());
    return text -> {
      if (!ok.contains(text)) {
        StringBuilder sb = new StringBuilder();
        for (String c : ok) {
          sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(c).append('\'');
        }
        throw new UsageException("invalid choice: '" + text + "' (choose from " + sb + ")");
      }
      return text;
    };
  }
}
