package io.msistream.crypto.conformance;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.Ed25519SlhDsa;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.record.SaltCounter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code derivation.json}: for each (S, keyidx, node id, root), K_R, both key index forms, the
 * {@code .seed} bytes before and after the start-up ratchet step, and every per-message key and
 * nonce.
 */
final class DerivationChecker extends VectorFileChecker {

  DerivationChecker() {
    super("derivation.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return each(doc, "cases", DerivationChecker::check);
  }

  private static void check(JsonValue c) throws Exception {
    String root = c.get("root").str();
    byte[] nodeIdSpk = nodeIdSpk(c);
    Check.bytes("node_id_spk from its parts", c.get("node_id_spk_hex").hex(), nodeIdSpk);
    Check.bytes("root_sha256", c.get("root_sha256_hex").hex(), Sha256.hash(root.getBytes(StandardCharsets.UTF_8)));
    try (RatchetState state = RatchetState.of(c.get("keyidx").asLong(), c.get("seed_secret_hex").hex());
        SecretBytes kR = state.rootKey(root)) {
      Check.bytes("K_R", c.get("K_R_hex").hex(), kR.unsafeView());
      KeyIndex longKi = state.keyIndex(nodeIdSpk, true);
      Check.equal("ki_long", KeyIndex.ofBytes(c.get("ki_long_hex").hex()), longKi);
      byte[] kiLong = c.get("ki_long_hex").hex();
      Check.bytes("ki_long encoding", Msgpack.pack(p -> p.packBinaryHeader(kiLong.length).writePayload(kiLong)),
          longKi.encode());
      KeyIndex legacy = state.keyIndex(nodeIdSpk, false);
      Check.equal("ki_legacy_int", new KeyIndex.Int(c.get("ki_legacy_int").asBigInteger()), legacy);
      Check.equal("ki_legacy round trip", legacy, KeyIndex.of(Msgpack.decode(legacy.encode())));

      Check.bytes("seed_file_before", c.get("seed_file_before_hex").hex(), SeedFile.encode(state));
      try (RatchetState next = state.next()) {
        Check.equal("next_ratchet_keyidx", c.get("next_ratchet_keyidx").asLong(), next.keyidx());
        Check.bytes("next_ratchet_secret", c.get("next_ratchet_secret_hex").hex(), next.secret());
        Check.bytes("seed_file_after_startup_step", c.get("seed_file_after_startup_step_hex").hex(),
            SeedFile.encode(next));
      }

      for (Context ctx : Context.values()) {
        String member = ctx.name().toLowerCase(Locale.ROOT);
        for (JsonValue m : c.get("per_message").get(member).list()) {
          byte[] salt = SaltCounter.toBytes(m.get("salt_int").asBigInteger());
          Check.bytes(m.path() + ".salt", m.get("salt_hex").hex(), salt);
          Check.equal(m.path() + ".salt_int", m.get("salt_int").asBigInteger(), SaltCounter.valueOf(salt));
          checkKeyAndNonce(m, KafkaCryptoKdf.messageKeyAndNonce(kR.unsafeView(), salt, ctx));
        }
      }
      SaltCounter fresh = SaltCounter.create();
      for (JsonValue m : c.get("value_generator_first_three_default_calls").list()) {
        byte[] salt = fresh.next();
        Check.bytes(m.path() + ".salt", m.get("salt_hex").hex(), salt);
        checkKeyAndNonce(m, KafkaCryptoKdf.messageKeyAndNonce(kR.unsafeView(), salt, Context.VALUE));
      }
    }
  }

  private static void checkKeyAndNonce(JsonValue m, byte[] keyAndNonce) throws CheckFailure {
    try {
      Check.bytes(m.path() + ".message_key", m.get("message_key_hex").hex(), Arrays.copyOf(keyAndNonce, 32));
      Check.bytes(m.path() + ".nonce", m.get("nonce_hex").hex(), Arrays.copyOfRange(keyAndNonce, 32, 56));
    } finally {
      Arrays.fill(keyAndNonce, (byte) 0);
    }
  }

  /** The keys' byte forms concatenated; a type-4 part is re-encoded from its two public keys. */
  private static byte[] nodeIdSpk(JsonValue c) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonValue part : c.get("node_id_spk_parts").list()) {
      byte[] form = part.get("hex").hex();
      if (part.get("type").asLong() == Ed25519SlhDsa.TYPE) {
        List<MpValue> keys = Msgpack.decode(form).asArray("type 4").get(1).asArray("keys");
        form = Ed25519SlhDsa.encodePublicKey(keys.get(0).asBin("ed"), keys.get(1).asBin("slh"));
      }
      out.write(form);
    }
    return out.toByteArray();
  }
}
