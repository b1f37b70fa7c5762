package io.msistream.tools.provision;

import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ToolDefaults;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link ProvisionNode} talks to: standard streams, the terminal (null without one; and
 * whether standard input alone is one), the
 * config folders, the clock and randomness, the CA bundle path for new configs, the Python
 * command and where a provisioning script's streams go. {@link #system()} is the real one; tests
 * substitute parts.
 */
record ToolEnv(InputStream in, PrintStream out, PrintStream err, Console console,
    boolean stdinIsTerminal,
    Supplier<ConfigDirs> configDirs, Clock clock, SecureRandom random, String caFile,
    List<String> python, ProcessBuilder.Redirect childIn, ProcessBuilder.Redirect childOut,
    ProcessBuilder.Redirect childErr) {

  /** The process's own streams and terminal, the system clock, a new SecureRandom. */
  static ToolEnv system() {
    String python = ToolDefaults.forProgram(ProvisionNode.PROGRAM).find("python")
        .orElse(defaultPython(System.getProperty("os.name", "")));
    return new ToolEnv(System.in, System.out, System.err, System.console(), stdinLinksToTerminal(),
        ConfigDirs::fromEnvironment, Clock.systemUTC(), new SecureRandom(), CaBundle.systemPath(),
        List.of(python), ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT,
        ProcessBuilder.Redirect.INHERIT);
  }

  /**
   * The Python command when none is configured: {@code python3}, but {@code python} on Windows,
   * whose installers (python.org, conda) provide no {@code python3} command.
   */
  static String defaultPython(String osName) {
    return osName.toLowerCase(java.util.Locale.ROOT).startsWith("windows") ? "python" : "python3";
  }

  /**
   * True if standard input is a terminal device (Linux: {@code /proc/self/fd/0} links to a
   * {@code /dev/pts/} or {@code /dev/tty} device). Java 17 only tells whether stdin and stdout are
   * both terminals ({@link System#console()}); this catches {@code ProvisionNode > file}.
   */
  static boolean stdinLinksToTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false; // not Linux, or not knowable
    }
  }

  /** Seconds since the epoch with the clock's sub-second part (Python's {@code time()}). */
  double nowSeconds() {
    java.time.Instant t = clock.instant();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
