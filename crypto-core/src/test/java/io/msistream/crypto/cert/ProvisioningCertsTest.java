package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our provisioning builders reproduce the bytes simple-provision wrote for the shared nodes. */
class ProvisioningCertsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<String, NodeRole> ROLES = Map.of(
      "producer", NodeRole.PRODUCER, "consumer", NodeRole.CONSUMER,
      "consumer (limited)", NodeRole.CONSUMER_LIMITED, "controller", NodeRole.CONTROLLER,
      "prodcon", NodeRole.PRODCON);

  private static JsonValue nodes;
  private static SigningKey rot;

  @BeforeAll
  static void derive() {
    nodes = SharedVectors.json("nodes/nodes.json");
    rot = SigningKey.ed25519(PasswordKeys.rootSecretKey(nodes.get("rot_password").str()));
  }

  @Test
  void rootOfTrustEntryMatchesSpec13_1() {
    byte[] entry = ProvisioningCerts.rootOfTrust(rot.publicKey());
    assertThat(HEX.formatHex(rot.publicKey().byteForm())).isEqualTo(nodes.get("rot_public_key_hex").str());
    assertThat("base64#" + Base64.getEncoder().encodeToString(entry))
        .isEqualTo("base64#kwDEAZDEIJSsMcv3TiBbSTy0svm44g61ZArvCl2M6u+D+LQU9KDD");
    assertThat(HEX.formatHex(entry)).isEqualTo(SharedVectors.json("chains.json").get("rot0_hex").str());
  }

  @Test
  void temporaryRootMatchesPython() {
    assertThat(HEX.formatHex(ProvisioningCerts.temporaryRootOfTrust()))
        .isEqualTo(SharedVectors.json("chains.json").get("temporary_root_hex").str());
    try (SigningKey k = ProvisioningCerts.temporaryRootKey()) {
      assertThat(HEX.formatHex(k.publicKey().byteForm()))
          .isEqualTo("1a13b0aecdd6751c7dfa43e43284326ad01dbc20a8a00b1566092ab0a542620f");
    }
  }

  @Test
  void provisionedChainsAreReproducedByteForByte() throws Exception {
    String password = nodes.get("provisioning_password").str();
    byte[] rotPk = rot.publicKey().byteForm();
    for (JsonValue n : nodes.get("nodes").list()) {
      NodeRole role = ROLES.get(n.get("role").str());
      assertThat(role).as(n.get("role").str()).isNotNull();
      NodeRole.ProvisionerClass cls = role.provisioner();
      SigningKey prov = SigningKey.ed25519(
          PasswordKeys.provisionerSecretKey(cls.passwordName(), rotPk, password));
      List<JsonValue> items = n.get("chain_items").list();
      assertThat(HEX.formatHex(ProvisioningCerts.provisionerBody(cls, prov.publicKey())))
          .isEqualTo(items.get(0).get("body_hex").str());

      JsonValue node = items.get(1);
      List<String> topics = new ArrayList<>();
      Long pathlen = null;
      for (JsonValue c : node.get("poison").list()) {
        if (c.list().get(0).str().equals("topics")) {
          c.list().get(1).list().forEach(t -> topics.add(t.str()));
        } else if (c.list().get(0).str().equals("pathlen")) {
          pathlen = c.list().get(1).asLong();
        }
      }
      PublicKey nodeKey = new PublicKey.Ed25519Key(node.get("public_key_hex").hex());
      byte[] body = ProvisioningCerts.nodeBody(node.get("expiry").asDouble(), role, topics, pathlen, nodeKey);
      assertThat(HEX.formatHex(body)).as(n.get("id").str()).isEqualTo(node.get("body_hex").str());

      Chain chain = ProvisioningCerts.nodeChain(rot, prov, cls, body);
      assertThat(HEX.formatHex(chain.encode())).isEqualTo(n.get("config").get("chain0_hex").str());
      assertThat(n.get("config").get("chain0_hex").str())
          .contains(node.get("signature_hex").str() + node.get("body_hex").str());
      prov.close();
    }
  }

  @Test
  void nodeCertificateLifetimeIsTheSimpleProvisionValue() {
    assertThat(ProvisioningCerts.NODE_CERT_LIFETIME_SECONDS).isEqualTo(3660L * 86400);
  }
}
