package io.msistream.tools.provision;

import io.msistream.stream.config.ConfigDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs {@link ProvisionNode} in-process with a given standard input and no terminal. */
final class TestEnv {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private String stdin = "";
  private Path configDir;
  private Map<String, String> envVars = Map.of();
  private Clock clock = Clock.systemUTC();
  private SecureRandom random = new SecureRandom();
  private String caFile = PythonNode.PYTHON_CA_FILE;
  private List<String> python = List.of("python3");
  private Path childLog;

  /** Config folders: {@code <cwd>/config_files} with {@code cwd}, no jar folder. */
  TestEnv cwd(Path cwd) {
    this.configDir = cwd;
    return this;
  }

  TestEnv env(Map<String, String> vars) {
    this.envVars = vars;
    return this;
  }

  TestEnv stdin(String text) {
    this.stdin = text;
    return this;
  }

  TestEnv clock(Clock c) {
    this.clock = c;
    return this;
  }

  TestEnv random(SecureRandom r) {
    this.random = r;
    return this;
  }

  TestEnv caFile(String path) {
    this.caFile = path;
    return this;
  }

  TestEnv python(List<String> cmd) {
    this.python = cmd;
    return this;
  }

  TestEnv childLog(Path file) {
    this.childLog = file;
    return this;
  }

  TestEnv like(PythonNode n) {
    return clock(n.clock()).random(n.random());
  }

  int run(String... argv) {
    Path cwd = configDir == null ? Path.of("").toAbsolutePath() : configDir;
    ProcessBuilder.Redirect log = childLog == null ? ProcessBuilder.Redirect.DISCARD
        : ProcessBuilder.Redirect.appendTo(childLog.toFile());
    ToolEnv env = new ToolEnv(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null, false,
        () -> ConfigDirs.of(envVars::get, cwd, Optional.empty()), clock, random, caFile, python,
        ProcessBuilder.Redirect.from(new java.io.File("/dev/null")), log, log);
    return ProvisionNode.run(env, argv);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
