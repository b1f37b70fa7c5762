package io.msistream.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tool running in its own JVM from its shaded jar, with stdout and stderr in a log file and
 * stdin kept open for {@code q}/{@code c} commands.
 */
final class ToolProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ToolProcess(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** Starts {@code java [jvmOptions] -cp jar mainClass args...}, output to {@code log}. */
  static ToolProcess start(String name, Path jar, String mainClass, List<String> args,
      List<String> jvmOptions, Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", jar.toString(), mainClass));
    cmd.addAll(args);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    return new ToolProcess(name, pb.start(), log, t0);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  long startedNanos() {
    return startedNanos;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until the log has a line matching {@code pattern} and returns the match; fails if the
   * process ends first or the time runs out (the message quotes the log's last lines).
   */
  Matcher awaitLog(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Matcher> m = findInLog(pattern);
      if (m.isPresent()) {
        return m.get();
      }
      if (!process.isAlive()) {
        throw new IOException(name + " exited with status " + process.exitValue()
            + " before printing /" + pattern + "/" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not print /" + pattern + "/ within "
            + timeout.toSeconds() + " s" + tail());
      }
      Thread.sleep(50);
    }
  }

  Optional<Matcher> findInLog(Pattern pattern) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Writes one command line (e.g. {@code q}) to the tool's stdin. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Sends {@code q}, then SIGTERM, then SIGKILL, each after a bounded wait; returns the status. */
  int stop(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      try {
        send("q");
      } catch (IOException e) {
        // stdin closed: fall through to the signal
      }
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL after {@code grace}; returns the status. */
  int terminate(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    return process.exitValue();
  }

  /** Waits for the process to end by itself; returns the status. */
  int await(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException(name + " still running after " + timeout.toSeconds() + " s" + tail());
    }
    return process.exitValue();
  }

  /** CPU seconds the process has used (Linux /proc), or NaN where unknown. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The log's last lines, for error messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
      return "\n  last lines of " + log + ":\n    " + String.join("\n    ", last);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(20));
  }
}
