package io.msistream.crypto.node;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.ini.Ini;
import io.msistream.crypto.ini.IniDialect;
import io.msistream.crypto.ini.IniException;
import io.msistream.crypto.ini.IniFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KafkaCrypto node {@code <id>.config} (spec 8.1): the INI file read with
 * {@link IniDialect#kafkaCryptoNode()}, plus KafkaCrypto's typed access ({@link ConfigValue}),
 * section naming ({@code N}, {@code N-suffix}), Kafka settings selection and legacy migrations.
 * Immutable: {@link #with} returns a changed copy; {@link #write} replaces the file atomically in
 * the form Python writes ({@code name : value}, comments dropped).
 *
 * <p>Legacy layouts are migrated in memory on load ({@link #migrated()} tells whether the file
 * should be rewritten): {@code [N-crypto] rot}/{@code chainrot} become allowlist items
 * {@code rot0}/{@code chainrot0}, {@code [N-crypto] chain} becomes {@code [N-chains] chain0}, and
 * {@code [N-provisioners]} items become allowlist items {@code provisioners0, 1, ...}.
 */
public final class NodeConfig {
  /** Default {@code maxage} when the config has none or 0 (spec 8.1). */
  public static final double DEFAULT_MAXAGE = 86400;

  private final Ini ini;
  private final String nodeId;
  private final boolean migrated;

  private NodeConfig(Ini ini, String nodeId, boolean migrated) {
    this.ini = ini;
    this.nodeId = nodeId;
    this.migrated = migrated;
  }

  /**
   * Parses config text.
   *
   * @throws NodeFileException on INI errors or when {@code [DEFAULT] node_id} is missing or not
   *     text (Python: "Node ID None not a string or not specified!")
   */
  public static NodeConfig parse(String text, String sourceName) throws NodeFileException {
    try {
      return of(Ini.parse(text, IniDialect.kafkaCryptoNode(), sourceName));
    } catch (IniException e) {
      throw new NodeFileException(sourceName, e.getMessage(), e);
    }
  }

  /** Reads and parses a config file (UTF-8). */
  public static NodeConfig read(Path file) throws NodeFileException {
    try {
      return of(IniFile.read(file, IniDialect.kafkaCryptoNode()));
    } catch (IniException e) {
      throw new NodeFileException(file.toString(), e.getMessage(), e);
    }
  }

  /** A config over an already parsed document (must use the KafkaCrypto dialect). */
  public static NodeConfig of(Ini ini) throws NodeFileException {
    if (ini.dialect() != IniDialect.kafkaCryptoNode()) {
      throw new IllegalArgumentException("a node config must use IniDialect.kafkaCryptoNode()");
    }
    Optional<String> id;
    try {
      id = ini.get("DEFAULT", "node_id");
    } catch (IniException e) {
      throw new NodeFileException(ini.source(), e.getMessage(), e);
    }
    if (id.isEmpty() || !(ConfigValue.decode(id.get()) instanceof ConfigValue.TextValue)
        || id.get().isEmpty()) {
      throw new NodeFileException(ini.source(),
          "[DEFAULT] node_id is missing or not a string (a node id is required)");
    }
    String nodeId = id.get();
    Ini migratedIni = migrate(ini, nodeId);
    return new NodeConfig(migratedIni, nodeId, migratedIni != ini);
  }

  /**
   * A config as KafkaCrypto's simple-provision writes it (spec 8.4), byte for byte: node
   * section with long key indices and the {@code file#} references, the root of trust as
   * {@code rot0}, {@code maxage}, the standard empty Kafka sections, and {@code chain0}.
   *
   * @param caFile the value for {@code [N-kafka] ssl_cafile} (Python writes the system CA bundle)
   */
  public static NodeConfig provisioned(String nodeId, byte[] rootOfTrust, Chain chain0,
      long maxage, String caFile) {
    Ini i = Ini.empty(IniDialect.kafkaCryptoNode(), nodeId + ".config");
    try {
      i = i.withLiteral("DEFAULT", "node_id", nodeId)
          .with(nodeId, "mgmt_long_keyindex", "True")
          .withLiteral(nodeId, "cryptokey", "file#" + nodeId + ".crypto")
          .withLiteral(nodeId, "ratchet", "file#" + nodeId + ".seed")
          .with(nodeId + "-allowlist", "rot0", new ConfigValue.BytesValue(rootOfTrust).encode())
          .withSection(nodeId + "-denylist")
          .with(nodeId + "-crypto", "maxage", Long.toString(maxage))
          .with(nodeId + "-kafka", "bootstrap_servers", "")
          .with(nodeId + "-kafka", "security_protocol", "SSL")
          .withLiteral(nodeId + "-kafka", "ssl_cafile", caFile);
      for (String s : List.of("kafka-consumer", "kafka-producer", "kafka-crypto",
          "kafka-crypto-consumer", "kafka-crypto-producer")) {
        i = i.withSection(nodeId + "-" + s);
      }
      i = i.with(nodeId + "-chains", "chain0", new ConfigValue.BytesValue(chain0.encode()).encode());
    } catch (IniException e) {
      throw new IllegalStateException("fixed provisioning values are always storable", e);
    }
    return new NodeConfig(i, nodeId, false);
  }

  private static Ini migrate(Ini ini, String n) throws NodeFileException {
    Ini out = ini;
    String crypto = n + "-crypto";
    String allow = n + "-allowlist";
    out = move(out, crypto, "rot", allow, "rot0");
    out = move(out, crypto, "chainrot", allow, "chainrot0");
    out = move(out, crypto, "chain", n + "-chains", "chain0");
    String prov = n + "-provisioners";
    if (out.hasSection(prov)) {
      int k = 0;
      for (Map.Entry<String, String> e : out.ownRaw(prov).entrySet()) {
        while (out.ownRaw(allow).containsKey("provisioners" + k)) {
          k++;
        }
        out = rawPut(out, allow, "provisioners" + k, e.getValue());
        k++;
      }
      out = out.withoutSection(prov);
    }
    return out;
  }

  private static Ini move(Ini ini, String fromSection, String fromName, String toSection,
      String toName) throws NodeFileException {
    String v = ini.ownRaw(fromSection).get(fromName);
    if (v == null) {
      return ini;
    }
    Ini out = ini.without(fromSection, fromName);
    if (!out.ownRaw(toSection).containsKey(toName)) {
      out = rawPut(out, toSection, toName, v);
    }
    return out;
  }

  private static Ini rawPut(Ini ini, String section, String name, String raw)
      throws NodeFileException {
    try {
      return ini.with(section, name, raw);
    } catch (IniException e) {
      throw new NodeFileException(ini.source(), e.getMessage(), e);
    }
  }

  /** The node id from {@code [DEFAULT] node_id}. */
  public String nodeId() {
    return nodeId;
  }

  /** The underlying INI document. */
  public Ini ini() {
    return ini;
  }

  /** The file name used in messages. */
  public String source() {
    return ini.source();
  }

  /** True if legacy layouts were migrated on load (the file should be rewritten). */
  public boolean migrated() {
    return migrated;
  }

  /** {@code N} for a null suffix, else {@code N-suffix}. */
  public String sectionName(String suffix) {
    return suffix == null ? nodeId : nodeId + "-" + suffix;
  }

  /**
   * KafkaCrypto's {@code load_value}: the typed value of {@code name} (looked up lower-cased) in
   * section {@code N[-suffix]}, with {@code [DEFAULT]} inheritance; empty if absent.
   *
   * @throws NodeFileException if the value's {@code %} interpolation fails
   */
  public Optional<ConfigValue> value(String suffix, String name) throws NodeFileException {
    try {
      return ini.get(sectionName(suffix), name).map(ConfigValue::decode);
    } catch (IniException e) {
      throw new NodeFileException(source(), e.getMessage(), e);
    }
  }

  /**
   * KafkaCrypto's {@code load_section}: every option of {@code N[-suffix]} by lower-cased name
   * (a later name that folds to the same wins), typed. Without defaults, options whose value equals
   * the {@code [DEFAULT]} value of the same name are left out (as Python does, even if the section
   * sets them itself). Empty if the section does not exist.
   *
   * @throws NodeFileException if any value's interpolation fails
   */
  public Map<String, ConfigValue> section(String suffix, boolean withDefaults)
      throws NodeFileException {
    String s = sectionName(suffix);
    try {
      Map<String, String> items = ini.items(s);
      Map<String, String> defaults = ini.items("DEFAULT");
      LinkedHashMap<String, ConfigValue> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : items.entrySet()) {
        if (!withDefaults && e.getValue().equals(defaults.get(e.getKey()))) {
          continue;
        }
        out.put(e.getKey().toLowerCase(Locale.ROOT), ConfigValue.decode(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    } catch (IniException e) {
      throw new NodeFileException(source(), e.getMessage(), e);
    }
  }

  /**
   * KafkaCrypto's {@code store_value}: this config with {@code name} (lower-cased) in
   * {@code N[-suffix]} set to the value's text (the section is created if missing). Text values
   * are stored so that they read back literally ({@code %} is doubled; Python would refuse a lone
   * {@code %}).
   */
  public NodeConfig with(String suffix, String name, ConfigValue value) {
    if (value instanceof ConfigValue.NoneValue) {
      throw new IllegalArgumentException("None cannot be stored");
    }
    Ini out = ini.withLiteral(sectionName(suffix), name, value.encode());
    return new NodeConfig(out, nodeId, migrated);
  }

  /** This config without {@code name} in {@code N[-suffix]}. */
  public NodeConfig without(String suffix, String name) {
    return new NodeConfig(ini.without(sectionName(suffix), name), nodeId, migrated);
  }

  /** The file text as Python writes it. */
  public String text() {
    return ini.write();
  }

  /** Replaces {@code file} with {@link #text()} atomically (temp file, fsync, move). */
  public void write(Path file) throws NodeFileException {
    try {
      IniFile.writeAtomically(file, ini);
    } catch (IniException e) {
      throw new NodeFileException(file.toString(), e.getMessage(), e);
    }
  }

  /**
   * KafkaCrypto's {@code get_kafka_config(use, extra)} (spec 8.1), in kafka-python names: start
   * from {@code [N-kafka]} (without DEFAULT values), overlay {@code [N-kafka-<use>]}, and with
   * {@code extra} also {@code [N-kafka-<extra>]} and {@code [N-kafka-<extra>-<use>]}. An empty
   * overlay value removes a key that is present (and is kept as empty text otherwise, as in
   * Python). Consumers without {@code group_id} get {@code N.kafkacrypto} (extra {@code crypto})
   * or {@code N}; producers never have one. Unknown names, such as librdkafka dotted names, pass
   * through. Unlike Python, a numeric overlay value for a key already present simply replaces it
   * (Python raises TypeError there).
   *
   * @param extra null or an extra selector, normally {@code "crypto"} for the management clients
   * @return the settings in insertion order
   */
  public Map<String, ConfigValue> kafkaConfig(KafkaUse use, String extra) throws NodeFileException {
    LinkedHashMap<String, ConfigValue> cfg = new LinkedHashMap<>(section("kafka", false));
    List<String> overlays = new ArrayList<>();
    overlays.add("kafka-" + use.suffix());
    if (extra != null) {
      overlays.add("kafka-" + extra);
      overlays.add("kafka-" + extra + "-" + use.suffix());
    }
    for (String o : overlays) {
      for (Map.Entry<String, ConfigValue> e : section(o, false).entrySet()) {
        if (cfg.containsKey(e.getKey()) && isEmpty(e.getValue())) {
          cfg.remove(e.getKey());
        } else {
          cfg.put(e.getKey(), e.getValue());
        }
      }
    }
    if (use == KafkaUse.CONSUMER) {
      cfg.putIfAbsent("group_id",
          new ConfigValue.TextValue("crypto".equals(extra) ? nodeId + ".kafkacrypto" : nodeId));
    } else {
      cfg.remove("group_id");
    }
    return Collections.unmodifiableMap(cfg);
  }

  private static boolean isEmpty(ConfigValue v) {
    return (v instanceof ConfigValue.TextValue t && t.value().isEmpty())
        || (v instanceof ConfigValue.BytesValue b && b.value().length == 0);
  }

  /** The management settings of section {@code N} (spec 8.1 defaults where absent). */
  public ManagementSettings settings() throws NodeFileException {
    return ManagementSettings.from(this);
  }

  /** {@code [N-crypto] maxage} in seconds; 0 or absent gives {@value #DEFAULT_MAXAGE}. */
  public double maxage() throws NodeFileException {
    Optional<ConfigValue> v = value("crypto", "maxage");
    if (v.isEmpty()) {
      return DEFAULT_MAXAGE;
    }
    double d = number(v.get(), sectionName("crypto"), "maxage");
    if (d < 0 || Double.isNaN(d)) {
      throw new NodeFileException(source(), "[" + sectionName("crypto") + "] maxage must not be negative");
    }
    return d == 0 ? DEFAULT_MAXAGE : d;
  }

  double number(ConfigValue v, String section, String name) throws NodeFileException {
    if (v instanceof ConfigValue.IntValue i) {
      return i.value().doubleValue();
    }
    if (v instanceof ConfigValue.FloatValue f) {
      return f.value();
    }
    throw new NodeFileException(source(), "[" + section + "] " + name + " must be a number");
  }

  /** The allowlist entries ({@code [N-allowlist]}), in file order. */
  public List<Certificate> allowlist() throws NodeFileException {
    return certificates("allowlist");
  }

  /** The denylist entries ({@code [N-denylist]}), in file order. */
  public List<Certificate> denylist() throws NodeFileException {
    return certificates("denylist");
  }

  private List<Certificate> certificates(String suffix) throws NodeFileException {
    List<Certificate> out = new ArrayList<>();
    String s = sectionName(suffix);
    for (String name : ini.ownRaw(s).keySet()) {
      byte[] b = bytes(s, name);
      try {
        out.add(Certificate.decode(b, "[" + s + "] " + name));
      } catch (MalformedDataException e) {
        throw new NodeFileException(source(), e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The stored chains by signing-key index ({@code [N-chains] chain<i>}, i = position of the key in
   * the {@code .crypto} file). Other option names in the section are ignored.
   */
  public Map<Integer, Chain> chains() throws NodeFileException {
    TreeMap<Integer, Chain> out = new TreeMap<>();
    String s = sectionName("chains");
    for (String name : ini.ownRaw(s).keySet()) {
      if (!name.matches("chain(0|[1-9][0-9]{0,5})")) {
        continue;
      }
      try {
        out.put(Integer.parseInt(name.substring(5)), Chain.decode(bytes(s, name)));
      } catch (MalformedDataException e) {
        throw new NodeFileException(source(), "[" + s + "] " + name + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private byte[] bytes(String section, String name) throws NodeFileException {
    ConfigValue v = ConfigValue.decode(ini.ownRaw(section).get(name));
    if (v instanceof ConfigValue.BytesValue b) {
      return b.value();
    }
    throw new NodeFileException(source(), "[" + section + "] " + name
        + " must be a base64# value (strict base64)");
  }

  /**
   * A {@code file#} reference of section {@code N} ({@code cryptokey}, {@code ratchet}), resolved
   * against the folder of {@code configFile} — deliberately, unlike Python, which resolves against
   * the process's working directory (OpenMSIStream switches into the node folder to make that
   * work). An absolute path stays absolute. Absent: {@code defaultName} in that folder.
   */
  public Path fileReference(String name, Path configFile, String defaultName)
      throws NodeFileException {
    Path dir = configFile.toAbsolutePath().getParent();
    Optional<ConfigValue> v = value(null, name);
    if (v.isEmpty()) {
      return dir.resolve(defaultName);
    }
    if (!(v.get() instanceof ConfigValue.TextValue t) || !t.value().startsWith("file#")
        || t.value().length() == 5) {
      throw new NodeFileException(source(), "[" + nodeId + "] " + name
          + " must be a file#<path> reference");
    }
    return dir.resolve(t.value().substring(5));
  }

  @Override
  public String toString() {
    return "NodeConfig[" + nodeId + ", " + source() + "]";
  }
}
