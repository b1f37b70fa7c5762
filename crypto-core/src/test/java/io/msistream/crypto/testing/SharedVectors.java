package io.msistream.crypto.testing;

import io.msistream.crypto.json.JsonException;
import io.msistream.crypto.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the shared interop vectors ({@code ../shared/interop} beside the project root). They are
 * read in place, never copied into the repository.
 *
 * <p>Lookup order: system property {@code msistream.shared.dir} (set by the build), environment
 * variable {@code MSISTREAM_SHARED_DIR}, then {@code shared/} next to any parent of the working
 * directory. A missing folder fails the test with a message saying where it looked.
 */
public final class SharedVectors {
  private SharedVectors() {}

  /** The {@code shared/} folder. */
  public static Path sharedDir() {
    String prop = System.getProperty("msistream.shared.dir");
    if (prop != null && Files.isDirectory(Paths.get(prop, "interop"))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    String env = System.getenv("MSISTREAM_SHARED_DIR");
    if (env != null && Files.isDirectory(Paths.get(env, "interop"))) {
      return Paths.get(env).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("interop"))) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException(
        "shared interop vectors not found: set -Dmsistream.shared.dir or MSISTREAM_SHARED_DIR"
            + " (looked for ../shared/interop from " + Paths.get("").toAbsolutePath() + ")");
  }

  /** The {@code shared/interop} folder. */
  public static Path interopDir() {
    return sharedDir().resolve("interop");
  }

  /** A file under {@code shared/interop}. */
  public static Path interop(String relative) {
    return interopDir().resolve(relative);
  }

  /** Parses a JSON file under {@code shared/interop}. */
  public static JsonValue json(String relative) {
    try {
      return JsonValue.read(interop(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JsonException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A node folder under {@code shared/interop/nodes}. */
  public static Path node(String nodeId) {
    return interop("nodes").resolve(nodeId);
  }
}
