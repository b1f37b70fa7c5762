package io.msistream.tools.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.crypto.testing.SharedVectors;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key index of a record key or value, read from its header without any key: our records,
 * the Python-made records of the shared vectors, and anything else (plain bytes, random and
 * mutated input), which yields nothing and never throws.
 */
class RecordKeyIndexTest {
  private static final KeyIndex KI = KeyIndex.ofBytes(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
      26, 27, 28, 29, 30, 31, 32});

  private static byte[] record(KeyIndex ki, Context c) {
    byte[] plain = "chunk bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return RecordCodec.encrypt(ki, new byte[32], c, new byte[16], plain, 0, plain.length);
  }

  @Test
  void readsTheKeyIndexOfOurRecordsForKeysAndValues() {
    assertThat(TopicReader.keyIndexOf(record(KI, Context.KEY), "r", Context.KEY)).contains(KI);
    assertThat(TopicReader.keyIndexOf(record(KI, Context.VALUE), "r", Context.VALUE)).contains(KI);
    KeyIndex legacy = KeyIndex.legacy(12);
    assertThat(TopicReader.keyIndexOf(record(legacy, Context.VALUE), "r", Context.VALUE))
        .contains(legacy);
  }

  @Test
  void readsTheKeyIndexOfPythonRecords() {
    int n = 0;
    for (JsonValue m : SharedVectors.json("messages.json").get("messages").list()) {
      JsonValue ki = m.get("ki");
      KeyIndex expected = ki.has("bin") ? KeyIndex.ofBytes(ki.get("bin").hex())
          : KeyIndex.legacy(ki.get("int").asLong());
      Context c = m.get("context").str().equals("key") ? Context.KEY : Context.VALUE;
      byte[] wire = m.has("wire_hex") ? m.get("wire_hex").hex()
          : read(SharedVectors.interop(m.get("wire_file").str()));
      Optional<KeyIndex> got = TopicReader.keyIndexOf(wire, m.get("root").str(), c);
      assertThat(got).as(m.get("name").str()).contains(expected);
      n++;
    }
    assertThat(n).isPositive();
  }

  private static byte[] read(java.nio.file.Path p) {
    try {
      return java.nio.file.Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void plainRandomAndMutatedBytesGiveNothingOrAnIndexAndNeverThrow() {
    assertThat(TopicReader.keyIndexOf(null, "r", Context.VALUE)).isEmpty();
    assertThat(TopicReader.keyIndexOf(new byte[0], "r", Context.VALUE)).isEmpty();
    assertThat(TopicReader.keyIndexOf("plain text".getBytes(), "r", Context.VALUE)).isEmpty();
    // an index that can name no key (a map) is not asked for
    byte[] mapKi = {1, (byte) 0x93, (byte) 0x80, (byte) 0xc4, 0, (byte) 0xc4, 0};
    assertThat(TopicReader.keyIndexOf(mapKi, "r", Context.VALUE)).isEmpty();
    Random r = new Random(7);
    byte[] good = record(KI, Context.VALUE);
    for (int i = 0; i < 5000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[r.nextInt(80)];
        r.nextBytes(b);
        if (b.length > 0 && r.nextBoolean()) {
          b[0] = RecordCodec.MAGIC;
        }
      } else {
        b = Arrays.copyOf(good, 1 + r.nextInt(good.length));
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      TopicReader.keyIndexOf(b, "r", Context.VALUE); // returns, whatever the bytes
    }
  }
}
