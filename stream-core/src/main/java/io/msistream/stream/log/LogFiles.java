package io.msistream.stream.log;

import java.nio.file.Path;

/**
 * Where the log file goes (spec §5.2, {@code --logger_file_path}): if the value's last component
 * contains a {@code .} it names a file and its parent directory is used, otherwise the value is the
 * directory. The file inside is always {@code <Program>.log}, as upstream (which ignores the given
 * file name).
 */
public final class LogFiles {
  private LogFiles() {}

  /**
   * The log file for {@code program}.
   *
   * @param value the {@code --logger_file_path} value, or null for {@code defaultDir}
   * @param defaultDir the tool's default log directory
   */
  public static Path resolve(String value, Path defaultDir, String program) {
    Path dir;
    if (value == null || value.isBlank()) {
      dir = defaultDir;
    } else {
      Path p = Path.of(value);
      Path last = p.getFileName();
      if (last != null && last.toString().contains(".")) {
        dir = p.toAbsolutePath().getParent();
      } else {
        dir = p;
      }
    }
    return dir.toAbsolutePath().normalize().resolve(program + ".log");
  }
}
