package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.testing.SharedVectors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** files.json crypto_files: what Python's CryptoKey read and how it rewrote old layouts. */
class CryptoFileVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> files() {
    return SharedVectors.json("files.json").get("crypto_files").list().stream()
        .map(f -> Arguments.of(f.get("name").str(), f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void readsLikePython(String name, JsonValue f) throws Exception {
    byte[] bytes = f.get("file_hex").hex();
    JsonValue parsed = f.get("parsed");
    if (parsed.has("error")) {
      assertThatThrownBy(() -> CryptoFile.parse(bytes, name))
          .isInstanceOf(NodeFileException.class).hasMessageStartingWith(name);
      return;
    }
    try (CryptoFile c = CryptoFile.parse(bytes, name)) {
      List<JsonValue> keys = parsed.get("signing_keys").list();
      assertThat(c.signingKeys()).hasSize(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        SigningKey k = c.signingKeys().get(i);
        assertThat(k.type()).isEqualTo((int) keys.get(i).get("type").asLong());
        assertThat(HEX.formatHex(k.publicKey().byteForm())).isEqualTo(keys.get(i).get("public_key_hex").str());
        assertThat(HEX.formatHex(secretForm(k))).isEqualTo(keys.get(i).get("secret_key_hex").str());
        assertThat(k.toString()).doesNotContain(keys.get(i).get("secret_key_hex").str().substring(0, 64));
      }
      assertThat(HEX.formatHex(c.storageKey().bytes())).isEqualTo(parsed.get("storage_key_hex").str());
      assertThat(c.legacy()).isEqualTo(parsed.get("legacy_flag").asBoolean());
      assertThat(HEX.formatHex(CryptoFile.nodeIdSpk(c.signingKeys())))
          .isEqualTo(parsed.get("node_id_spk_hex").str());
      // Python (with liboqs) keeps unknown numbers such as 9 and treats them as X25519; we drop them
      List<Integer> expected = new ArrayList<>();
      for (JsonValue t : parsed.get("kem_types_usable_by_python").list()) {
        int n = (int) t.asLong();
        if (KemType.forRequestType(n).isPresent()) {
          expected.add(n);
        }
      }
      assertThat(c.kemTypes().stream().map(KemType::requestType).toList()).isEqualTo(expected);
      assertThat(c.needsRewrite()).isEqualTo(f.get("python_rewrote_file").asBoolean());
      byte[] after = f.get("file_after_python_loads_it_from_a_path_hex").hex();
      assertThat(HEX.formatHex(c.needsRewrite() ? c.encode() : bytes)).isEqualTo(HEX.formatHex(after));
      assertThat(c.hadTrailingBytes()).isEqualTo(name.contains("garbage"));
    }
  }

  static byte[] secretForm(SigningKey k) {
    if (k instanceof SigningKey.Ed25519Signing e) {
      return e.secretKey();
    }
    SigningKey.HybridSigning h = (SigningKey.HybridSigning) k;
    byte[] ed = h.ed25519SecretKey();
    byte[] slh = h.slhDsaSecretKey();
    return io.msistream.crypto.msgpack.Msgpack.pack(p -> {
      p.packArrayHeader(2).packInt(4).packArrayHeader(2);
      p.packBinaryHeader(64).writePayload(ed);
      p.packBinaryHeader(64).writePayload(slh);
    });
  }
}
