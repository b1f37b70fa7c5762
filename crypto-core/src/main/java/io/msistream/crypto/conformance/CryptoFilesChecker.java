package io.msistream.crypto.conformance;

import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.CryptoFile;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.primitives.KemType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code files.json} {@code crypto_files}: what Python's {@code CryptoKey} read from each
 * {@code .crypto} file (signing keys, storage key, legacy flag, KEM types, node id), whether it
 * rewrote the file and into which bytes, and which files it refused. KEM type numbers Python keeps
 * without knowing them (it treats e.g. 9 as X25519, QUIRK) are dropped here.
 */
final class CryptoFilesChecker extends VectorFileChecker {

  CryptoFilesChecker() {
    super("files.json");
  }

  @Override
  List<CaseResult> cases(Path dir, JsonValue doc) {
    return each(doc, "crypto_files", CryptoFilesChecker::check);
  }

  private static void check(JsonValue f) throws Exception {
    String name = f.get("name").str();
    byte[] bytes = f.get("file_hex").hex();
    JsonValue parsed = f.get("parsed");
    if (parsed.has("error")) {
      NodeFileException e = Check.raises(NodeFileException.class, () -> CryptoFile.parse(bytes, name).close(),
          "Python refused this file");
      Check.that(e.getMessage().startsWith(name), "error names the file: " + e.getMessage());
      return;
    }
    try (CryptoFile c = CryptoFile.parse(bytes, name)) {
      List<JsonValue> keys = parsed.get("signing_keys").list();
      Check.equal("signing keys", keys.size(), c.signingKeys().size());
      for (int i = 0; i < keys.size(); i++) {
        checkKey(c.signingKeys().get(i), keys.get(i), "signing key " + i);
      }
      Check.bytes("storage key", parsed.get("storage_key_hex").hex(), c.storageKey().unsafeView());
      Check.equal("legacy flag", parsed.get("legacy_flag").asBoolean(), c.legacy());
      Check.bytes("node_id_spk", parsed.get("node_id_spk_hex").hex(), CryptoFile.nodeIdSpk(c.signingKeys()));
      List<Integer> expected = new ArrayList<>();
      for (JsonValue t : parsed.get("kem_types_usable_by_python").list()) {
        if (KemType.forRequestType(t.asLong()).isPresent()) {
          expected.add((int) t.asLong());
        }
      }
      Check.equal("KEM types", expected, c.kemTypes().stream().map(KemType::requestType).toList());
      Check.equal("rewritten on load", f.get("python_rewrote_file").asBoolean(), c.needsRewrite());
      Check.bytes("file after loading", f.get("file_after_python_loads_it_from_a_path_hex").hex(),
          c.needsRewrite() ? c.encode() : bytes);
      // from the bytes, not the case name: a file has trailing bytes if its first value ends early
      Check.equal("trailing bytes noticed", Msgpack.decodePrefix(bytes).length() < bytes.length,
          c.hadTrailingBytes());
    }
  }

  /** A loaded signing key against {@code {type, public_key_hex, secret_key_hex}}. */
  static void checkKey(SigningKey k, JsonValue expected, String what) throws CheckFailure {
    Check.equal(what + " type", expected.get("type").asLong(), (long) k.type());
    Check.bytes(what + " public key", expected.get("public_key_hex").hex(), k.publicKey().byteForm());
    byte[] secret = Vectors.secretForm(k);
    try {
      Check.bytes(what + " secret key", expected.get("secret_key_hex").hex(), secret);
      Check.that(!k.toString().contains(HexFormat.of().formatHex(secret, 0, 32)), what + " toString shows key bytes");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
