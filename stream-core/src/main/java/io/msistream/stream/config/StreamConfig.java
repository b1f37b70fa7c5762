package io.msistream.stream.config;

import io.msistream.crypto.ini.Ini;
import io.msistream.crypto.ini.IniDialect;
import io.msistream.crypto.ini.IniException;
import io.msistream.crypto.ini.IniFile;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An OpenMSIStream config file (spec §9): Python-configparser INI ({@link IniDialect#python()}:
 * {@code =} or {@code :}, {@code [DEFAULT]} inheritance, lower-cased names, {@code #}/{@code ;}
 * comment lines, continuation lines, {@code %%}), values starting with {@code $} expanded from the
 * environment when a section is read (so unused sections may reference unset variables), the
 * client sections translated to Java Kafka properties, and the {@code [kafkacrypto]} node located.
 * Immutable.
 */
public final class StreamConfig {
  /** Sections OpenMSIStream merges into every client, first. */
  public static final String BROKER = "broker";
  public static final String PRODUCER = "producer";
  public static final String CONSUMER = "consumer";
  public static final String KAFKACRYPTO = "kafkacrypto";

  private final Ini ini;
  private final Path file;
  private final Function<String, String> env;

  private StreamConfig(Ini ini, Path file, Function<String, String> env) {
    this.ini = ini;
    this.file = file;
    this.env = env;
  }

  /** Reads a config file, expanding {@code $} values from the process environment. */
  public static StreamConfig load(Path file) throws ConfigException {
    return load(file, System::getenv);
  }

  /** Reads a config file with an explicit environment (null for unset names). */
  public static StreamConfig load(Path file, Function<String, String> env) throws ConfigException {
    Path abs = file.toAbsolutePath().normalize();
    try {
      return new StreamConfig(IniFile.read(abs, IniDialect.python()), abs, env);
    } catch (IniException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Parses config text; {@code file} is used for messages and relative node lookups. */
  public static StreamConfig parse(String text, Path file, Function<String, String> env)
      throws ConfigException {
    Path abs = file.toAbsolutePath().normalize();
    try {
      return new StreamConfig(Ini.parse(text, IniDialect.python(), abs.toString()), abs, env);
    } catch (IniException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Resolves {@code --config arg} with {@code dirs} and reads it. */
  public static StreamConfig resolve(String arg, ConfigDirs dirs) throws ConfigException {
    return load(dirs.resolveConfig(arg));
  }

  public Path file() {
    return file;
  }

  /** Section names in file order (without DEFAULT). */
  public List<String> sections() {
    return ini.sections();
  }

  public boolean hasSection(String section) {
    return ini.sections().contains(section);
  }

  /**
   * The options visible in a section (own, then inherited from DEFAULT), interpolated and
   * environment-expanded; empty if there is no such section.
   *
   * @throws ConfigException naming file, line, section and option of a bad value
   */
  public List<Setting> settings(String section) throws ConfigException {
    Map<String, String> items;
    try {
      items = ini.items(section);
    } catch (IniException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    List<Setting> out = new ArrayList<>();
    for (Map.Entry<String, String> e : items.entrySet()) {
      Setting s = new Setting(file.toString(), ini.lineOf(section, e.getKey()), section,
          e.getKey(), e.getValue());
      out.add(expand(s));
    }
    return out;
  }

  /** One option's expanded value. */
  public Optional<String> value(String section, String key) throws ConfigException {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (Setting s : settings(section)) {
      if (s.key().equals(k)) {
        return Optional.of(s.value());
      }
    }
    return Optional.empty();
  }

  /** {@code [broker]} + {@code [producer]} as Java producer properties. */
  public KafkaProperties.Translation producer() throws ConfigException {
    return client(ClientRole.PRODUCER, PRODUCER);
  }

  /** {@code [broker]} + {@code [consumer]} as Java consumer properties. */
  public KafkaProperties.Translation consumer() throws ConfigException {
    return client(ClientRole.CONSUMER, CONSUMER);
  }

  /** {@code [broker]} alone as Java admin-client properties. */
  public KafkaProperties.Translation admin() throws ConfigException {
    return client(ClientRole.ADMIN);
  }

  /**
   * {@code [broker]} then each of {@code sections} (later wins), translated for {@code role};
   * {@code node_id} is never passed on. Missing sections contribute nothing.
   */
  public KafkaProperties.Translation client(ClientRole role, String... sections)
      throws ConfigException {
    List<Setting> all = new ArrayList<>(settings(BROKER));
    for (String s : sections) {
      all.addAll(settings(s));
    }
    return KafkaProperties.translate(all, role);
  }

  /**
   * The KafkaCrypto node of {@code [kafkacrypto]} (spec §10.3), or empty when the section is
   * absent (no encryption). {@code config_file} wins over {@code node_id}; a leading literal
   * {@code file#} is removed from it (upstream stripped any of those characters).
   *
   * @throws ConfigException if the section names nothing usable; the message lists every place
   *     looked at
   */
  public Optional<KafkaCryptoNode> kafkaCryptoNode(ConfigDirs dirs) throws ConfigException {
    if (!hasSection(KAFKACRYPTO)) {
      return Optional.empty();
    }
    Optional<String> configFile = ownValue("config_file");
    Optional<String> nodeId = ownValue("node_id");
    LinkedHashSet<Path> tried = new LinkedHashSet<>();
    if (configFile.isPresent()) {
      String v = configFile.get();
      if (v.startsWith("file#")) {
        v = v.substring("file#".length());
      }
      Path p = path(v, "config_file");
      if (p.isAbsolute()) {
        tried.add(p.normalize());
      } else {
        tried.add(dirs.workingDir().resolve(p).normalize());
        tried.add(file.getParent().resolve(p).normalize());
      }
      for (Path t : tried) {
        if (Files.isRegularFile(t)) {
          String name = t.getFileName().toString();
          String id = name.endsWith(".config") ? name.substring(0, name.length() - 7) : name;
          return Optional.of(new KafkaCryptoNode(id, t));
        }
      }
      throw error("config_file", "the KafkaCrypto config file was not found (looked for "
          + list(tried) + ")");
    }
    if (nodeId.isEmpty()) {
      throw ConfigException.at(file.toString(), 0, KAFKACRYPTO, null,
          "needs node_id (a node folder made by ProvisionNode) or config_file");
    }
    String id = nodeId.get().strip();
    if (id.isEmpty() || id.equals(".") || id.equals("..") || id.contains("/")
        || id.contains("\\") || id.indexOf('\0') >= 0) {
      throw error("node_id", "not a valid node id");
    }
    for (Path d : dirs.searchDirs()) {
      tried.add(d.resolve(id).resolve(id + ".config"));
    }
    tried.add(file.getParent().resolve(id).resolve(id + ".config"));
    tried.add(dirs.workingDir().resolve(id).resolve(id + ".config"));
    for (Path t : tried) {
      if (Files.isRegularFile(t)) {
        return Optional.of(new KafkaCryptoNode(id, t.normalize()));
      }
    }
    throw error("node_id", "no node folder for '" + id + "' (looked for " + list(tried)
        + "; create one with ProvisionNode)");
  }

  private Optional<String> ownValue(String key) throws ConfigException {
    if (ini.raw(KAFKACRYPTO, key).isEmpty()) {
      return Optional.empty();
    }
    return value(KAFKACRYPTO, key);
  }

  private Path path(String v, String key) throws ConfigException {
    try {
      return Path.of(v.strip());
    } catch (InvalidPathException e) {
      throw error(key, "not a valid path: " + e.getReason());
    }
  }

  private ConfigException error(String key, String detail) {
    return ConfigException.at(file.toString(), ini.lineOf(KAFKACRYPTO, key), KAFKACRYPTO, key,
        detail);
  }

  private Setting expand(Setting s) throws ConfigException {
    if (!EnvExpansion.applies(s.value())) {
      return s;
    }
    try {
      return s.withValue(EnvExpansion.expand(s.value(), env));
    } catch (EnvExpansion.UnsetVariableException e) {
      throw s.error(e.getMessage());
    }
  }

  private static String list(Iterable<Path> paths) {
    List<String> s = new ArrayList<>();
    paths.forEach(p -> s.add(p.toString()));
    return String.join(", ", s);
  }

  @Override
  public String toString() {
    return "StreamConfig[" + file + ", sections " + sections() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamConfig c && c.file.equals(file) && c.ini.equals(ini);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, ini);
  }
}
