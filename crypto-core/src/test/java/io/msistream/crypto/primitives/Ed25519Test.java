package io.msistream.crypto.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.testing.SharedVectors;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final List<JsonValue> NODES = SharedVectors.json("nodes/nodes.json").get("nodes").list();

  @Test
  void everyProvisionedNodeKeyHasItsPublicKeyAsSecondHalf() {
    for (JsonValue n : NODES) {
      String id = n.get("id").str();
      JsonValue key = n.get("crypto").get("signing_keys").list().get(0);
      byte[] sk = key.get("secret_key_hex").hex();
      assertThat(Ed25519.publicKeyOf(sk)).as(id).isEqualTo(key.get("public_key_hex").hex());
      assertThat(Ed25519.secretKeyFromSeed(Arrays.copyOf(sk, 32))).as(id).isEqualTo(sk);
    }
  }

  @Test
  void provisionedChainsOpenWithTheRootThenTheProvisionerKey() throws Exception {
    byte[] rot = SharedVectors.json("nodes/nodes.json").get("rot_public_key_hex").hex();
    for (JsonValue n : NODES) {
      String id = n.get("id").str();
      List<MpValue> items = Msgpack.decode(n.get("config").get("chain0_hex").hex()).asArray("chain");
      byte[] provisionerCert = Ed25519.open(rot, items.get(0).asBin("item 0"));
      byte[] provisionerPk = Msgpack.decode(provisionerCert).asArray("cert").get(2).asBin("pk");
      byte[] nodeCert = Ed25519.open(provisionerPk, items.get(1).asBin("item 1"));
      byte[] nodePk = Msgpack.decode(nodeCert).asArray("cert").get(2).asBin("pk");
      assertThat(nodePk).as(id).isEqualTo(
          n.get("crypto").get("signing_keys").list().get(0).get("public_key_hex").hex());
      assertThat(Ed25519.verify(provisionerPk, items.get(1).asBin("item 1"))).isTrue();
      assertThat(Ed25519.verify(rot, items.get(1).asBin("item 1"))).isFalse();
    }
  }

  @Test
  void tamperedOrShortInputsAreAuthenticationFailures() throws Exception {
    SecureRandom rnd = new SecureRandom();
    byte[] sk = Ed25519.generateSecretKey(rnd);
    byte[] pk = Ed25519.publicKeyOf(sk);
    byte[] msg = new byte[100];
    rnd.nextBytes(msg);
    byte[] signed = Ed25519.sign(sk, msg);
    assertThat(Ed25519.open(pk, signed)).isEqualTo(msg);
    for (int i = 0; i < signed.length; i += 7) {
      byte[] bad = signed.clone();
      bad[i] ^= 1;
      assertThat(Ed25519.verify(pk, bad)).as("bit flip at %d", i).isFalse();
      assertThatThrownBy(() -> Ed25519.open(pk, bad)).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> Ed25519.open(pk, new byte[63])).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> Ed25519.open(new byte[31], signed)).isInstanceOf(AuthenticationException.class);
    assertThat(Ed25519.verify(pk, null)).isFalse();
    byte[] junkKey = new byte[32];
    Arrays.fill(junkKey, (byte) 0xff);
    assertThat(Ed25519.verify(junkKey, signed)).isFalse();
    assertThat(Ed25519.open(pk, Ed25519.sign(sk, new byte[0]))).isEmpty();
  }
}
