package io.msistream.crypto.conformance;

import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.record.RatchetState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nodes/nodes.json} against the node folders beside it. The root of trust's password must
 * give {@code rot_public_key_hex}; then, per node, the folder loads into a {@link Node} equal to
 * its entry field by field (keys, storage key, KEM types, settings, allowlist, chain items, seed),
 * loading leaves the seed untouched, the chain validates under the node's own trust for each of
 * its role's usages and certificate topics at the run's time, and the chain and the
 * {@code .config} file are rebuilt byte for byte from the passwords in {@code nodes.json}, as
 * simple-provision builds them.
 */
final class NodesChecker extends VectorFileChecker {
  private static final Map<String, NodeRole> ROLES = Map.of(
      "producer", NodeRole.PRODUCER, "consumer", NodeRole.CONSUMER,
      "consumer (limited)", NodeRole.CONSUMER_LIMITED, "controller", NodeRole.CONTROLLER,
      "prodcon", NodeRole.PRODCON, "prodcon (limited)", NodeRole.PRODCON_LIMITED);

  private final double now;

  NodesChecker(double now) {
    super("nodes/nodes.json");
    this.now = now;
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    List<CaseResult> out = new ArrayList<>();
    try (Provisioners provisioners = new Provisioners(doc)) {
      out.add(run("rot_password", "", () -> Check.bytes("root of trust key from rot_password",
          doc.get("rot_public_key_hex").hex(), provisioners.root().publicKey().byteForm())));
      out.addAll(each(doc, "nodes", n -> {
        Path folder = Vectors.resolve(dir, n.get("files").get("config").str()).getParent();
        loaded(folder, n);
        provisioned(folder, n, provisioners);
      }));
    }
    return out;
  }

  private void loaded(Path folder, JsonValue n) throws Exception {
    String id = n.get("id").str();
    byte[] seedBefore = Files.readAllBytes(folder.resolve(id + ".seed"));
    try (Node node = Node.load(folder)) {
      Check.equal("node id", id, node.id());
      JsonValue crypto = n.get("crypto");
      List<JsonValue> keys = crypto.get("signing_keys").list();
      Check.equal("signing keys", keys.size(), node.keys().size());
      for (int i = 0; i < keys.size(); i++) {
        Node.NodeKey k = node.keys().get(i);
        Check.equal("key index", i, k.index());
        CryptoFilesChecker.checkKey(k.key(), keys.get(i), "signing key " + i);
        if (k.key() instanceof SigningKey.Ed25519Signing e) {
          byte[] sk = e.secretKey();
          try {
            Check.bytes("Ed25519 public key from the secret key", keys.get(i).get("public_key_hex").hex(),
                Ed25519.publicKeyOf(sk));
          } finally {
            Arrays.fill(sk, (byte) 0);
          }
        }
      }
      Check.bytes("storage key", crypto.get("storage_key_hex").hex(), node.storageKey().unsafeView());
      Check.equal("legacy flag", crypto.get("legacy_flag").asBoolean(), node.legacy());
      Check.bytes("node_id_spk", crypto.get("node_id_spk_hex").hex(), node.nodeIdSpk());
      List<Long> inFile = new ArrayList<>();
      List<KemType> usable = new ArrayList<>();
      for (JsonValue t : n.get("crypto_file_decoded").get("kem_types_in_file").list()) {
        inFile.add(t.asLong());
        KemType.forRequestType(t.asLong()).ifPresent(usable::add);
      }
      Check.equal("KEM types in the file", inFile, node.crypto().kemTypesInFile());
      Check.equal("usable KEM types", usable, node.kemTypes());
      Check.equal("crypto file needs a rewrite", false, node.cryptoNeedsRewrite());

      JsonValue cfg = n.get("config");
      Check.equal("maxage", cfg.get("maxage").asDouble(), node.maxage());
      Check.equal("mgmt_long_keyindex", cfg.get("mgmt_long_keyindex").asBoolean(), node.settings().mgmtLongKeyindex());
      for (String option : List.of("cryptokey", "ratchet")) {
        Check.equal(option, Optional.of(new ConfigValue.TextValue(cfg.get(option).str())),
            node.config().value(null, option));
      }
      Check.equal("config migrated", false, node.config().migrated());
      Check.equal("allowlist entries", 1, node.allowlist().size());
      Certificate rot0 = node.allowlist().get(0);
      Check.bytes("allowlist rot0", cfg.get("allowlist_rot0_hex").hex(), rot0.encoded());
      Check.equal("rot0 expiry", cfg.get("allowlist_rot0").get("expiry").asDouble(), rot0.expiry());
      Check.equal("rot0 poison", Poison.NONE, rot0.poison());
      Check.bytes("rot0 key", cfg.get("allowlist_rot0").get("public_key_hex").hex(),
          rot0.singleKey().orElseThrow(() -> new CheckFailure("rot0 has no single key")).byteForm());
      Check.equal("denylist entries", 0, node.denylist().size());

      Node.NodeKey key0 = node.keys().get(0);
      Check.bytes("chain0", cfg.get("chain0_hex").hex(), key0.chain().encode());
      List<JsonValue> items = n.get("chain_items").list();
      Check.equal("chain items", items.size(), key0.chain().size());
      for (int i = 0; i < items.size(); i++) {
        JsonValue it = items.get(i);
        Check.bytes("chain item " + i, concat(it.get("signature_hex").hex(), it.get("body_hex").hex()),
            key0.chain().item(i));
        Certificate c = Certificate.decode(it.get("body_hex").hex(), "chain item " + i);
        Check.equal("chain item " + i + " expiry", it.get("expiry").asDouble(), c.expiry());
        Check.bytes("chain item " + i + " poison", it.get("poison_hex").hex(), c.poison().encode());
        Check.bytes("chain item " + i + " key", it.get("public_key_hex").hex(),
            c.singleKey().orElseThrow(() -> new CheckFailure("chain item has no single key")).byteForm());
      }

      NodeRole role = role(n);
      Certificate nodeCert = Certificate.decode(items.get(items.size() - 1).get("body_hex").hex(), "node certificate");
      ChainValidator v = ChainValidator.create(node.trust());
      PublicKey ours = key0.key().publicKey();
      List<String> topics = nodeCert.poison().topics()
          .orElseThrow(() -> new CheckFailure("node certificate has no topics"));
      for (String topic : topics) {
        String wanted = topic.equals(Poison.ANY_TOPIC) ? "any_topic" : topic;
        for (String usage : role.usages()) {
          ValidatedChain r = v.validate(key0.chain(), wanted, usage, now);
          Check.equal("validated key for " + wanted + "/" + usage, Optional.of(ours), r.singleKey());
        }
      }
      try (RatchetState s = SeedFile.read(node.seedFile())) {
        Check.equal("seed keyidx", n.get("seed").get("keyidx").asLong(), s.keyidx());
        Check.bytes("seed secret", n.get("seed").get("secret_hex").hex(), s.secret());
      }
      Check.equal("old keys", 0, node.oldKeys().size());
    }
    Check.bytes("seed file after loading (loading must not step the ratchet)", seedBefore,
        Files.readAllBytes(folder.resolve(id + ".seed")));
  }

  /** The chain and config simple-provision would write for this node, from the passwords. */
  private static void provisioned(Path folder, JsonValue n, Provisioners p) throws Exception {
    String id = n.get("id").str();
    NodeRole role = role(n);
    NodeRole.ProvisionerClass cls = role.provisioner();
    SigningKey prov = p.provisioner(cls);
    List<JsonValue> items = n.get("chain_items").list();
    Check.equal("chain items", 2, items.size());
    Check.bytes("provisioner certificate", items.get(0).get("body_hex").hex(),
        ProvisioningCerts.provisionerBody(cls, prov.publicKey()));
    JsonValue leaf = items.get(1);
    List<String> topics = new ArrayList<>();
    Long pathlen = null;
    for (JsonValue c : leaf.get("poison").list()) {
      switch (c.list().get(0).str()) {
        case "topics" -> topics.addAll(Vectors.strings(c.list().get(1)));
        case "pathlen" -> pathlen = c.list().get(1).asLong();
        default -> { } // usages follow from the role
      }
    }
    byte[] body = ProvisioningCerts.nodeBody(leaf.get("expiry").asDouble(), role, topics, pathlen,
        new PublicKey.Ed25519Key(leaf.get("public_key_hex").hex()));
    Check.bytes("node certificate", leaf.get("body_hex").hex(), body);
    Chain chain = ProvisioningCerts.nodeChain(p.root(), prov, cls, body);
    JsonValue cfg = n.get("config");
    Check.bytes("chain0 from the passwords", cfg.get("chain0_hex").hex(), chain.encode());
    Check.bytes("allowlist rot0 from the password", cfg.get("allowlist_rot0_hex").hex(),
        ProvisioningCerts.rootOfTrust(p.root().publicKey()));

    byte[] file = Files.readAllBytes(folder.resolve(id + ".config"));
    // ssl_cafile is the generating machine's CA bundle path (see the vector README): taken as is
    String caFile = NodeConfig.parse(new String(file, StandardCharsets.UTF_8), id + ".config").ini()
        .raw(id + "-kafka", "ssl_cafile").orElse("");
    NodeConfig c = NodeConfig.provisioned(id, cfg.get("allowlist_rot0_hex").hex(), chain,
        cfg.get("maxage").asLong(), caFile);
    Check.equal(id + ".config as simple-provision writes it", new String(file, StandardCharsets.UTF_8), c.text());
  }

  /**
   * The node's role from simple-provision's answers (role choice 1 controller, 2 producer,
   * 3 consumer, 4 consumer+producer; "limited" for 3 and 4), or from its role label if the
   * answers are not recorded.
   */
  private static NodeRole role(JsonValue n) throws CheckFailure {
    JsonValue answers = n.opt("provisioning_answers");
    if (answers.isObject() && answers.opt("role_choice").isNumber()) {
      boolean limited = !answers.opt("limited").isNull() && answers.get("limited").asBoolean();
      long choice = answers.get("role_choice").asLong();
      NodeRole role = switch ((int) choice) {
        case 1 -> NodeRole.CONTROLLER;
        case 2 -> NodeRole.PRODUCER;
        case 3 -> limited ? NodeRole.CONSUMER_LIMITED : NodeRole.CONSUMER;
        case 4 -> limited ? NodeRole.PRODCON_LIMITED : NodeRole.PRODCON;
        default -> null;
      };
      if (role == null) {
        throw new CheckFailure("unknown role choice " + choice);
      }
      return role;
    }
    NodeRole role = ROLES.get(n.get("role").str());
    if (role == null) {
      throw new CheckFailure("unknown role '" + n.get("role").str() + "'");
    }
    return role;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The root and provisioner signing keys from the passwords in nodes.json, derived once (scrypt). */
  private static final class Provisioners implements AutoCloseable {
    private final JsonValue doc;
    private SigningKey root;
    private final Map<NodeRole.ProvisionerClass, SigningKey> provisioners =
        new EnumMap<>(NodeRole.ProvisionerClass.class);

    Provisioners(JsonValue doc) {
      this.doc = doc;
    }

    SigningKey root() {
      if (root == null) {
        root = owned(PasswordKeys.rootSecretKey(doc.get("rot_password").str()));
      }
      return root;
    }

    SigningKey provisioner(NodeRole.ProvisionerClass cls) {
      byte[] rootPk = root().publicKey().byteForm();
      return provisioners.computeIfAbsent(cls, c -> owned(PasswordKeys.provisionerSecretKey(
          c.passwordName(), rootPk, doc.get("provisioning_password").str())));
    }

    private static SigningKey owned(byte[] secretKey) {
      try {
        return SigningKey.ed25519(secretKey);
      } finally {
        Arrays.fill(secretKey, (byte) 0);
      }
    }

    @Override
    public void close() {
      if (root != null) {
        root.close();
      }
      provisioners.values().forEach(SigningKey::close);
    }
  }
}
