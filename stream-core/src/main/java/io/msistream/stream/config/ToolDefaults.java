package io.msistream.stream.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Objects;
import java.util.Optional;

/**
 * Built-in defaults from typesafe-config {@code reference.conf} files (every module may ship one;
 * shaded jars concatenate them), overridable by an {@code application.conf} on the class path and,
 * above all, by JVM system properties ({@code -Dmsistream.DataFileUploadDirectory.chunk_size=16384}).
 *
 * <p>Key naming: {@code msistream.<Program>.<option_name>} for a tool's command-line defaults, the
 * program and option names written exactly as on the command line (so
 * {@code msistream.DataFileDownloadDirectory.n_threads}); shared settings live under
 * {@code msistream.logging.*} and {@code msistream.process.*} (see stream-core's reference.conf).
 * Values are read fresh on every {@link #load} (system properties set later are seen).
 */
public final class ToolDefaults {
  private final Config config;
  private final String prefix;

  private ToolDefaults(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** Everything under {@code prefix} (e.g. {@code "msistream.UploadDataFile"}). */
  public static ToolDefaults load(String prefix) {
    return of(loadAll(), prefix);
  }

  /** The defaults of one tool: {@code msistream.<program>}. */
  public static ToolDefaults forProgram(String program) {
    return load("msistream." + program);
  }

  /** A view of an already loaded config under {@code prefix}. */
  public static ToolDefaults of(Config config, String prefix) {
    return new ToolDefaults(Objects.requireNonNull(config), Objects.requireNonNull(prefix));
  }

  /** System properties over application.conf over every reference.conf, resolved. */
  public static Config loadAll() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = ToolDefaults.class.getClassLoader();
    }
    return ConfigFactory.parseProperties(System.getProperties())
        .withFallback(ConfigFactory.parseResourcesAnySyntax(cl, "application"))
        .withFallback(ConfigFactory.parseResourcesAnySyntax(cl, "reference"))
        .resolve();
  }

  /** The full key of {@code name}. */
  public String keyOf(String name) {
    return prefix + "." + name;
  }

  /** The value of {@code name} as text, if set (lists and objects are not option values). */
  public Optional<String> find(String name) {
    String key = keyOf(name);
    try {
      if (!config.hasPath(key)) {
        return Optional.empty();
      }
      ConfigValue v = config.getValue(key);
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw new IllegalStateException(key + " must be a single value, not a " + v.valueType());
      }
      return Optional.of(String.valueOf(v.unwrapped()));
    } catch (ConfigException.BadPath e) {
      throw new IllegalArgumentException("bad key " + key + ": " + e.getMessage(), e);
    }
  }

  /** A required string. */
  public String getString(String name) {
    return config.getString(keyOf(name));
  }

  /** A required int. */
  public int getInt(String name) {
    return config.getInt(keyOf(name));
  }

  /** A required double. */
  public double getDouble(String name) {
    return config.getDouble(keyOf(name));
  }

  /** A required boolean. */
  public boolean getBoolean(String name) {
    return config.getBoolean(keyOf(name));
  }

  /** The underlying config (full tree). */
  public Config config() {
    return config;
  }
}
