package io.msistream.tools.provision;

import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ToolDefaults;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link ProvisionNode} talks to: standard streams, the terminal (null without one), the
 * config folders, the clock and randomness, the CA bundle path for new configs, the Python
 * command and where a provisioning script's streams go. {@link #system()} is the real one; tests
 * substitute parts.
 */
record ToolEnv(InputStream in, PrintStream out, PrintStream err, Console console,
    Supplier<ConfigDirs> configDirs, Clock clock, SecureRandom random, String caFile,
    List<String> python, ProcessBuilder.Redirect childIn, ProcessBuilder.Redirect childOut,
    ProcessBuilder.Redirect childErr) {

  /** The process's own streams and terminal, the system clock, a new SecureRandom. */
  static ToolEnv system() {
    String python = ToolDefaults.forProgram(ProvisionNode.PROGRAM).find("python").orElse("python3");
    return new ToolEnv(System.in, System.out, System.err, System.console(),
        ConfigDirs::fromEnvironment, Clock.systemUTC(), new SecureRandom(), CaBundle.systemPath(),
        List.of(python), ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT,
        ProcessBuilder.Redirect.INHERIT);
  }

  /** Seconds since the epoch with the clock's sub-second part (Python's {@code time()}). */
  double nowSeconds() {
    java.time.Instant t = clock.instant();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
