package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.Ed25519SlhDsa;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.testing.SharedVectors;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of derivation.json: K_R, both key index forms, the ratchet step and message keys. */
class DerivationVectorsTest {

  static Stream<JsonValue> cases() {
    return SharedVectors.json("derivation.json").get("cases").list().stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void derivesEverything(JsonValue c) throws Exception {
    String root = c.get("root").str();
    long keyidx = c.get("keyidx").asLong();
    byte[] nodeIdSpk = nodeIdSpk(c);
    assertThat(nodeIdSpk).isEqualTo(c.get("node_id_spk_hex").hex());
    try (RatchetState state = RatchetState.of(keyidx, c.get("seed_secret_hex").hex())) {
      assertThat(Sha256.hash(root.getBytes(StandardCharsets.UTF_8))).isEqualTo(c.get("root_sha256_hex").hex());
      byte[] kR;
      try (SecretBytes k = state.rootKey(root)) {
        kR = k.bytes();
      }
      assertThat(kR).isEqualTo(c.get("K_R_hex").hex());

      KeyIndex longKi = state.keyIndex(nodeIdSpk, true);
      assertThat(longKi).isEqualTo(KeyIndex.ofBytes(c.get("ki_long_hex").hex()));
      assertThat(longKi.encode()).isEqualTo(bin(c.get("ki_long_hex").hex()));
      KeyIndex legacy = state.keyIndex(nodeIdSpk, false);
      assertThat(legacy).isEqualTo(new KeyIndex.Int(BigInteger.valueOf(c.get("ki_legacy_int").asLong())));
      assertThat(KeyIndex.of(Msgpack.decode(legacy.encode()))).isEqualTo(legacy);

      // the .seed file bytes are pack([keyidx, bin(S)]) before and after the start-up step
      assertThat(seedFile(state)).isEqualTo(c.get("seed_file_before_hex").hex());
      try (RatchetState next = state.next()) {
        assertThat(next.keyidx()).isEqualTo(c.get("next_ratchet_keyidx").asLong());
        assertThat(next.secret()).isEqualTo(c.get("next_ratchet_secret_hex").hex());
        assertThat(seedFile(next)).isEqualTo(c.get("seed_file_after_startup_step_hex").hex());
      }

      for (Context ctx : Context.values()) {
        for (JsonValue m : c.get("per_message").get(ctx.name().toLowerCase(Locale.ROOT)).list()) {
          byte[] salt = SaltCounter.toBytes(m.get("salt_int").asBigInteger());
          assertThat(salt).isEqualTo(m.get("salt_hex").hex());
          assertThat(SaltCounter.valueOf(salt)).isEqualTo(m.get("salt_int").asBigInteger());
          byte[] kn = KafkaCryptoKdf.messageKeyAndNonce(kR, salt, ctx);
          assertThat(Arrays.copyOf(kn, 32)).isEqualTo(m.get("message_key_hex").hex());
          assertThat(Arrays.copyOfRange(kn, 32, 56)).isEqualTo(m.get("nonce_hex").hex());
        }
      }
      SaltCounter fresh = SaltCounter.create();
      for (JsonValue m : c.get("value_generator_first_three_default_calls").list()) {
        byte[] salt = fresh.next();
        assertThat(salt).isEqualTo(m.get("salt_hex").hex());
        byte[] kn = KafkaCryptoKdf.messageKeyAndNonce(kR, salt, Context.VALUE);
        assertThat(Arrays.copyOf(kn, 32)).isEqualTo(m.get("message_key_hex").hex());
        assertThat(Arrays.copyOfRange(kn, 32, 56)).isEqualTo(m.get("nonce_hex").hex());
      }
    }
  }

  /** Concatenation of the keys' byte forms; a type-4 part is rebuilt from its two public keys. */
  private static byte[] nodeIdSpk(JsonValue c) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonValue part : c.get("node_id_spk_parts").list()) {
      byte[] form = part.get("hex").hex();
      if (part.get("type").asLong() == 4) {
        List<MpValue> keys = Msgpack.decode(form).asArray("type 4").get(1).asArray("keys");
        form = Ed25519SlhDsa.encodePublicKey(keys.get(0).asBin("ed"), keys.get(1).asBin("slh"));
      }
      out.write(form);
    }
    return out.toByteArray();
  }

  private static byte[] seedFile(RatchetState s) {
    byte[] secret = s.secret();
    return Msgpack.pack(p -> {
      p.packArrayHeader(2).packLong(s.keyidx());
      p.packBinaryHeader(32).writePayload(secret);
    });
  }

  private static byte[] bin(byte[] b) {
    return Msgpack.pack(p -> p.packBinaryHeader(b.length).writePayload(b));
  }
}
