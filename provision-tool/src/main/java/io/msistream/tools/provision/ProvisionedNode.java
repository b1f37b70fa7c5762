package io.msistream.tools.provision;

import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.node.CryptoFile;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.NodeFiles;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.record.RatchetState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A node as simple-provision makes it (spec kafkacrypto 5.5, 8.4), in memory: the root of trust
 * and the role's provisioner derived from the passwords, a new {@code .crypto} (one Ed25519 key,
 * a random storage key, legacy off, key-exchange types [5, 2, 1]), a new {@code .seed}
 * {@code [0, random32]}, the chain [provisioner certificate signed by the root, node certificate
 * signed by the provisioner] and the {@code .config} of {@link NodeConfig#provisioned}.
 *
 * <p>Randomness is drawn in a fixed order: the node's Ed25519 seed (32 bytes), the storage key
 * (32), then the initial ratchet secret (32). {@link #close()} wipes the secrets.
 */
public final class ProvisionedNode implements AutoCloseable {
  /** The key-exchange types new nodes offer, in KafkaCrypto's order: [5, 2, 1]. */
  public static final List<KemType> KEM_TYPES =
      List.of(KemType.X25519_MLKEM1024, KemType.X25519_SNTRUP761, KemType.X25519);

  private final Answers answers;
  private final PublicKey rootKey;
  private final Chain chain;
  private final double expiry;
  private final NodeConfig config;
  private final CryptoFile crypto;
  private final RatchetState seed;

  private ProvisionedNode(Answers answers, PublicKey rootKey, Chain chain, double expiry,
      NodeConfig config, CryptoFile crypto, RatchetState seed) {
    this.answers = answers;
    this.rootKey = rootKey;
    this.chain = chain;
    this.expiry = expiry;
    this.config = config;
    this.crypto = crypto;
    this.seed = seed;
  }

  /**
   * Makes a node.
   *
   * @param now seconds since the epoch; the node certificate expires at
   *     {@code now + }{@value ProvisioningCerts#NODE_CERT_LIFETIME_SECONDS} (a float64, as Python)
   * @param caFile the value written as {@code [<id>-kafka] ssl_cafile}
   */
  public static ProvisionedNode create(Answers answers, Passwords passwords, double now,
      SecureRandom random, String caFile) {
    NodeRole role = answers.role();
    NodeRole.ProvisionerClass cls = role.provisioner();
    byte[] rootSk = PasswordKeys.rootSecretKey(passwords.rotText());
    byte[] provSk = null;
    try (SigningKey root = SigningKey.ed25519(rootSk)) {
      provSk = PasswordKeys.provisionerSecretKey(cls.passwordName(), root.publicKey().byteForm(),
          passwords.provisioningText());
      try (SigningKey provisioner = SigningKey.ed25519(provSk)) {
        CryptoFile crypto = CryptoFile.generate(random, List.of(Answers.DEFAULT_KEY_TYPE), KEM_TYPES);
        byte[] s = new byte[32];
        random.nextBytes(s);
        RatchetState seed = RatchetState.of(0, s);
        Arrays.fill(s, (byte) 0);
        double expiry = now + ProvisioningCerts.NODE_CERT_LIFETIME_SECONDS;
        byte[] body = ProvisioningCerts.nodeBody(expiry, role, answers.topics(), answers.pathlen(),
            crypto.signingKeys().get(0).publicKey());
        Chain chain = ProvisioningCerts.nodeChain(root, provisioner, cls, body);
        NodeConfig config = NodeConfig.provisioned(answers.nodeId(),
            ProvisioningCerts.rootOfTrust(root.publicKey()), chain,
            ProvisioningCerts.NODE_CERT_LIFETIME_SECONDS, caFile);
        return new ProvisionedNode(answers, root.publicKey(), chain, expiry, config, crypto, seed);
      }
    } finally {
      Arrays.fill(rootSk, (byte) 0);
      if (provSk != null) {
        Arrays.fill(provSk, (byte) 0);
      }
    }
  }

  /**
   * Writes {@code <id>.config}, {@code <id>.crypto} (0600) and {@code <id>.seed} (0600) into
   * {@code dir}, which must exist (normally a fresh 0700 staging folder).
   */
  public void writeTo(Path dir) throws NodeFileException {
    String id = answers.nodeId();
    config.write(dir.resolve(id + ".config"));
    NodeFiles.writeCrypto(dir.resolve(id + ".crypto"), crypto);
    SeedFile.write(dir.resolve(id + ".seed"), seed);
  }

  public Answers answers() {
    return answers;
  }

  /** The root of trust's public key (the same for everyone using the same ROT password). */
  public PublicKey rootKey() {
    return rootKey;
  }

  /** The stored chain ({@code chain0}). */
  public Chain chain() {
    return chain;
  }

  /** The node certificate's expiry, seconds since the epoch. */
  public double expiry() {
    return expiry;
  }

  public NodeConfig config() {
    return config;
  }

  /** The key file (owned by this object). */
  public CryptoFile crypto() {
    return crypto;
  }

  /** The node's signing public key. */
  public PublicKey nodeKey() {
    return crypto.signingKeys().get(0).publicKey();
  }

  /**
   * The initial ratchet secret in hex: the one-time backup simple-provision prints for producers.
   * Show it to the user once; never log it.
   */
  public String seedBackupHex() {
    byte[] s = seed.secret();
    try {
      return HexFormat.of().formatHex(s);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** Wipes the key file's secrets and the ratchet secret. */
  @Override
  public void close() {
    crypto.close();
    seed.close();
  }

  @Override
  public String toString() {
    return "ProvisionedNode[" + answers.nodeId() + ", " + answers.role() + "]";
  }
}
