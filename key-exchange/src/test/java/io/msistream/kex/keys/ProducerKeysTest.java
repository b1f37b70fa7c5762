package io.msistream.kex.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.OldKeys.Pgen;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.record.RecordCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Producer keys: derivation, persistence before use, ratchet steps, rollback, pruning, serving. */
class ProducerKeysTest {
  private static final byte[] SPK = new byte[32];
  private static final byte[] S = new byte[32];
  private static final Duration WEEK = Duration.ofDays(7);

  static {
    for (int i = 0; i < 32; i++) {
      S[i] = (byte) i;
      SPK[i] = (byte) (32 + i);
    }
  }

  /** Records what would be written. */
  static final class Files implements ProducerKeys.Files {
    final List<Long> seeds = new ArrayList<>();
    final List<List<String>> oldkeys = new ArrayList<>();
    boolean fail;

    @Override
    public void writeSeed(RatchetState next) {
      seeds.add(next.keyidx());
    }

    @Override
    public void writeOldKeys(List<Pgen> keys) throws NodeFileException {
      if (fail) {
        throw new NodeFileException("x.config", "disk full");
      }
      oldkeys.add(keys.stream().map(g -> g.root() + "@" + g.ki()).toList());
    }
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aRootsKeyIsTheSpecDerivationAndIsPersistedBeforeUse() throws Exception {
    Files files = new Files();
    List<String> created = new ArrayList<>();
    try (ProducerKeys p = ProducerKeys.start(RatchetState.of(0, S), List.of(), SPK, true, WEEK,
        files, Clock.systemUTC())) {
      p.onKeyCreated((root, ki) -> created.add(root));
      EncryptionKey k = p.keyFor("openmsitest");
      // spec 13.2: S = 00..1f, keyidx 0, node key 20..3f
      assertThat(k.keyIndex()).isEqualTo(KeyIndex.ofBytes(java.util.HexFormat.of().parseHex(
          "cd7c57ad56979602014d26d02011093d8efd03984862e03e065ce0f8d6395a8a")));
      try (SecretBytes kR = k.rootKey()) {
        assertThat(java.util.HexFormat.of().formatHex(kR.bytes()))
            .isEqualTo("582cfda4cc20de5aafdffc11a0cba6db4233b0d0187ce6bb4636bd92b87b5ee2");
      }
      assertThat(p.keyFor("openmsitest")).isSameAs(k);
      assertThat(p.keyFor("openmsitest.sub".split("\\.")[0])).isSameAs(k);
      assertThat(files.oldkeys).hasSize(1);
      assertThat(created).containsExactly("openmsitest");
      p.keyFor("other");
      assertThat(files.oldkeys.get(1)).hasSize(2);
      assertThat(p.roots()).containsExactly("openmsitest", "other");
      assertThat(p.created()).hasSize(2).containsOnly(k.keyIndex()); // one ratchet state, one index
    }
  }

  @Test
  void aKeyThatCannotBePersistedIsNotHandedOut() throws Exception {
    Files files = new Files();
    files.fail = true;
    try (ProducerKeys p = ProducerKeys.start(RatchetState.of(0, S), List.of(), SPK, true, WEEK,
        files, Clock.systemUTC())) {
      assertThatThrownBy(() -> p.keyFor("openmsitest")).isInstanceOf(NodeFileException.class)
          .hasMessageContaining("disk full");
      assertThat(p.keysFor("openmsitest", List.of(KeyIndex.hashed(SPK, 0)))).isEmpty();
      files.fail = false;
      assertThat(p.keyFor("openmsitest").keyIndex()).isEqualTo(KeyIndex.hashed(SPK, 0));
    }
  }

  @Test
  void aRatchetStepGivesNewKeysAndKeepsServingTheOldOnes() throws Exception {
    Files files = new Files();
    MutableClock clock = new MutableClock();
    try (ProducerKeys p = ProducerKeys.start(RatchetState.of(5, S), List.of(), SPK, true, WEEK,
        files, clock)) {
      EncryptionKey k5 = p.keyFor("r");
      byte[] wire = k5.encrypt(Context.VALUE, "old".getBytes());
      p.ratchet();
      assertThat(files.seeds).containsExactly(7L); // the file holds the state after the current one
      assertThat(p.keyidx()).isEqualTo(6);
      EncryptionKey k6 = p.keyFor("r");
      assertThat(k6.keyIndex()).isEqualTo(KeyIndex.hashed(SPK, 6)).isNotEqualTo(k5.keyIndex());
      // the old key still encrypts for a thread that holds it, and is still served and found
      assertThat(k5.encrypt(Context.VALUE, new byte[1])).isNotEmpty();
      List<HeldKey> held = p.keysFor("r", List.of(k6.keyIndex(), KeyIndex.ofBytes(new byte[32]),
          k5.keyIndex(), k5.keyIndex()));
      assertThat(held).extracting(HeldKey::keyIndex).containsExactly(k6.keyIndex(), k5.keyIndex());
      held.forEach(HeldKey::close);
      DecodeResult r = RecordCodec.decrypt(wire, "r", Context.VALUE, p);
      assertThat(r).isInstanceOf(DecodeResult.Cleartext.class);
      assertThat(p.keysFor("other", List.of(k5.keyIndex()))).isEmpty();
      // a week later the first key is pruned at the next step
      clock.now = clock.now.plus(Duration.ofDays(7)).plusSeconds(1);
      p.ratchet();
      assertThat(p.keysFor("r", List.of(k5.keyIndex()))).isEmpty();
    }
  }

  @Test
  void aRolledBackSeedStepsPastEveryIndexUsedBefore() throws Exception {
    Files files = new Files();
    List<Pgen> stored = new ArrayList<>();
    double now = System.currentTimeMillis() / 1000.0;
    for (long idx = 3; idx <= 5; idx++) {
      try (RatchetState st = stateAt(idx); SecretBytes k = st.rootKey("r")) {
        stored.add(new Pgen("r", KeyIndex.hashed(SPK, idx), SecretBytes.copyOf(k.unsafeView()), now - 60));
      }
    }
    try (ProducerKeys p = ProducerKeys.start(stateAt(3), stored, SPK, true, WEEK, files,
        Clock.systemUTC())) {
      // root r used indices 3, 4, 5 in earlier runs: skip to 6 at once (Python stays stuck, pitfall 15)
      assertThat(p.keyFor("r").keyIndex()).isEqualTo(KeyIndex.hashed(SPK, 6));
      assertThat(files.seeds).containsExactly(5L, 6L, 7L);
      // a root not used before shares the new state
      assertThat(p.keyFor("s").keyIndex()).isEqualTo(KeyIndex.hashed(SPK, 6));
      // the stored keys are still served
      assertThat(p.keysFor("r", List.of(KeyIndex.hashed(SPK, 4)))).hasSize(1);
    }
  }

  @Test
  void storedKeysOlderThanTheMaximumAgeAreDroppedAtStart() {
    double now = System.currentTimeMillis() / 1000.0;
    Pgen old = new Pgen("r", KeyIndex.hashed(SPK, 1), SecretBytes.copyOf(S), now - WEEK.toSeconds() - 10);
    Pgen young = new Pgen("r", KeyIndex.hashed(SPK, 2), SecretBytes.copyOf(S), now - 10);
    try (ProducerKeys p = ProducerKeys.start(stateAt(9), List.of(old, young), SPK, true, WEEK,
        new Files(), Clock.systemUTC())) {
      assertThat(p.keysFor("r", List.of(old.ki(), young.ki()))).extracting(HeldKey::keyIndex)
          .containsExactly(young.ki());
    }
  }

  @Test
  void legacyIndicesAreIntegers() {
    try (ProducerKeys p = ProducerKeys.start(stateAt(12), List.of(), SPK, false, WEEK, new Files(),
        Clock.systemUTC())) {
      assertThat(p.keyFor("r").keyIndex()).isEqualTo(KeyIndex.legacy(12));
    } catch (NodeFileException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void closeWipesAndRefuses() throws Exception {
    ProducerKeys p = ProducerKeys.start(stateAt(0), List.of(), SPK, true, WEEK, new Files(),
        Clock.systemUTC());
    EncryptionKey k = p.keyFor("r");
    p.close();
    assertThatThrownBy(() -> p.keyFor("r")).isInstanceOf(IllegalStateException.class);
    assertThat(p.keysFor("r", List.of(k.keyIndex()))).isEmpty();
    assertThat(p.find("r", k.keyIndex())).isEmpty();
    assertThatThrownBy(k::rootKey).isInstanceOf(IllegalStateException.class); // wiped
  }

  private static RatchetState stateAt(long idx) {
    byte[] s = Arrays.copyOf(S, 32);
    for (long i = 0; i < idx; i++) {
      s = KafkaCryptoKdf.ratchetStep(s);
    }
    return RatchetState.of(idx, s);
  }
}
