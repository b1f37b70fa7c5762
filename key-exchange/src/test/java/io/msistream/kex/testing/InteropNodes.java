package io.msistream.kex.testing;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import io.msistream.kex.protocol.Signer;
import java.util.List;

/**
 * The provisioned interop nodes as {@code nodes/nodes.json} describes them, for protocol tests
 * that need a node's signing key, chain and trust without loading its files.
 */
public final class InteropNodes {
  private InteropNodes() {}

  /** The nodes.json entry of {@code id}. */
  public static JsonValue node(String id) {
    for (JsonValue n : SharedVectors.json("nodes/nodes.json").get("nodes").list()) {
      if (n.get("id").str().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no interop node " + id);
  }

  /** The node's (first) signing key with its chain0. */
  public static Signer signer(String id) throws MalformedDataException {
    JsonValue n = node(id);
    SigningKey k = SigningKey.ed25519(
        n.get("crypto").get("signing_keys").list().get(0).get("secret_key_hex").hex());
    return new Signer(k, Chain.decode(n.get("config").get("chain0_hex").hex()));
  }

  /** A validator trusting the node's rot0 with an empty denylist. */
  public static ChainValidator validator(String id) throws MalformedDataException {
    return ChainValidator.create(TrustLists.of(List.of(rot0(id)), List.of()));
  }

  /** The node's rot0 allowlist entry. */
  public static Certificate rot0(String id) throws MalformedDataException {
    return Certificate.decode(node(id).get("config").get("allowlist_rot0_hex").hex(), "rot0");
  }
}
