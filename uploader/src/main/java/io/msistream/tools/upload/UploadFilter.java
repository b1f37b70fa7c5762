package io.msistream.tools.upload;

import io.msistream.stream.cli.PythonRegex;
import java.io.File;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which files of the watched directory are uploaded (spec §5.3): regular files under the root,
 * outside the logs directory, whose name does not start with {@code .}, and whose relative path
 * (OS separators) the upload regex matches at its start (Python's {@code re.match}).
 *
 * <p>The default regex is {@link #DEFAULT_REGEX}: it leaves out what upstream's default
 * ({@code ^((?!(\.|.*.log))).*$}) meant to leave out — hidden files and folders (any path part
 * starting with {@code .}) and {@code *.log} files (any case) — without upstream's bug of also
 * skipping every path containing "log" after its first character ({@code catalog.csv},
 * {@code blog/x}). Giving upstream's expression explicitly restores upstream's behaviour.
 */
final class UploadFilter {
  /** The corrected default: no hidden path part, no {@code .log} ending. */
  static final String DEFAULT_REGEX = "^(?!(?:.*[/\\\\])?\\.)(?!.*\\.[lL][oO][gG]$).*$";

  private final Path root;
  private final Path logsDir;
  private final Pattern regex;

  private UploadFilter(Path root, Path logsDir, Pattern regex) {
    this.root = root;
    this.logsDir = logsDir;
    this.regex = regex;
  }

  /**
   * A filter for files under {@code root}, never uploading anything in {@code logsDir}.
   *
   * @param pythonRegex the {@code --upload_regex} value, in Python syntax
   * @throws PatternSyntaxException the expression is not valid
   */
  static UploadFilter of(Path root, Path logsDir, String pythonRegex) {
    return new UploadFilter(root.toAbsolutePath().normalize(),
        logsDir.toAbsolutePath().normalize(), PythonRegex.compile(pythonRegex));
  }

  /** The Java syntax of a Python expression ({@link PythonRegex}). */
  static String toJava(String py) {
    return PythonRegex.toJava(py);
  }

  Path root() {
    return root;
  }

  /** True if {@code file} (absolute, under the root) is inside the logs directory. */
  boolean inLogsDir(Path file) {
    return file.startsWith(logsDir);
  }

  /** True if a directory should be watched (everything under the root but the logs directory). */
  boolean watchDirectory(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    return d.startsWith(root) && !d.startsWith(logsDir);
  }

  /** The relative path with OS separators, as matched and as recorded in the registry. */
  String relativePath(Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString();
  }

  /** The relative path with {@code /} separators, as sent in chunks and used for partitioning. */
  static String posix(String relPath) {
    return File.separatorChar == '/' ? relPath : relPath.replace(File.separatorChar, '/');
  }

  /**
   * True if {@code file} is eligible by its path (the caller checks it is a regular file):
   * under the root, outside the logs directory, a name not starting with {@code .}, matching the
   * regex.
   */
  boolean accepts(Path file) {
    Path f = file.toAbsolutePath().normalize();
    if (!f.startsWith(root) || f.equals(root) || f.startsWith(logsDir)) {
      return false;
    }
    Path name = f.getFileName();
    if (name == null || name.toString().startsWith(".")) {
      return false;
    }
    return regex.matcher(relativePath(f)).lookingAt();
  }
}
