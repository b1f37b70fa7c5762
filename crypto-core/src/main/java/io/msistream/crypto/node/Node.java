package io.msistream.crypto.node;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.RatchetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded KafkaCrypto node: {@code <id>.config}, {@code <id>.crypto} and {@code <id>.seed}
 * read into one immutable object (spec 8). Loading only reads: it neither advances the ratchet
 * ({@link #startupRatchetStep()} does, once per process start) nor rewrites old file layouts
 * ({@link #cryptoNeedsRewrite()}, {@link NodeConfig#migrated()} say when a rewrite is due).
 *
 * <p>{@code file#} references in the config ({@code cryptokey}, {@code ratchet}) are resolved
 * against the config file's folder, not the working directory as in Python; absent references
 * default to {@code <id>.crypto} and {@code <id>.seed} there.
 *
 * <p>Enabled signing keys: those whose type is listed in {@code [N] keytypes} ({@code 1},
 * {@code 4} or {@code 1,4}), or all keys of the {@code .crypto} file if it is absent. Python
 * generates a missing key of a listed type and rewrites the file; here that is an error
 * (provisioning creates keys, loading never writes).
 *
 * <p>{@link #toString()} shows no secrets; {@link #close()} wipes them.
 */
public final class Node implements AutoCloseable {

  /**
   * An enabled signing key with its chain.
   *
   * @param index the key's position in the {@code .crypto} file ({@code chain<index>})
   * @param chain its chain, empty if the node is unprovisioned for this key
   */
  public record NodeKey(int index, SigningKey key, Chain chain) {}

  private final String id;
  private final Path configFile;
  private final Path cryptoFile;
  private final Path seedFile;
  private final NodeConfig config;
  private final CryptoFile crypto;
  private final List<NodeKey> keys;
  private final byte[] nodeIdSpk;
  private final TrustLists trust;
  private final double maxage;
  private final ManagementSettings settings;

  private Node(Path configFile, Path cryptoFile, Path seedFile, NodeConfig config,
      CryptoFile crypto, List<NodeKey> keys, TrustLists trust, double maxage,
      ManagementSettings settings) {
    this.id = config.nodeId();
    this.configFile = configFile;
    this.cryptoFile = cryptoFile;
    this.seedFile = seedFile;
    this.config = config;
    this.crypto = crypto;
    this.keys = List.copyOf(keys);
    List<SigningKey> sks = new ArrayList<>();
    keys.forEach(k -> sks.add(k.key()));
    this.nodeIdSpk = CryptoFile.nodeIdSpk(sks);
    this.trust = trust;
    this.maxage = maxage;
    this.settings = settings;
  }

  /**
   * Loads the node folder {@code dir}, whose name is the node id: {@code dir/<id>.config} and the
   * files it names. The config's {@code node_id} must equal the folder name.
   */
  public static Node load(Path dir) throws NodeFileException {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new NodeFileException(dir.toString(), "not a node folder");
    }
    String id = name.toString();
    Path config = dir.resolve(id + ".config");
    if (!Files.isRegularFile(config)) {
      throw new NodeFileException(config.toString(), "no such file (a node folder holds <id>/<id>.config)");
    }
    Node n = loadConfig(config);
    if (!n.id.equals(id)) {
      n.close();
      throw new NodeFileException(config.toString(), "node_id '" + n.id
          + "' does not match the folder name '" + id + "'");
    }
    return n;
  }

  /** Loads a node from its config file; the node id comes from {@code [DEFAULT] node_id}. */
  public static Node loadConfig(Path configFile) throws NodeFileException {
    NodeConfig config = NodeConfig.read(configFile);
    String id = config.nodeId();
    Path cryptoPath = config.fileReference("cryptokey", configFile, id + ".crypto");
    Path seedPath = config.fileReference("ratchet", configFile, id + ".seed");
    SeedFile.read(seedPath).close(); // validate only: loading never advances the ratchet
    CryptoFile crypto = NodeFiles.readCrypto(cryptoPath);
    try {
      List<Integer> enabledTypes = keyTypes(config);
      Map<Integer, Chain> chains = config.chains();
      List<NodeKey> keys = new ArrayList<>();
      List<SigningKey> all = crypto.signingKeys();
      for (int i = 0; i < all.size(); i++) {
        if (enabledTypes == null || enabledTypes.contains(all.get(i).type())) {
          keys.add(new NodeKey(i, all.get(i), chains.getOrDefault(i, Chain.empty())));
        }
      }
      if (enabledTypes != null) {
        for (int t : enabledTypes) {
          if (keys.stream().noneMatch(k -> k.key().type() == t)) {
            throw new NodeFileException(cryptoPath.toString(), "key type " + t
                + " is enabled in [" + id + "] keytypes but the key file has no such key");
          }
        }
      }
      if (keys.isEmpty()) {
        throw new NodeFileException(cryptoPath.toString(), "no signing keys");
      }
      TrustLists trust = TrustLists.of(config.allowlist(), config.denylist());
      return new Node(configFile, cryptoPath, seedPath, config, crypto, keys, trust,
          config.maxage(), config.settings());
    } catch (NodeFileException | RuntimeException e) {
      crypto.close();
      throw e;
    }
  }

  /** {@code [N] keytypes} as a list, or null if absent. */
  private static List<Integer> keyTypes(NodeConfig config) throws NodeFileException {
    Optional<ConfigValue> v = config.value(null, "keytypes");
    if (v.isEmpty()) {
      return null;
    }
    String text = v.get() instanceof ConfigValue.IntValue i ? i.value().toString()
        : v.get() instanceof ConfigValue.TextValue t ? t.value() : null;
    List<Integer> out = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        String p = part.strip();
        if (p.equals("1") || p.equals("4")) {
          out.add(Integer.parseInt(p));
        } else {
          out = null;
          break;
        }
      }
    }
    if (out == null || out.isEmpty()) {
      throw new NodeFileException(config.source(), "[" + config.nodeId()
          + "] keytypes must be 1, 4 or 1,4");
    }
    return out;
  }

  /** The node id. */
  public String id() {
    return id;
  }

  public Path configFile() {
    return configFile;
  }

  public Path cryptoFile() {
    return cryptoFile;
  }

  public Path seedFile() {
    return seedFile;
  }

  /** The config as loaded (after in-memory legacy migrations). */
  public NodeConfig config() {
    return config;
  }

  /** The enabled signing keys with their chains, in key-file order. */
  public List<NodeKey> keys() {
    return keys;
  }

  /** The node id bytes: enabled signing public keys' byte forms, concatenated (spec 3.1). */
  public byte[] nodeIdSpk() {
    return nodeIdSpk.clone();
  }

  /** Roots of trust and revoked keys. */
  public TrustLists trust() {
    return trust;
  }

  public List<Certificate> allowlist() {
    return trust.allowlist();
  }

  public List<Certificate> denylist() {
    return trust.denylist();
  }

  /** The usable KEM types in the key file's order. */
  public List<KemType> kemTypes() {
    return crypto.kemTypes();
  }

  /** The {@code .crypto} legacy flag (also send legacy single-key requests). */
  public boolean legacy() {
    return crypto.legacy();
  }

  /** The storage key EK that wraps {@code oldkeys} (owned by this node). */
  public SecretBytes storageKey() {
    return crypto.storageKey();
  }

  /** The key file as read (all keys, types as written, format). */
  public CryptoFile crypto() {
    return crypto;
  }

  /** True if the key file has an old layout that Python would rewrite as version 2. */
  public boolean cryptoNeedsRewrite() {
    return crypto.needsRewrite();
  }

  /** Lifetime of this node's key-exchange messages in seconds ({@code [N-crypto] maxage}). */
  public double maxage() {
    return maxage;
  }

  public ManagementSettings settings() {
    return settings;
  }

  /** {@link NodeConfig#kafkaConfig}: the Kafka client settings in kafka-python names. */
  public Map<String, ConfigValue> kafkaConfig(KafkaUse use, String extra) throws NodeFileException {
    return config.kafkaConfig(use, extra);
  }

  /** The stored production keys ({@code [N-crypto] oldkeys}), opened with the storage key. */
  public List<OldKeys.Pgen> oldKeys() throws NodeFileException {
    String s = config.sectionName("crypto");
    String raw = config.ini().ownRaw(s).get("oldkeys");
    if (raw == null) {
      return List.of();
    }
    if (!(ConfigValue.decode(raw) instanceof ConfigValue.BytesValue b)) {
      throw new NodeFileException(config.source(), "[" + s + "] oldkeys must be a base64# value");
    }
    return OldKeys.unwrap(b.value(), crypto.storageKey(), config.source());
  }

  /**
   * The start-up ratchet step (spec 3.1): rewrites the seed file with the next state and returns
   * the state this process uses. Call once per process start, before producing.
   */
  public RatchetState startupRatchetStep() throws NodeFileException {
    return SeedFile.startupStep(seedFile);
  }

  /** Wipes the secret keys. */
  @Override
  public void close() {
    crypto.close();
  }

  @Override
  public String toString() {
    return "Node[" + id + ", " + keys.size() + " signing key(s), kem " + kemTypes() + "]";
  }
}
