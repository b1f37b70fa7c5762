package io.msistream.tools.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper's key file: keys and wanted indices survive a reopen, the file is 0600 and shows no
 * key, retention drops old entries, damaged files are refused with an error naming them (and left
 * untouched), a failed write keeps the keys in memory and is retried.
 */
class KeeperStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final KeyIndex KI1 = KeyIndex.ofBytes(filled(1));
  private static final KeyIndex KI2 = KeyIndex.ofBytes(filled(2));
  private static final KeyIndex LEGACY = KeyIndex.legacy(7);

  @TempDir Path tmp;

  private final SecretBytes ek = SecretBytes.copyOf(filled(9));

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-11-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private KeeperStore open(Path file) throws Exception {
    return KeeperStore.open(file, ek, RETENTION, clock, RANDOM);
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  @Test
  void keysAndWantedIndicesSurviveAReopenInAnEncrypted0600File() throws Exception {
    Path file = tmp.resolve("node.keeper");
    try (KeeperStore s = open(file)) {
      assertThat(Files.exists(file)).isFalse();
      assertThat(s.put("openmsitest", KI1, SecretBytes.copyOf(filled(0x41)))).isTrue();
      assertThat(s.put("openmsitest", KI1, SecretBytes.copyOf(filled(0x42)))).isFalse();
      assertThat(s.put("other", LEGACY, SecretBytes.copyOf(filled(0x43)))).isTrue();
      assertThat(s.want("openmsitest", KI2, nowSeconds())).isEqualTo(KeeperStore.Wanted.NEW);
      assertThat(s.want("openmsitest", KI2, nowSeconds())).isEqualTo(KeeperStore.Wanted.KNOWN);
      assertThat(s.want("openmsitest", KI1, nowSeconds())).isEqualTo(KeeperStore.Wanted.KNOWN);
      s.flush();
    }
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    byte[] raw = Files.readAllBytes(file);
    assertThat(indexOf(raw, filled(0x41))).isNegative();
    assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("openmsitest");
    try (KeeperStore s = open(file)) {
      assertThat(s.find("openmsitest", KI1)).get().extracting(SecretBytes::bytes)
          .isEqualTo(filled(0x41)); // the first key is kept
      assertThat(s.find("other", LEGACY)).get().extracting(SecretBytes::bytes)
          .isEqualTo(filled(0x43));
      assertThat(s.find("other", KI1)).isEmpty();
      assertThat(s.wanted()).containsEntry("openmsitest", List.of(KI2));
      assertThat(s.heldPerRoot()).containsEntry("openmsitest", 1).containsEntry("other", 1);
      List<HeldKey> served = s.keysFor("openmsitest", List.of(KI2, KI1, KI1));
      assertThat(served).extracting(HeldKey::keyIndex).containsExactly(KI1);
      served.forEach(HeldKey::close);
      // a key arriving for a wanted index stops it being wanted
      assertThat(s.put("openmsitest", KI2, SecretBytes.copyOf(filled(0x44)))).isTrue();
      assertThat(s.wantedCount()).isZero();
    }
    try (KeeperStore s = open(file)) {
      assertThat(s.heldPerRoot()).containsEntry("openmsitest", 2);
      assertThat(s.wantedCount()).isZero();
    }
  }

  @Test
  void retentionDropsOldKeysAndGivesUpOnOldWantedIndices() throws Exception {
    Path file = tmp.resolve("node.keeper");
    try (KeeperStore s = open(file)) {
      s.put("r", KI1, SecretBytes.copyOf(filled(1)));
      s.want("r", LEGACY, nowSeconds() - Duration.ofDays(27).toSeconds()); // record 27 days old
      clock.now = clock.now.plus(Duration.ofDays(2));
      s.put("r", KI2, SecretBytes.copyOf(filled(2)));
      assertThat(s.prune().any()).isFalse();
      clock.now = clock.now.plus(Duration.ofDays(29));
      KeeperStore.Pruned p = s.prune();
      assertThat(p.held()).isEqualTo(1); // KI1: received 31 days ago
      assertThat(p.wanted()).containsEntry("r", List.of(LEGACY));
      assertThat(s.find("r", KI1)).isEmpty();
      assertThat(s.find("r", KI2)).isPresent();
    }
    try (KeeperStore s = open(file)) { // the pruning was written
      assertThat(s.heldPerRoot()).containsEntry("r", 1);
      assertThat(s.wantedCount()).isZero();
    }
  }

  @Test
  void wantedIndicesPerRootAreBounded() throws Exception {
    try (KeeperStore s = open(tmp.resolve("node.keeper"))) {
      for (int i = 0; i < KeeperStore.MAX_WANTED_PER_ROOT; i++) {
        assertThat(s.want("r", KeyIndex.legacy(i), nowSeconds())).isEqualTo(KeeperStore.Wanted.NEW);
      }
      assertThat(s.want("r", KeyIndex.legacy(-1), nowSeconds())).isEqualTo(KeeperStore.Wanted.FULL);
      assertThat(s.want("other", KeyIndex.legacy(-1), nowSeconds())).isEqualTo(KeeperStore.Wanted.NEW);
    }
  }

  @Test
  void damagedFilesAreRefusedNamingTheFileAndLeftUntouched() throws Exception {
    Path file = tmp.resolve("node.keeper");
    try (KeeperStore s = open(file)) {
      s.put("r", KI1, SecretBytes.copyOf(filled(1)));
    }
    byte[] good = Files.readAllBytes(file);
    byte[] flipped = good.clone();
    flipped[flipped.length - 3] ^= 1;
    List<byte[]> bad = List.of(new byte[0], new byte[10], Arrays.copyOf(good, good.length - 1),
        flipped, sealed(Msgpack.pack(p -> p.packMapHeader(1).packString("pgens").packArrayHeader(0))),
        sealed(Msgpack.pack(p -> p.packString("not a map"))),
        sealed(contentsOfVersion(2)));
    for (byte[] b : bad) {
      Files.write(file, b);
      assertThatThrownBy(() -> open(file)).isInstanceOf(KeeperStoreException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("move it aside")
          .satisfies(e -> assertThat(((KeeperStoreException) e).file()).isEqualTo(file));
      assertThat(Files.readAllBytes(file)).isEqualTo(b);
    }
    Files.write(file, good);
    try (SecretBytes other = SecretBytes.copyOf(filled(8))) {
      assertThatThrownBy(() -> KeeperStore.open(file, other, RETENTION, clock, RANDOM))
          .isInstanceOf(KeeperStoreException.class).hasMessageContaining("storage key");
    }
    Files.delete(file);
    Files.createDirectory(file);
    assertThatThrownBy(() -> open(file)).isInstanceOf(KeeperStoreException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void mutatedContentsSealedWithTheRightKeyRaiseOnlyTheTypedError() throws Exception {
    Path file = tmp.resolve("node.keeper");
    try (KeeperStore s = open(file)) {
      s.put("r", KI1, SecretBytes.copyOf(filled(1)));
      s.put("r2", LEGACY, SecretBytes.copyOf(filled(2)));
      s.want("r", KI2, nowSeconds());
    }
    byte[] wrapped = Files.readAllBytes(file);
    byte[] plain = SecretBox.open(ek.unsafeView(), Arrays.copyOf(wrapped, 24),
        Arrays.copyOfRange(wrapped, 24, wrapped.length));
    Random r = new Random(42);
    int opened = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] m = plain.clone();
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n; k++) {
        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(10) == 0) {
        m = Arrays.copyOf(m, r.nextInt(m.length));
      }
      Files.write(file, sealed(m));
      try (KeeperStore s = open(file)) {
        opened++; // a mutation of a key byte or a time still makes a valid file
      } catch (KeeperStoreException e) {
        assertThat(e.getMessage()).contains(file.toString());
      }
    }
    assertThat(opened).isLessThan(2000);
  }

  @Test
  void aFailedWriteKeepsTheKeysInMemoryAndTheNextChangeWritesThemAll() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("node"));
    Path file = dir.resolve("node.keeper");
    try (KeeperStore s = open(file)) {
      s.put("r", KI1, SecretBytes.copyOf(filled(1)));
      Files.delete(file);
      Files.delete(dir); // writes now fail
      assertThat(s.put("r", KI2, SecretBytes.copyOf(filled(2)))).isTrue();
      assertThat(s.find("r", KI2)).isPresent();
      Files.createDirectory(dir);
      assertThat(s.put("r", LEGACY, SecretBytes.copyOf(filled(3)))).isTrue();
    }
    try (KeeperStore s = open(file)) {
      assertThat(s.heldPerRoot()).containsEntry("r", 3);
    }
  }

  private byte[] sealed(byte[] plain) {
    byte[] nonce = new byte[24];
    RANDOM.nextBytes(nonce);
    byte[] box = SecretBox.seal(ek.unsafeView(), nonce, plain);
    byte[] out = Arrays.copyOf(nonce, 24 + box.length);
    System.arraycopy(box, 0, out, 24, box.length);
    return out;
  }

  private static byte[] contentsOfVersion(int version) {
    return Msgpack.pack(p -> {
      p.packMapHeader(4).packString("format").packString(KeeperStore.FORMAT);
      p.packString("version").packInt(version);
      p.packString("keys").packArrayHeader(0);
      p.packString("wanted").packArrayHeader(0);
    });
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
