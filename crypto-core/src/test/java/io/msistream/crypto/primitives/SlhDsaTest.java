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

/** SLH-DSA-SHAKE-128f and signing key type 4 against the liboqs-made keys in files.json. */
class SlhDsaTest {

  /** The type-4 secret key of files.json: pack([4, [bin(ed sk64), bin(slh sk64)]]) and its public form. */
  private static JsonValue type4Key() {
    for (JsonValue c : SharedVectors.json("files.json").get("crypto_files").list()) {
      if (c.get("parsed").has("signing_keys")) {
        for (JsonValue k : c.get("parsed").get("signing_keys").list()) {
          if (k.get("type").asLong() == 4) {
            return k;
          }
        }
      }
    }
    throw new AssertionError("files.json has no type-4 key");
  }

  @Test
  void liboqsKeyIsRegeneratedFromItsSeedAndItsPublicFormMatches() throws Exception {
    JsonValue k = type4Key();
    List<MpValue> sk = Msgpack.decode(k.get("secret_key_hex").hex()).asArray("sk");
    assertThat(sk.get(0).asLong("type")).isEqualTo(4);
    byte[] edSk = sk.get(1).asArray("keys").get(0).asBin("ed");
    byte[] slhSk = sk.get(1).asArray("keys").get(1).asBin("slh");
    // FIPS 205 keygen from SK.seed || SK.prf || PK.seed must recompute liboqs' PK.root
    assertThat(SlhDsa.secretKeyFromSeed(Arrays.copyOf(slhSk, 48))).isEqualTo(slhSk);
    byte[] pub = Ed25519SlhDsa.encodePublicKey(Ed25519.publicKeyOf(edSk), SlhDsa.publicKeyOf(slhSk));
    assertThat(pub).isEqualTo(k.get("public_key_hex").hex());
  }

  @Test
  void type4SignaturesVerifyAndTamperingFails() throws Exception {
    JsonValue k = type4Key();
    List<MpValue> keys = Msgpack.decode(k.get("secret_key_hex").hex()).asArray("sk").get(1).asArray("keys");
    byte[] edSk = keys.get(0).asBin("ed");
    byte[] slhSk = keys.get(1).asBin("slh");
    byte[] body = "certificate body".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] signed = Ed25519SlhDsa.sign(edSk, slhSk, body);
    assertThat(signed).hasSize(SlhDsa.SIGNATURE_BYTES + 64 + body.length);
    byte[] edPk = Ed25519.publicKeyOf(edSk);
    byte[] slhPk = SlhDsa.publicKeyOf(slhSk);
    assertThat(Ed25519SlhDsa.open(edPk, slhPk, signed)).isEqualTo(body);
    byte[] inner = Arrays.copyOfRange(signed, SlhDsa.SIGNATURE_BYTES, signed.length);
    assertThat(Ed25519.open(edPk, inner)).isEqualTo(body);
    for (int pos : new int[] {0, 5000, SlhDsa.SIGNATURE_BYTES - 1, SlhDsa.SIGNATURE_BYTES + 3, signed.length - 1}) {
      byte[] bad = signed.clone();
      bad[pos] ^= 0x40;
      assertThatThrownBy(() -> Ed25519SlhDsa.open(edPk, slhPk, bad)).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> Ed25519SlhDsa.open(edPk, slhPk, new byte[100])).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void freshKeysSignAndVerify() {
    SecureRandom rnd = new SecureRandom();
    byte[] sk = SlhDsa.generateSecretKey(rnd);
    byte[] msg = new byte[33];
    rnd.nextBytes(msg);
    byte[] sig = SlhDsa.sign(sk, msg, rnd);
    assertThat(SlhDsa.verify(SlhDsa.publicKeyOf(sk), msg, sig)).isTrue();
    assertThat(SlhDsa.sign(sk, msg, null)).isEqualTo(SlhDsa.sign(sk, msg, null));
    msg[0] ^= 1;
    assertThat(SlhDsa.verify(SlhDsa.publicKeyOf(sk), msg, sig)).isFalse();
    assertThat(SlhDsa.verify(new byte[31], msg, sig)).isFalse();
    assertThat(SlhDsa.verify(SlhDsa.publicKeyOf(sk), msg, new byte[10])).isFalse();
  }
}
