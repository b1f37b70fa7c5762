package io.msistream.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tool running in its own JVM ({@code java -cp <shaded jar> <main> args}, with this JVM's
 * {@code java}): stdin is a pipe (for {@code q} and {@code c}), stdout and stderr go to files that
 * the test reads for assertions and failure messages. {@link #kill()} is SIGKILL.
 */
final class ToolProcess implements AutoCloseable {
  /** JVM options of every tool process: small heap, quick start on a shared 2-core machine. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final OutputStream stdin;

  private ToolProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
  }

  /**
   * Starts {@code tool} in {@code cwd} with {@code env} added to this JVM's environment; output
   * goes to {@code <logDir>/<name>.out} and {@code .err}.
   */
  static ToolProcess start(String name, Tool tool, Path cwd, Path logDir, Map<String, String> env,
      List<String> args) throws IOException {
    ClassDataArchives.Use cds = ClassDataArchives.forJar(tool.jar());
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(cds.options());
    cmd.add("-cp");
    cmd.add(tool.jar().toString());
    cmd.add(tool.mainClass());
    cmd.addAll(args);
    ToolProcess p = start(name, cmd, cwd, logDir, env);
    p.process.onExit().thenRun(cds.afterExit());
    return p;
  }

  /** This JVM's {@code java} binary. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts any command (e.g. a launcher script in {@code bin/}) the same way. */
  static ToolProcess start(String name, List<String> cmd, Path cwd, Path logDir,
      Map<String, String> env) throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new ToolProcess(name, pb.start(), out, err);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Types a line on the tool's stdin. */
  void send(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError(name + ": cannot write to its stdin (exited?)\n" + tail(), e);
    }
  }

  /** Types {@code q} and waits for the exit; returns the exit status. */
  int quit(Duration timeout) {
    send("q");
    return awaitExit(timeout);
  }

  /** Waits for the process to exit by itself; returns its exit status. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s\n"
            + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return process.exitValue();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** What the tool wrote to stderr so far (its console log). */
  String stderr() {
    return read(stderr);
  }

  /** What the tool wrote to stdout so far. */
  String stdout() {
    return read(stdout);
  }

  /** All matches of {@code p} in stdout and stderr so far, stdout first. */
  List<MatchResult> matches(Pattern p) {
    List<MatchResult> out = new ArrayList<>();
    for (String text : List.of(stdout(), stderr())) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out.add(m.toMatchResult());
      }
    }
    return out;
  }

  /** The last match of {@code p} in stdout or stderr, or null. */
  MatchResult lastMatch(Pattern p) {
    List<MatchResult> all = matches(p);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /**
   * Waits until {@code p} occurs at least {@code count} times in stdout/stderr; fails early if the
   * process exits first. Returns the last match.
   */
  MatchResult awaitOutput(Pattern p, int count, Duration timeout) {
    String what = name + " to print /" + p.pattern() + "/" + (count > 1 ? " " + count + " times"
        : "");
    Await.until(what, timeout, () -> {
      boolean exited = !process.isAlive();
      if (matches(p).size() >= count) {
        return true;
      }
      if (exited) {
        throw new AssertionError(name + " exited (status " + process.exitValue()
            + ") before printing /" + p.pattern() + "/\n" + tail());
      }
      return false;
    }, this::tail);
    return lastMatch(p);
  }

  MatchResult awaitOutput(Pattern p, Duration timeout) {
    return awaitOutput(p, 1, timeout);
  }

  /** The last lines of both streams, for failure messages. */
  String tail() {
    return "---- " + name + " (pid " + process.pid() + ", " + (process.isAlive() ? "running"
        : "exit status " + process.exitValue()) + ") stdout:\n" + lastLines(stdout(), 30)
        + "---- " + name + " stderr:\n" + lastLines(stderr(), 60);
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\n", -1);
    int from = Math.max(0, lines.length - n - 1);
    StringBuilder b = new StringBuilder();
    for (int i = from; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        b.append("    ").append(lines[i]).append('\n');
      }
    }
    return b.toString();
  }

  private static String read(Path f) {
    try {
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + f + ": " + e + ")";
    }
  }

  /** Kills the process if it still runs (cleanup after a failed scenario). */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // the pipe is gone with the process
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }
}
