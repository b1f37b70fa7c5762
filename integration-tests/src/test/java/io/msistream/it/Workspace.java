package io.msistream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One scenario's folders and processes: {@code config_files/} (node folders, and the tools'
 * {@code OPENMSISTREAM_CONFIG_FILE_DIR}), {@code logs/} (every process's stdout/stderr and log
 * files), {@code cwd/} (the processes' working directory, which must stay empty), and whatever
 * the scenario adds. Kept under {@code target/it-work} when the scenario fails (or with
 * {@code -Dmsistream.it.keep=true}), deleted when it passes. Resolved as a test parameter by
 * {@link Extension}, which also kills processes a failed scenario left running.
 */
final class Workspace {
  /** The name every scenario gives its downloader's output directory, {@code root/out}. */
  static final String OUT = "out";
  private final Path root;
  private final String tag;
  private final List<ToolProcess> processes = new ArrayList<>();
  /** The top-level folders the scenario made with {@link #dir}. */
  private final Set<String> made = new TreeSet<>();

  private Workspace(Path root, String tag) {
    this.root = root;
    this.tag = tag;
  }

  /** A short random id for topic names and consumer groups (lower-case letters and digits). */
  String tag() {
    return tag;
  }

  Path root() {
    return root;
  }

  /** The node folders' parent, given to every tool as {@code OPENMSISTREAM_CONFIG_FILE_DIR}. */
  Path configFiles() {
    return dir("config_files");
  }

  Path logs() {
    return dir("logs");
  }

  /** The working directory of every tool process; nothing may appear in it. */
  Path cwd() {
    return dir("cwd");
  }

  /** {@code root/name}, created if missing. */
  Path dir(String name) {
    try {
      synchronized (made) {
        made.add(name);
      }
      return Files.createDirectories(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a tool with the workspace's environment. */
  ToolProcess start(String name, Tool tool, List<String> args) {
    return start(name, tool, Map.of(), args);
  }

  /** Starts a tool with the workspace's environment plus {@code env}. */
  ToolProcess start(String name, Tool tool, Map<String, String> env, List<String> args) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("OPENMSISTREAM_CONFIG_FILE_DIR", configFiles().toString());
    e.put("LC_ALL", "C.UTF-8"); // file names are UTF-8 whatever the caller's locale
    e.putAll(env);
    try {
      ToolProcess p = ToolProcess.start(name, tool, cwd(), logs(), e, args);
      synchronized (processes) {
        processes.add(p);
      }
      return p;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot start " + name, ex);
    }
  }

  /**
   * Runs a launcher script of the project's {@code bin/} folder with {@code bash}, with this JVM's
   * {@code java} as {@code JAVA}.
   */
  ToolProcess startLauncher(String name, String launcher, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("bash",
        Tool.repoDir().resolve("bin").resolve(launcher).toString()));
    cmd.addAll(args);
    Map<String, String> e = new LinkedHashMap<>();
    e.put("OPENMSISTREAM_CONFIG_FILE_DIR", configFiles().toString());
    e.put("LC_ALL", "C.UTF-8");
    e.put("JAVA", ToolProcess.java());
    try {
      ToolProcess p = ToolProcess.start(name, cmd, cwd(), logs(), e);
      synchronized (processes) {
        processes.add(p);
      }
      return p;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot start " + name, ex);
    }
  }

  /** The last log lines of every process started, for failure messages. */
  String diagnostics() {
    StringBuilder b = new StringBuilder("workspace " + root + "\n");
    synchronized (processes) {
      for (ToolProcess p : processes) {
        b.append(p.tail());
      }
    }
    return b.toString();
  }

  /**
   * Nothing was written into the processes' working directory, nor beside the scenario's own
   * folders: the workspace holds only what {@link #dir} made and the output directory
   * {@value #OUT} (a path that escaped the output directory would land here first).
   */
  void assertWorkingDirectoryUntouched() {
    try (Stream<Path> s = Files.list(cwd())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .as("files the tools left in their working directory").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> allowed = new TreeSet<>(List.of(OUT));
    synchronized (made) {
      allowed.addAll(made);
    }
    try (Stream<Path> s = Files.list(root)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .as("entries of the workspace %s besides its own folders %s", root, allowed)
          .isSubsetOf(allowed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void killAll() {
    synchronized (processes) {
      processes.forEach(ToolProcess::close);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** JUnit extension: a fresh {@link Workspace} per test, cleaned up after it. */
  static final class Extension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(Workspace.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
      return pc.getParameter().getType() == Workspace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
      return ec.getStore(NS).getOrComputeIfAbsent(Workspace.class, k -> create(ec),
          Workspace.class);
    }

    private static Workspace create(ExtensionContext ec) {
      String tag = "h10" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45),
          36).toLowerCase(Locale.ROOT);
      String base = System.getProperty("msistream.it.work");
      Path work = base != null ? Path.of(base) : Path.of("target", "it-work");
      Path root = work.toAbsolutePath().resolve(ec.getRequiredTestClass().getSimpleName())
          .resolve(ec.getRequiredTestMethod().getName() + "-" + tag);
      try {
        Files.createDirectories(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Workspace(root, tag);
    }

    @Override
    public void afterEach(ExtensionContext ec) throws Exception {
      Workspace ws = ec.getStore(NS).get(Workspace.class, Workspace.class);
      if (ws == null) {
        return;
      }
      ws.killAll();
      if (ec.getExecutionException().isPresent()) {
        System.err.println("Scenario failed; its folders and logs are kept in " + ws.root);
      } else if (!Boolean.getBoolean("msistream.it.keep")) {
        deleteTree(ws.root);
        try {
          Files.deleteIfExists(ws.root.getParent()); // the class folder, once empty
        } catch (DirectoryNotEmptyException others) {
          // other scenarios of the class kept theirs
        }
      }
    }
  }
}
