package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.testing.SharedVectors;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * messages.json: data messages made by the Python serializers, decrypted and re-encrypted byte for
 * byte, and the deserializer edge cases compared with Python's outcome class.
 *
 * <p>Two edge cases are decided differently from Python on purpose (QUIRK): a 3-byte bin payload
 * (Python: possibly decryptable, it waits for "key index 97") and a 3-entry map (Python: KeyError
 * raised out of the deserializer) are both {@link DecodeResult.NeverDecryptable} here. The short
 * salt QUIRKs (zero-padded) and msgpack str fields decrypt, as in Python.
 */
class MessageVectorsTest {
  private static final JsonValue FILE = SharedVectors.json("messages.json");

  /** Edge cases where we deliberately do better than Python, with our outcome. */
  private static final Map<String, String> DELIBERATE = Map.of(
      "three_byte_bin_payload", "not_cleartext_never_decryptable",
      "map_with_three_entries", "not_cleartext_never_decryptable");

  static Stream<JsonValue> messages() {
    return FILE.get("messages").list().stream();
  }

  static Stream<JsonValue> edgeCases() {
    return FILE.get("edge_cases").list().stream();
  }

  /** Every (root, ki) → K_R of keys[], as a consumer would hold them after a key exchange. */
  private static KeyLookup allKeys() {
    Map<String, byte[]> m = new HashMap<>();
    for (JsonValue k : FILE.get("keys").list()) {
      m.put(k.get("root").str() + "/" + ki(k.get("ki")), k.get("K_R_hex").hex());
    }
    return lookup(m);
  }

  private static KeyLookup lookup(Map<String, byte[]> m) {
    return (root, ki) -> Optional.ofNullable(m.get(root + "/" + ki)).map(SecretBytes::copyOf);
  }

  static KeyIndex ki(JsonValue v) {
    return v.has("bin") ? KeyIndex.ofBytes(v.get("bin").hex()) : new KeyIndex.Int(v.get("int").asBigInteger());
  }

  private static byte[] bytes(JsonValue m, String hexField, String fileField) throws IOException {
    if (m.has(hexField)) {
      return m.get(hexField).hex();
    }
    return Files.readAllBytes(SharedVectors.interop(m.get(fileField).str()));
  }

  private static Context context(String s) {
    return Context.valueOf(s.toUpperCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("messages")
  void decryptsWithItsKeyAndIsReproducedByteForByte(JsonValue m) throws Exception {
    byte[] plaintext = bytes(m, "plaintext_hex", "plaintext_file");
    byte[] wire = bytes(m, "wire_hex", "wire_file");
    if (m.has("plaintext_sha256")) {
      assertThat(HexFormat.of().formatHex(Sha256.hash(plaintext))).isEqualTo(m.get("plaintext_sha256").str());
      assertThat(HexFormat.of().formatHex(Sha256.hash(wire))).isEqualTo(m.get("wire_sha256").str());
    }
    String root = m.get("root").str();
    assertThat(RootTopic.of(m.get("topic").str())).isEqualTo(root);
    KeyIndex ki = ki(m.get("ki"));
    byte[] kR = m.get("K_R_hex").hex();
    Context ctx = context(m.get("context").str());

    DecodeResult r = RecordCodec.decrypt(wire, root, ctx, lookup(Map.of(root + "/" + ki, kR)));
    assertThat(r).isInstanceOf(DecodeResult.Cleartext.class);
    assertThat(((DecodeResult.Cleartext) r).plaintext()).isEqualTo(plaintext);
    assertThat(r.raw()).isSameAs(wire);
    assertThat(RecordCodec.decrypt(wire, root, ctx, allKeys())).isInstanceOf(DecodeResult.Cleartext.class);

    // the legacy message has no flag; every other one is marked reproducible
    if (!m.has("wire_reproducible_from_K_R_and_salt") || m.get("wire_reproducible_from_K_R_and_salt").asBoolean()) {
      BigInteger salt = m.get("salt_int").asBigInteger();
      SaltCounter counter = SaltCounter.startingAt(salt);
      try (EncryptionKey key = EncryptionKey.create(root, ki, kR, counter, SaltCounter.startingAt(salt))) {
        assertThat(key.encrypt(ctx, plaintext)).isEqualTo(wire);
      }
      assertThat(RecordCodec.wireLength(ki, plaintext.length)).isEqualTo(wire.length);
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("edgeCases")
  void edgeCaseOutcomeClassMatchesPythonOrOurDocumentedDecision(JsonValue e) throws Exception {
    String name = e.get("name").str();
    String topic = e.get("topic").str();
    String root = RootTopic.of(topic);
    Context ctx = context(e.get("deserializer_context").str());
    JsonValue python = e.get("python_outcome");
    String expected = DELIBERATE.getOrDefault(name, python.get("result").str());
    KeyLookup keys = allKeys();
    if (e.has("K_R_hex")) {
      // a key the consumer never received: hide it
      KeyIndex hidden = ki(e.get("ki"));
      KeyLookup all = keys;
      keys = (r, k) -> k.equals(hidden) ? Optional.empty() : all.find(r, k);
    }
    byte[] wire = e.get("wire_hex").isNull() ? null : e.get("wire_hex").hex();
    DecodeResult r = RecordCodec.decrypt(wire, root, ctx, keys);

    switch (expected) {
      case "null":
        assertThat(r).as(name).isNull();
        break;
      case "cleartext":
        assertThat(r).as(name).isInstanceOf(DecodeResult.Cleartext.class);
        assertThat(((DecodeResult.Cleartext) r).plaintext()).as(name).isEqualTo(python.get("plaintext_hex").hex());
        break;
      case "not_cleartext_possibly_decryptable": {
        assertThat(r).as(name).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
        DecodeResult.PossiblyDecryptable p = (DecodeResult.PossiblyDecryptable) r;
        assertThat(p.raw()).isEqualTo(wire);
        assertThat(p.root()).isEqualTo(root);
        assertThat(p.context()).isEqualTo(ctx);
        if (e.has("K_R_hex")) {
          assertThat(p.keyIndex()).isEqualTo(ki(e.get("ki")));
          DecodeResult later = p.retry(lookup(Map.of(root + "/" + ki(e.get("ki")), e.get("K_R_hex").hex())));
          assertThat(later).isInstanceOf(DecodeResult.Cleartext.class);
          assertThat(((DecodeResult.Cleartext) later).plaintext()).isEqualTo(e.get("plaintext_hex").hex());
        }
        break;
      }
      case "not_cleartext_never_decryptable":
        assertThat(r).as(name).isInstanceOf(DecodeResult.NeverDecryptable.class);
        assertThat(r.raw()).isEqualTo(wire);
        break;
      default:
        throw new AssertionError(name + ": Python outcome '" + expected + "' has no decided Java outcome");
    }
  }

  @Test
  void quirkThreeByteBinPayloadIsNeverDecryptableWherePythonWaitsForKeyIndex97() {
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("01c403616263"), "openmsitest", Context.VALUE, allKeys()))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("01a3616263"), "openmsitest", Context.VALUE, allKeys()))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
  }

  @Test
  void quirkThreeEntryMapIsNeverDecryptableWherePythonRaisesKeyError() {
    assertThat(RecordCodec.decrypt(HexFormat.of().parseHex("0183a16101a16202a16303"), "openmsitest", Context.VALUE, allKeys()))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
  }

  @Test
  void quirkShortSaltsAreZeroPaddedLikePysodiumAndStillNeedAValidTag() {
    List<JsonValue> cases = FILE.get("edge_cases").list();
    for (JsonValue e : cases) {
      if (e.get("name").str().startsWith("salt_") && !e.get("name").str().equals("salt_17_bytes")) {
        byte[] wire = e.get("wire_hex").hex();
        assertThat(RecordCodec.decrypt(wire, RootTopic.of(e.get("topic").str()), Context.VALUE, allKeys()))
            .as(e.get("name").str()).isInstanceOf(DecodeResult.Cleartext.class);
        wire[wire.length - 1] ^= 1;
        assertThat(RecordCodec.decrypt(wire, RootTopic.of(e.get("topic").str()), Context.VALUE, allKeys()))
            .as(e.get("name").str()).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
      }
    }
  }
}
