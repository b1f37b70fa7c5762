package io.msistream.tools.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.MalformedDataException;
import java.util.BitSet;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Work-folder records survive a round trip; damaged ones raise only the typed error. */
class WorkRecordsFuzzTest {
  private static ProgressRecord progress() {
    BitSet b = new BitSet();
    b.set(0);
    b.set(5);
    b.set(99);
    byte[] h = new byte[64];
    h[3] = 7;
    return new ProgressRecord("a/ü b", "n\nme.bin", "_x", h, 100, OptionalDouble.of(1.7e9), b);
  }

  private static DoneMarker done() {
    byte[] h = new byte[64];
    h[63] = 1;
    return new DoneMarker(h, 123_456_789_012L, 3, OptionalDouble.empty());
  }

  @Test
  void roundTrips() throws Exception {
    ProgressRecord p = progress();
    ProgressRecord q = ProgressRecord.decode(p.encode());
    assertThat(q.subdir()).isEqualTo(p.subdir());
    assertThat(q.filename()).isEqualTo(p.filename());
    assertThat(q.filenameAppend()).isEqualTo("_x");
    assertThat(q.fileHash()).isEqualTo(p.fileHash());
    assertThat(q.totalChunks()).isEqualTo(100);
    assertThat(q.mtime()).isEqualTo(OptionalDouble.of(1.7e9));
    assertThat(q.received()).isEqualTo(p.received());
    DoneMarker d = DoneMarker.decode(done().encode());
    assertThat(d.size()).isEqualTo(123_456_789_012L);
    assertThat(d.totalChunks()).isEqualTo(3);
    assertThat(d.mtime()).isEmpty();
    assertThat(d.hasFileHash(done().fileHash())).isTrue();
  }

  @Test
  void aChunkBeyondTheTotalIsRejected() {
    BitSet b = new BitSet();
    b.set(10);
    ProgressRecord p = new ProgressRecord("", "f", "", new byte[64], 5, OptionalDouble.empty(), b);
    assertThatThrownBy(() -> ProgressRecord.decode(p.encode()))
        .isInstanceOf(MalformedDataException.class);
  }

  @Test
  void randomAndMutatedBytesRaiseOnlyTheTypedError() {
    Random rnd = new Random(42);
    byte[][] seeds = {progress().encode(), done().encode()};
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 3 == 0) {
        b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
      } else {
        byte[] s = seeds[i % 2];
        b = s.clone();
        int flips = 1 + rnd.nextInt(4);
        for (int k = 0; k < flips; k++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        if (rnd.nextInt(5) == 0) {
          b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        }
      }
      decodeBoth(b);
    }
  }

  private static void decodeBoth(byte[] b) {
    try {
      ProgressRecord.decode(b);
    } catch (MalformedDataException e) {
      // expected for most inputs
    }
    try {
      DoneMarker.decode(b);
    } catch (MalformedDataException e) {
      // expected for most inputs
    }
  }
}
