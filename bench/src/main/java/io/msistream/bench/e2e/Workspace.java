package io.msistream.bench.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The source tree the end-to-end runs use: its root (found from this jar's location,
 * {@code <root>/bench/target/benchmarks.jar}, or by walking up from the working directory to a
 * folder holding {@code bin/_launch}) and the tools' shaded jars in it.
 */
final class Workspace {
  private final Path root;

  private Workspace(Path root) {
    this.root = root;
  }

  static Workspace locate() throws IOException {
    String given = System.getProperty("msistream.repo");
    if (given != null) {
      return check(Path.of(given));
    }
    try {
      Path jar = Path.of(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("bin").resolve("_launch"))) {
          return new Workspace(p);
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bin").resolve("_launch"))) {
        return new Workspace(p);
      }
    }
    throw new IOException("cannot find the project folder (run from inside it, or set -Dmsistream.repo)");
  }

  private static Workspace check(Path p) throws IOException {
    if (!Files.isRegularFile(p.resolve("bin").resolve("_launch"))) {
      throw new IOException(p + " is not the project folder (no bin/_launch)");
    }
    return new Workspace(p.toAbsolutePath());
  }

  Path root() {
    return root;
  }

  /** {@code <root>/<module>/target/<module>.jar}, which must exist. */
  Path jar(String module) throws IOException {
    Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is missing; build first: mvn -B -ntp -DskipTests package");
    }
    return jar;
  }
}
