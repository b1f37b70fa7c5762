package io.msistream.tools.provision;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node simple-provision made (shared/interop/nodes): the answers it was given and the random
 * values it drew, so that our tool can be run with the same inputs and compared byte for byte.
 */
record PythonNode(String id, int roleChoice, Boolean limited, String topicsAnswer,
    String pathlenAnswer, byte[] nodeSeed, byte[] storageKey, byte[] ratchetSecret, double expiry,
    List<String> certTopics) {

  static final String ROT_PASSWORD = "123456789012";
  static final String PROVISIONING_PASSWORD = "123456";
  /** The ssl_cafile value KafkaCrypto wrote into the shared nodes. */
  static final String PYTHON_CA_FILE = "/usr/lib/ssl/certs/ca-certificates.crt";

  static List<PythonNode> all() {
    JsonValue nodes = SharedVectors.json("nodes/nodes.json");
    if (!nodes.get("rot_password").str().equals(ROT_PASSWORD)
        || !nodes.get("provisioning_password").str().equals(PROVISIONING_PASSWORD)) {
      throw new AssertionError("nodes.json passwords changed");
    }
    List<PythonNode> out = new ArrayList<>();
    for (JsonValue n : nodes.get("nodes").list()) {
      JsonValue a = n.get("provisioning_answers");
      JsonValue leaf = n.get("chain_items").list().get(1);
      List<String> topics = new ArrayList<>();
      for (JsonValue c : leaf.get("poison").list()) {
        if (c.list().get(0).str().equals("topics")) {
          c.list().get(1).list().forEach(t -> topics.add(t.str()));
        }
      }
      byte[] sk = n.get("crypto").get("signing_keys").list().get(0).get("secret_key_hex").hex();
      out.add(new PythonNode(n.get("id").str(), (int) a.get("role_choice").asLong(),
          a.get("limited").isNull() ? null : a.get("limited").asBoolean(),
          a.get("topics_answer").str(), a.get("pathlen_answer").str(), Arrays.copyOf(sk, 32),
          n.get("crypto").get("storage_key_hex").hex(), n.get("seed").get("secret_hex").hex(),
          leaf.get("expiry").asDouble(), List.copyOf(topics)));
    }
    return out;
  }

  static PythonNode named(String id) {
    return all().stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
  }

  Path folder() {
    return SharedVectors.node(id);
  }

  /**
   * The topics answer that gives Python's certificate order (Python's set order is arbitrary):
   * the certificate's root topics, or empty for all topics.
   */
  String topicsInCertOrder() {
    return certTopics.equals(TopicRoots.ALL) ? "" : String.join(" ", certTopics);
  }

  /** The randomness our tool draws, in its order: node key seed, storage key, ratchet secret. */
  ScriptedRandom random() {
    return new ScriptedRandom(nodeSeed, storageKey, ratchetSecret);
  }

  /** The provisioning time that gives Python's certificate expiry. */
  double now() {
    return expiry - io.msistream.crypto.cert.ProvisioningCerts.NODE_CERT_LIFETIME_SECONDS;
  }

  /** A clock whose {@code seconds + nanos / 1e9} is exactly {@link #now()}. */
  Clock clock() {
    double t = now();
    long sec = (long) Math.floor(t);
    long nanos = Math.round((t - sec) * 1e9);
    for (long d = -3; d <= 3; d++) {
      long n = nanos + d;
      if (n >= 0 && n < 1_000_000_000L && sec + n / 1e9 == t) {
        return Clock.fixed(Instant.ofEpochSecond(sec, n), ZoneOffset.UTC);
      }
    }
    throw new AssertionError("no nanosecond instant gives " + t);
  }
}
