package io.msistream.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.node.Node;
import io.msistream.crypto.primitives.KemKeyPair;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret wrapper's contract (issue 3, API): toString never shows the bytes, close wipes them,
 * the wrapper owns its array; and the objects holding secrets print no key bytes and wipe on close.
 */
class SecretBytesTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;

  private static byte[] key() {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (0xa0 + i);
    }
    return b;
  }

  /** No rendering of {@code secret} (hex either case, decimal list, base 10 bytes) in {@code s}. */
  private static void assertShowsNoBytes(String s, byte[] secret) {
    assertThat(s).doesNotContain(HEX.formatHex(secret))
        .doesNotContainIgnoringCase(HEX.formatHex(secret, 0, 8))
        .doesNotContain(Arrays.toString(secret))
        .doesNotContain(Arrays.toString(Arrays.copyOf(secret, 4)).replace("]", ""));
  }

  @Test
  void toStringShowsTheLengthOnly() {
    byte[] k = key();
    try (SecretBytes s = SecretBytes.copyOf(k)) {
      assertShowsNoBytes(s.toString(), k);
      assertThat(s.toString()).contains("32");
    }
  }

  @Test
  void closeWipesTheOwnedArrayAndLaterAccessFails() {
    byte[] owned = key();
    SecretBytes s = SecretBytes.wrap(owned);
    assertThat(s.isWiped()).isFalse();
    s.close();
    assertThat(s.isWiped()).isTrue();
    assertThat(owned).containsOnly((byte) 0);
    assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::unsafeView).isInstanceOf(IllegalStateException.class);
    assertThat(s.length()).isEqualTo(32);
  }

  @Test
  void copyOfAndBytesCopySoCallersCannotAlterOrKeepTheSecret() {
    byte[] k = key();
    try (SecretBytes s = SecretBytes.copyOf(k)) {
      Arrays.fill(k, (byte) 0);
      assertThat(s.unsafeView()).isEqualTo(key());
      byte[] out = s.bytes();
      Arrays.fill(out, (byte) 1);
      assertThat(s.unsafeView()).isEqualTo(key());
    }
  }

  @Test
  void equalityIsByContentAndTheHashDoesNotDependOnIt() {
    byte[] other = key();
    other[31] ^= 1;
    try (SecretBytes a = SecretBytes.copyOf(key()); SecretBytes b = SecretBytes.copyOf(key());
        SecretBytes c = SecretBytes.copyOf(other)) {
      assertThat(a).isEqualTo(b).isNotEqualTo(c);
      assertThat(a.hashCode()).isEqualTo(c.hashCode());
    }
  }

  @Test
  void keyHoldersPrintNoKeyBytesAndWipeOnClose() throws Exception {
    byte[] k = key();
    RatchetState state = RatchetState.of(7, k);
    assertShowsNoBytes(state.toString(), k);
    state.close();
    assertThatThrownBy(state::secret).as("a closed ratchet state's secret")
        .isInstanceOf(IllegalStateException.class);

    EncryptionKey enc = EncryptionKey.create("openmsitest", KeyIndex.legacy(3), k);
    assertShowsNoBytes(enc.toString(), k);
    enc.close();

    try (KemKeyPair pair = KemKeyPair.of(KemType.X25519, key(), null)) {
      assertShowsNoBytes(pair.toString(), key());
    }

    Path dir = Files.createDirectories(tmp.resolve("oms_producer"));
    for (String ext : new String[] {".config", ".crypto", ".seed"}) {
      Files.copy(SharedVectors.node("oms_producer").resolve("oms_producer" + ext),
          dir.resolve("oms_producer" + ext));
    }
    Node node = Node.load(dir);
    SecretBytes storage = node.storageKey();
    byte[] storageBytes = storage.bytes();
    assertShowsNoBytes(node.toString(), storageBytes);
    assertShowsNoBytes(node.keys().get(0).key().toString(), storageBytes);
    node.close();
    assertThat(storage.isWiped()).as("the node's storage key after close").isTrue();
  }
}
