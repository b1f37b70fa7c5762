package io.msistream.kex.protocol;

import io.msistream.crypto.cert.CertificateBuilder;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.SigningKey;
import java.util.List;
import java.util.Objects;

/**
 * One of a node's signing keys with the chain that certifies it. A management message signed by
 * it is {@code chain + [key.sign(leaf body)]}.
 *
 * @param key the node's signing key (owned by the node, not closed here)
 * @param chain its chain (may be replaced at run time by the {@code chains} topic)
 */
public record Signer(SigningKey key, Chain chain) {
  public Signer {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chain, "chain");
  }

  /** The message value: this signer's chain with {@code body}, signed, appended. */
  public byte[] sign(byte[] body) {
    return chain.append(key.sign(body)).encode();
  }

  /**
   * The message value for a key-exchange leaf of {@code root} with {@code usages}. A provisioned
   * signer appends the signed leaf to its chain. An unprovisioned one (empty chain) does what
   * Python does (spec 5.6): a one-off chain item signed by the <b>publicly known</b> temporary root
   * key, {@code [expiry, poison(topics [root], usages, pathlen 1), our key]}, then the leaf. Only
   * nodes that keep the {@code temporary} allowlist entry accept it; it is an insecure bootstrap.
   */
  public byte[] sign(String root, List<String> usages, double expiry, byte[] body) {
    if (!chain.isEmpty()) {
      return sign(body);
    }
    byte[] cert = CertificateBuilder.create().expiresAt(expiry)
        .poison(Poison.of(Poison.topics(root), new Poison.Usages(usages), Poison.pathlen(1)))
        .key(key.publicKey()).encode();
    try (SigningKey temporary = ProvisioningCerts.temporaryRootKey()) {
      return Chain.of(List.of(temporary.sign(cert), key.sign(body))).encode();
    }
  }

  /** This signer with another chain. */
  public Signer withChain(Chain c) {
    return new Signer(key, c);
  }

  @Override
  public String toString() {
    return "Signer[" + key.publicKey() + ", " + chain + "]";
  }
}
