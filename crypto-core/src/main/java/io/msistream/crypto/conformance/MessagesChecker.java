package io.msistream.crypto.conformance;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.record.RootTopic;
import io.msistream.crypto.record.SaltCounter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code messages.json}: every data message decrypts with its K_R and is re-encrypted byte for
 * byte from K_R and its salt; every deserializer edge case gets Python's outcome class, with the
 * consumer holding all of {@code keys[]} (less the key of a case that names its own K_R).
 *
 * <p>Where Python's outcome is a bug we decide otherwise (see {@link RecordCodec}): an input that
 * makes Python raise out of its deserializer, and a payload that is not a 3-element array such as
 * {@code three_byte_bin_payload} (Python waits for "key index 97"), are
 * {@link DecodeResult.NeverDecryptable}. A case that decrypts must stop
 * decrypting when its last byte (inside the tag or ciphertext) is flipped.
 */
final class MessagesChecker extends VectorFileChecker {
  private static final String NEVER = "not_cleartext_never_decryptable";

  MessagesChecker() {
    super("messages.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    Map<String, byte[]> keys = new HashMap<>();
    List<CaseResult> out = new ArrayList<>();
    try {
      for (JsonValue k : doc.get("keys").list()) {
        keys.put(k.get("root").str() + "/" + Vectors.ki(k.get("ki")), k.get("K_R_hex").hex());
      }
    } catch (RuntimeException e) {
      out.add(CaseResult.fail(file(), "keys", "", Check.describe(e)));
    }
    out.addAll(each(doc, "messages", m -> message(dir, m, keys)));
    out.addAll(each(doc, "edge_cases", e -> edgeCase(e, keys,
        Vectors.separator(dir, doc.opt("consumer_node")))));
    return out;
  }

  private static KeyLookup lookup(Map<String, byte[]> keys) {
    return (root, ki) -> Optional.ofNullable(keys.get(root + "/" + ki)).map(SecretBytes::copyOf);
  }

  private static void message(Path dir, JsonValue m, Map<String, byte[]> keys) throws Exception {
    byte[] plaintext = Vectors.bytes(dir, m, "plaintext_hex", "plaintext_file");
    byte[] wire = Vectors.bytes(dir, m, "wire_hex", "wire_file");
    if (m.has("plaintext_sha256")) {
      Check.bytes("plaintext_sha256", m.get("plaintext_sha256").hex(), Sha256.hash(plaintext));
    }
    if (m.has("wire_sha256")) {
      Check.bytes("wire_sha256", m.get("wire_sha256").hex(), Sha256.hash(wire));
    }
    String root = m.get("root").str();
    Check.equal("root of topic", root,
        RootTopic.of(m.get("topic").str(), Vectors.separator(dir, m.opt("producer_node"))));
    KeyIndex ki = Vectors.ki(m.get("ki"));
    byte[] kR = m.get("K_R_hex").hex();
    Context ctx = Vectors.context(m.get("context"));

    DecodeResult r = RecordCodec.decrypt(wire, root, ctx, lookup(Map.of(root + "/" + ki, kR)));
    Check.bytes("plaintext", plaintext, Check.instance(DecodeResult.Cleartext.class, r, "own key").plaintext());
    Check.instance(DecodeResult.Cleartext.class, RecordCodec.decrypt(wire, root, ctx, lookup(keys)), "keys[]");

    if (m.opt("wire_reproducible_from_K_R_and_salt").isNull()
        || m.get("wire_reproducible_from_K_R_and_salt").asBoolean()) {
      BigInteger salt = m.get("salt_int").asBigInteger();
      try (EncryptionKey key = EncryptionKey.create(root, ki, kR, SaltCounter.startingAt(salt),
          SaltCounter.startingAt(salt))) {
        Check.bytes("re-encrypted wire", wire, key.encrypt(ctx, plaintext));
      }
      Check.equal("wire length", wire.length, RecordCodec.wireLength(ki, plaintext.length));
    }
  }

  private static void edgeCase(JsonValue e, Map<String, byte[]> keys, String separator) throws Exception {
    String root = RootTopic.of(e.get("topic").str(), separator);
    Context ctx = Vectors.context(e.get("deserializer_context"));
    byte[] wire = e.get("wire_hex").isNull() ? null : e.get("wire_hex").hex();
    String expected = ourOutcome(wire, e.get("python_outcome").get("result").str());
    KeyLookup all = lookup(keys);
    // a case carrying its own K_R is about a key the consumer has not received yet
    KeyIndex hidden = e.has("K_R_hex") ? Vectors.ki(e.get("ki")) : null;
    KeyLookup held = (r, k) -> k.equals(hidden) ? Optional.empty() : all.find(r, k);
    DecodeResult r = RecordCodec.decrypt(wire, root, ctx, held);
    switch (expected) {
      case "null" -> Check.equal("outcome", null, r);
      case "cleartext" -> {
        DecodeResult.Cleartext c = Check.instance(DecodeResult.Cleartext.class, r, "outcome");
        Check.bytes("plaintext", e.get("python_outcome").get("plaintext_hex").hex(), c.plaintext());
        byte[] tampered = wire.clone();
        tampered[tampered.length - 1] ^= 1;
        Check.instance(DecodeResult.PossiblyDecryptable.class,
            RecordCodec.decrypt(tampered, root, ctx, held), "outcome with the last byte flipped");
      }
      case "not_cleartext_possibly_decryptable" -> {
        DecodeResult.PossiblyDecryptable p = Check.instance(DecodeResult.PossiblyDecryptable.class, r, "outcome");
        Check.bytes("raw", wire, p.raw());
        Check.equal("root", root, p.root());
        Check.equal("context", ctx, p.context());
        if (hidden != null) {
          Check.equal("key index", hidden, p.keyIndex());
          DecodeResult later = p.retry(lookup(Map.of(root + "/" + hidden, e.get("K_R_hex").hex())));
          Check.bytes("plaintext after the key arrives", e.get("plaintext_hex").hex(),
              Check.instance(DecodeResult.Cleartext.class, later, "outcome after the key arrives").plaintext());
        }
      }
      case NEVER -> Check.bytes("raw", wire, Check.instance(DecodeResult.NeverDecryptable.class, r, "outcome").raw());
      default -> throw new CheckFailure("Python outcome '" + expected + "' has no decided Java outcome");
    }
  }

  /**
   * Python's outcome class, or the one we chose where Python's is a bug, judged from the bytes
   * (not the case name): whatever made Python raise, and a payload that is msgpack but not a
   * 3-element array (Python's length check lets a 3-byte bin or str through), can never decrypt.
   */
  private static String ourOutcome(byte[] wire, String python) {
    if (python.equals("exception")) {
      return NEVER;
    }
    if (python.equals("not_cleartext_possibly_decryptable") && wire != null && wire.length > 1
        && wire[0] == RecordCodec.MAGIC) {
      try {
        if (!(Msgpack.decode(wire, 1, wire.length - 1) instanceof MpValue.Arr a) || a.items().size() != 3) {
          return NEVER;
        }
      } catch (MalformedDataException notMsgpack) {
        return NEVER;
      }
    }
    return python;
  }
}
