package io.msistream.crypto.conformance;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.record.RootTopic;
import io.msistream.crypto.record.SaltCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code chunks/chunks.json} {@code encrypted_chunk}, the crypto part only: the record key and
 * value that the Python producer encrypted decrypt with the recorded K_R to the chunk's key text
 * and 10-field value bytes, and re-encrypt byte for byte from K_R and their salts. (Chunk framing
 * is OpenMSIStream's and is checked in stream-core.)
 */
final class EncryptedChunkChecker extends VectorFileChecker {

  EncryptedChunkChecker() {
    super("chunks/chunks.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return List.of(run("encrypted_chunk", "", () -> check(dir, doc.get("encrypted_chunk"))));
  }

  private static void check(Path dir, JsonValue c) throws Exception {
    String root = c.get("root").str();
    Check.equal("root of topic", root,
        RootTopic.of(c.get("topic").str(), Vectors.separator(dir, c.opt("producer_node"))));
    KeyIndex ki = Vectors.ki(c.get("ki"));
    byte[] kR = c.get("K_R_hex").hex();
    KeyLookup keys = (r, k) -> r.equals(root) && k.equals(ki) ? Optional.of(SecretBytes.copyOf(kR)) : Optional.empty();

    byte[] key = c.get("plaintext_key_hex").hex();
    Check.equal("key text", c.get("plaintext_key_text").str(), new String(key, StandardCharsets.UTF_8));
    byte[] value = Vectors.bytes(dir, c, "plaintext_value_hex", "plaintext_value_file");
    Check.bytes("plaintext value sha256", c.get("plaintext_value_sha256").hex(), Sha256.hash(value));
    byte[] valueWire = Vectors.bytes(dir, c, "wire_value_hex", "wire_value_file");
    Check.equal("value wire length", c.get("wire_value_length").asLong(), (long) valueWire.length);
    Check.bytes("value wire sha256", c.get("wire_value_sha256").hex(), Sha256.hash(valueWire));

    part("key", c.get("wire_key_hex").hex(), key, c.get("wire_key_salt_hex").hex(), Context.KEY, root, ki, kR, keys);
    part("value", valueWire, value, c.get("wire_value_salt_hex").hex(), Context.VALUE, root, ki, kR, keys);
  }

  private static void part(String what, byte[] wire, byte[] plaintext, byte[] salt, Context ctx, String root,
      KeyIndex ki, byte[] kR, KeyLookup keys) throws Exception {
    DecodeResult r = RecordCodec.decrypt(wire, root, ctx, keys);
    Check.bytes(what + " plaintext", plaintext, Check.instance(DecodeResult.Cleartext.class, r, what).plaintext());
    SaltCounter counter = SaltCounter.startingAt(SaltCounter.valueOf(salt));
    try (EncryptionKey k = EncryptionKey.create(root, ki, kR, counter, counter)) {
      Check.bytes(what + " re-encrypted", wire, k.encrypt(ctx, plaintext));
    }
  }
}
