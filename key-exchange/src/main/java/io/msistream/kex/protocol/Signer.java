package io.msistream.kex.protocol;

import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.SigningKey;
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

  /** This signer with another chain. */
  public Signer withChain(Chain c) {
    return new Signer(key, c);
  }

  @Override
  public String toString() {
    return "Signer[" + key.publicKey() + ", " + chain + "]";
  }
}
