package io.msistream.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository these checks look at, and what its bin/ launchers run. */
final class Repo {
  private static final Pattern LAUNCH = Pattern.compile("^launch (\\S+) (\\S+) \"\\$@\"$",
      Pattern.MULTILINE);
  private static final Pattern GRACE = Pattern.compile("shutdown-grace-seconds\\s*=\\s*(\\d+)");

  /** The tools that run until stopped: each gets a systemd unit and a Windows service. */
  static final List<String> LONG_RUNNING = List.of("DataFileUploadDirectory",
      "DataFileDownloadDirectory", "KeyKeeper", "LocalKafkaBroker");

  /** A bash launcher of bin/ that runs {@code main} from {@code <module>.jar} through _launch. */
  record Launcher(String name, String module, String main) {}

  private Repo() {}

  static Path root() {
    String dir = System.getProperty("msistream.repo.dir");
    Path p = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().getParent();
    return p.toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  /**
   * The build output folder name holding the tools' jars: this build's ({@code target}, or
   * {@code -Dmsistream.target=...}), unless {@code -Dmsistream.jars.target=...} names another.
   */
  static String target() {
    String t = System.getProperty("msistream.packaging.jars");
    return t == null || t.isBlank() ? "target" : t;
  }

  /** A tool's shaded jar as this build wrote it. */
  static Path jar(String module) {
    return path(module).resolve(target()).resolve(module + ".jar");
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every bash launcher in bin/ that uses _launch, by name. */
  static Map<String, Launcher> launchers() {
    Map<String, Launcher> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(path("bin"))) {
      for (Path f : s.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("_") || name.contains(".") || !Files.isRegularFile(f)) {
          continue;
        }
        Matcher m = LAUNCH.matcher(read(f));
        if (m.find()) {
          out.put(name, new Launcher(name, m.group(1), m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The launcher running {@code main}, if any. */
  static Optional<Launcher> launcherOfMain(String main) {
    return launchers().values().stream().filter(l -> l.main().equals(main)).findFirst();
  }

  /** The files directly in {@code dir} whose names end with {@code suffix}, sorted. */
  static List<Path> files(String dir, String suffix) {
    try (Stream<Path> s = Files.list(path(dir))) {
      return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
          .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code msistream.process.shutdown-grace-seconds} as shipped in stream-core. */
  static int shutdownGraceSeconds() {
    Matcher m = GRACE.matcher(read(path("stream-core/src/main/resources/reference.conf")));
    if (!m.find()) {
      throw new IllegalStateException("no shutdown-grace-seconds in stream-core's reference.conf");
    }
    return Integer.parseInt(m.group(1));
  }

  static boolean onWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  /** Whether {@code command} can be run (found on PATH). */
  static boolean hasCommand(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command in the repository root; returns its exit status and merged output. */
  static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
              Path.of(onWindows() ? "NUL" : "/dev/null").toFile()));
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out;
      try (var in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A finished command. */
  record Run(int status, String output) {}
}
