package io.msistream.crypto.cert;

import io.msistream.crypto.primitives.Ed25519;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The certificates provisioning writes (spec 5.2, 5.5, 5.6), byte for byte as simple-provision
 * does. Only the bodies and chain assembly are here; prompts and files belong to the
 * provisioning tool.
 */
public final class ProvisioningCerts {
  /** Lifetime simple-provision gives node certificates (and writes as {@code maxage}): 3660 days. */
  public static final long NODE_CERT_LIFETIME_SECONDS = 316224000L;

  private static final String TEMPORARY_ROOT_SEED_HEX =
      "4c194f7de97c67626cc43fbdaf93dffbc4735352b37370072697d44254e1bc6c";

  private ProvisioningCerts() {}

  /**
   * A root of trust's allowlist entry: {@code [0, bin(0x90), pk]} (type 1: bytes
   * {@code 93 00 c4 01 90 c4 20 <pk>}).
   */
  public static byte[] rootOfTrust(PublicKey rootKey) {
    return CertificateBuilder.create().key(rootKey).encode();
  }

  /**
   * The temporary root of trust's signing key, made from a <b>publicly known</b> seed (spec 5.6).
   * Anyone can sign with it: use it only for the insecure bootstrap of unprovisioned nodes, and
   * warn loudly. The caller closes it.
   */
  public static SigningKey temporaryRootKey() {
    byte[] seed = HexFormat.of().parseHex(TEMPORARY_ROOT_SEED_HEX);
    byte[] sk = Ed25519.secretKeyFromSeed(seed);
    try {
      return SigningKey.ed25519(sk);
    } finally {
      java.util.Arrays.fill(sk, (byte) 0);
    }
  }

  /** The {@code temporary} allowlist entry of a new config: {@code [0, pack([["pathlen", 2]]), pk]}. */
  public static byte[] temporaryRootOfTrust() {
    try (SigningKey k = temporaryRootKey()) {
      return CertificateBuilder.create().poison(Poison.of(Poison.pathlen(2))).key(k.publicKey())
          .encode();
    }
  }

  /** A provisioner certificate body: {@code [0, poison(usages), provisioner_pk]}. */
  public static byte[] provisionerBody(NodeRole.ProvisionerClass cls, PublicKey provisionerKey) {
    return CertificateBuilder.create().poison(Poison.of(new Poison.Usages(cls.usages())))
        .key(provisionerKey).encode();
  }

  /**
   * A node certificate body: {@code [expiry (float64), poison, node_pk]} with poison
   * {@code [["usages", U], ["topics", T], ["pathlen", n]]}.
   *
   * @param expiry seconds since the epoch; simple-provision uses {@code now + 316224000}
   * @param topics root topics, in the order to write them ({@code ["^.*$"]} for all topics)
   * @param pathlen the path length, or null to write none (simple-provision's answer -1)
   */
  public static byte[] nodeBody(double expiry, NodeRole role, List<String> topics, Long pathlen,
      PublicKey nodeKey) {
    List<Poison.Constraint> c = new ArrayList<>();
    c.add(new Poison.Usages(role.usages()));
    c.add(new Poison.Topics(Objects.requireNonNull(topics, "topics")));
    if (pathlen != null) {
      c.add(new Poison.Pathlen(pathlen));
    }
    return CertificateBuilder.create().expiresAt(expiry).poison(Poison.of(c)).key(nodeKey).encode();
  }

  /**
   * The chain stored as {@code chain0}: [provisioner cert signed by the root, node cert signed by
   * the provisioner] (the root itself is not in it).
   */
  public static Chain nodeChain(SigningKey root, SigningKey provisioner,
      NodeRole.ProvisionerClass cls, byte[] nodeBody) {
    byte[] prov = root.sign(provisionerBody(cls, provisioner.publicKey()));
    return Chain.of(List.of(prov, provisioner.sign(nodeBody)));
  }
}
