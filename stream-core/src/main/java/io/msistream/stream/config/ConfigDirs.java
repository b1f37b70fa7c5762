package io.msistream.stream.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where OpenMSIStream config files and node folders are looked for, and how {@code --config NAME}
 * is resolved (spec §9.4, with the {@code OPENMSISTREAM_CONFIG_FILE_DIR} override working).
 *
 * <p>The config directories, in order: the directory named by {@value #ENV_VAR} if that variable is
 * set (then it is the only one); otherwise {@code config_files/} next to the jar holding this class
 * (and in the jar directory's parent, for a {@code lib/} layout, and two levels up when the jar sits
 * in a module's {@code target/} folder of the source tree), then {@code config_files/} in the
 * working directory.
 *
 * <p>{@code --config} resolution: {@code .config} is appended if the argument contains no
 * {@code .}; then the first existing regular file among the argument as a path (relative to the
 * working directory) and {@code <dir>/<argument>} for each config directory wins. The error lists
 * every place tried.
 */
public final class ConfigDirs {
  /** Environment variable overriding the config directory. */
  public static final String ENV_VAR = "OPENMSISTREAM_CONFIG_FILE_DIR";
  /** Name of the shipped config folder. */
  public static final String FOLDER = "config_files";

  private final List<Path> dirs;
  private final Path cwd;
  private final boolean fromEnv;

  private ConfigDirs(List<Path> dirs, Path cwd, boolean fromEnv) {
    this.dirs = List.copyOf(dirs);
    this.cwd = cwd;
    this.fromEnv = fromEnv;
  }

  /** From the real environment, working directory and jar location. */
  public static ConfigDirs fromEnvironment() {
    return of(System::getenv, Path.of("").toAbsolutePath(), jarDirectory(ConfigDirs.class));
  }

  /**
   * From explicit inputs (for tests and embedding).
   *
   * @param env environment lookup (null for unset)
   * @param cwd the working directory
   * @param jarDir the directory holding the program's jar, if it runs from a jar
   */
  public static ConfigDirs of(Function<String, String> env, Path cwd, Optional<Path> jarDir) {
    Path wd = cwd.toAbsolutePath().normalize();
    String override = env.apply(ENV_VAR);
    if (override != null && !override.isBlank()) {
      return new ConfigDirs(List.of(wd.resolve(override.strip()).normalize()), wd, true);
    }
    LinkedHashSet<Path> d = new LinkedHashSet<>();
    jarDir.ifPresent(j -> {
      Path jd = j.toAbsolutePath().normalize();
      d.add(jd.resolve(FOLDER));
      Path parent = jd.getParent();
      if (parent != null) {
        d.add(parent.resolve(FOLDER)); // lib/ layout: <install>/lib/x.jar → <install>/config_files
        if (jd.getFileName() != null && jd.getFileName().toString().startsWith("target")
            && parent.getParent() != null) {
          // source-tree layout: <repo>/<module>/target/x.jar → <repo>/config_files
          d.add(parent.getParent().resolve(FOLDER));
        }
      }
    });
    d.add(wd.resolve(FOLDER));
    return new ConfigDirs(new ArrayList<>(d), wd, false);
  }

  /** The directory holding the jar {@code c} was loaded from, if it was loaded from a jar file. */
  public static Optional<Path> jarDirectory(Class<?> c) {
    try {
      CodeSource cs = c.getProtectionDomain().getCodeSource();
      if (cs == null || cs.getLocation() == null) {
        return Optional.empty();
      }
      Path p = Path.of(cs.getLocation().toURI());
      return Files.isRegularFile(p) ? Optional.ofNullable(p.toAbsolutePath().getParent())
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The config directories in lookup order (they need not exist). */
  public List<Path> searchDirs() {
    return dirs;
  }

  /** The working directory used for relative paths. */
  public Path workingDir() {
    return cwd;
  }

  /** True if {@value #ENV_VAR} chose the directory. */
  public boolean fromEnvironmentVariable() {
    return fromEnv;
  }

  /**
   * The directory new node folders go to and help texts show: the first existing config directory,
   * else the first one.
   */
  public Path primary() {
    for (Path d : dirs) {
      if (Files.isDirectory(d)) {
        return d;
      }
    }
    return dirs.get(0);
  }

  /** A one-line description for help texts. */
  public String describe() {
    return (fromEnv ? ENV_VAR + "=" : "") + String.join(", ",
        dirs.stream().map(Path::toString).toList());
  }

  /** The files {@code --config arg} may name, in the order they are tried. */
  public List<Path> candidates(String arg) throws ConfigException {
    String name = arg.contains(".") ? arg : arg + ".config";
    List<Path> out = new ArrayList<>();
    try {
      out.add(cwd.resolve(name).normalize());
      Path rel = Path.of(name);
      if (!rel.isAbsolute()) {
        for (Path d : dirs) {
          out.add(d.resolve(rel).normalize());
        }
      }
    } catch (InvalidPathException e) {
      throw new ConfigException("config argument '" + arg + "' is not a valid path: " + e.getReason());
    }
    return out;
  }

  /**
   * Resolves a {@code --config} argument to an existing file.
   *
   * @throws ConfigException listing every place tried
   */
  public Path resolveConfig(String arg) throws ConfigException {
    if (arg == null || arg.isBlank()) {
      throw new ConfigException("config argument is empty");
    }
    List<Path> tried = candidates(arg.strip());
    for (Path p : tried) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new ConfigException("config argument '" + arg + "' is not a recognized config file"
        + " (looked for " + String.join(", ", tried.stream().map(Path::toString).toList())
        + (fromEnv ? "; config directory from " + ENV_VAR : "") + ")");
  }
}
