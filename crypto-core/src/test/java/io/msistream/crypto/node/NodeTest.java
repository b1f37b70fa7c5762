package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node folders copied to a temporary place: start-up step, key types, file handling. */
class NodeTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;

  private Path copy(String id, String as) throws Exception {
    Path dst = NodeFiles.createNodeDirectory(tmp.resolve(as));
    for (String ext : List.of(".config", ".crypto", ".seed")) {
      Files.copy(SharedVectors.node(id).resolve(id + ext), dst.resolve(id + ext));
    }
    return dst;
  }

  @Test
  void startupStepIsExplicitAndMatchesPython() throws Exception {
    JsonValue seed = SharedVectors.json("files.json").get("seed_files").list().get(0);
    Path dir = copy("oms_producer", "oms_producer");
    assertThat(HEX.formatHex(Files.readAllBytes(dir.resolve("oms_producer.seed"))))
        .isEqualTo(seed.get("file_hex").str());
    try (Node node = Node.load(dir)) {
      assertThat(HEX.formatHex(Files.readAllBytes(node.seedFile()))).isEqualTo(seed.get("file_hex").str());
      try (RatchetState used = node.startupRatchetStep()) {
        assertThat(used.keyidx()).isZero();
      }
      assertThat(HEX.formatHex(Files.readAllBytes(node.seedFile())))
          .isEqualTo(seed.get("file_after_startup_step_hex").str());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.seedFile())))
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }

  @Test
  void folderNameMustMatchNodeId() throws Exception {
    Path dir = copy("oms_consumer", "renamed");
    Files.move(dir.resolve("oms_consumer.config"), dir.resolve("renamed.config"));
    assertThatThrownBy(() -> Node.load(dir)).isInstanceOf(NodeFileException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> Node.load(tmp.resolve("nothing"))).isInstanceOf(NodeFileException.class);
  }

  @Test
  void keyTypesSelectEnabledKeys() throws Exception {
    Path dir = copy("oms_consumer", "oms_consumer");
    Path cfg = dir.resolve("oms_consumer.config");
    NodeConfig c = NodeConfig.read(cfg);
    c.with(null, "keytypes", ConfigValue.IntValue.of(1)).write(cfg);
    try (Node n = Node.load(dir)) {
      assertThat(n.keys()).hasSize(1);
    }
    c.with(null, "keytypes", new ConfigValue.TextValue("1,4")).write(cfg);
    assertThatThrownBy(() -> Node.load(dir)).isInstanceOf(NodeFileException.class)
        .hasMessageContaining("key type 4");
    c.with(null, "keytypes", new ConfigValue.TextValue("2")).write(cfg);
    assertThatThrownBy(() -> Node.load(dir)).isInstanceOf(NodeFileException.class)
        .hasMessageContaining("keytypes");
  }

  @Test
  void twoKeyNodeIdConcatenatesEnabledKeys() throws Exception {
    JsonValue two = SharedVectors.json("files.json").get("crypto_files").list().stream()
        .filter(f -> f.get("name").str().equals("v2_two_signing_keys")).findFirst().orElseThrow();
    Path dir = copy("oms_consumer", "oms_consumer");
    Files.write(dir.resolve("oms_consumer.crypto"), two.get("file_hex").hex());
    try (Node n = Node.load(dir)) {
      assertThat(n.keys()).hasSize(2);
      assertThat(n.keys().get(1).chain().isEmpty()).isTrue();
      assertThat(HEX.formatHex(n.nodeIdSpk())).isEqualTo(two.get("parsed").get("node_id_spk_hex").str());
    }
    NodeConfig.read(dir.resolve("oms_consumer.config"))
        .with(null, "keytypes", ConfigValue.IntValue.of(4)).write(dir.resolve("oms_consumer.config"));
    try (Node n = Node.load(dir)) {
      assertThat(n.keys()).singleElement().satisfies(k -> assertThat(k.index()).isEqualTo(1));
      assertThat(HEX.formatHex(n.nodeIdSpk())).isEqualTo(two.get("parsed").get("signing_keys")
          .list().get(1).get("public_key_hex").str());
    }
  }

  @Test
  void oldKeysStoredInTheConfigOpenWithTheNodesStorageKey() throws Exception {
    Path dir = copy("oms_producer", "oms_producer");
    Path cfg = dir.resolve("oms_producer.config");
    byte[] kr = new byte[32];
    kr[0] = 9;
    try (Node n = Node.load(dir)) {
      byte[] wrapped = OldKeys.wrap(List.of(new OldKeys.Pgen("openmsitest",
          KeyIndex.ofBytes(new byte[32]), SecretBytes.copyOf(kr), 1.5)), n.storageKey(), new SecureRandom());
      n.config().with("crypto", "oldkeys", new ConfigValue.BytesValue(wrapped)).write(cfg);
    }
    try (Node n = Node.load(dir)) {
      List<OldKeys.Pgen> keys = n.oldKeys();
      assertThat(keys).singleElement().satisfies(p -> assertThat(p.rootKey().bytes()).isEqualTo(kr));
    }
  }

  @Test
  void cryptoFilesAreWrittenOwnerOnlyAndOldLayoutsRewrittenAsV2() throws Exception {
    SecureRandom r = new SecureRandom();
    Path f = tmp.resolve("n.crypto");
    try (CryptoFile c = CryptoFile.generate(r, List.of(1, 4),
        List.of(KemType.X25519_MLKEM1024, KemType.X25519_SNTRUP761, KemType.X25519))) {
      NodeFiles.writeCrypto(f, c);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
      try (CryptoFile back = NodeFiles.readCrypto(f)) {
        assertThat(back.format()).isEqualTo(CryptoFile.Format.V2);
        assertThat(back.kemTypesInFile()).containsExactly(5L, 2L, 1L);
        assertThat(back.legacy()).isFalse();
        assertThat(back.signingKeys()).extracting(k -> k.type()).containsExactly(1, 4);
        assertThat(back.signingKeys().get(1).publicKey()).isEqualTo(c.signingKeys().get(1).publicKey());
        assertThat(back.storageKey()).isEqualTo(c.storageKey());
      }
    }
    JsonValue v1 = SharedVectors.json("files.json").get("crypto_files").list().stream()
        .filter(x -> x.get("name").str().equals("v1")).findFirst().orElseThrow();
    try (CryptoFile old = CryptoFile.parse(v1.get("file_hex").hex(), "v1")) {
      NodeFiles.writeCrypto(f, old);
    }
    assertThat(HEX.formatHex(Files.readAllBytes(f)))
        .isEqualTo(v1.get("file_after_python_loads_it_from_a_path_hex").str());
    try (var s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void corruptedPublicHalfIsRefused() {
    byte[] file = HEX.parseHex(SharedVectors.json("nodes/nodes.json").get("nodes").list().get(0)
        .get("crypto_file_hex").str());
    file[5 + 40] ^= 1; // inside the stored public half of the first secret key
    assertThatThrownBy(() -> CryptoFile.parse(file, "bad.crypto")).isInstanceOf(NodeFileException.class)
        .hasMessageContaining("public half");
  }
}
