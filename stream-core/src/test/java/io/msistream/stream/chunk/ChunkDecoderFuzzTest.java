package io.msistream.stream.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated inputs make the decoder succeed or raise ChunkFormatException, nothing else. */
class ChunkDecoderFuzzTest {
  private static final int ROUNDS = 20_000;

  @Test
  void randomBytesRaiseOnlyTheTypedError() {
    Random r = new Random(1);
    for (int k = 0; k < ROUNDS; k++) {
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = (byte) (0x90 | (r.nextBoolean() ? 9 : 10)); // look like a chunk array
      }
      decodeTypedOnly(b);
    }
  }

  @Test
  void mutatedValidMessagesRaiseOnlyTheTypedError() {
    Random r = new Random(2);
    byte[] data = new byte[300];
    r.nextBytes(data);
    byte[] valid = ChunkEncoder.encode(ChunkCodecTest.chunk("some file.dat", "a/b", "", 70000, 3,
        9, data, OptionalDouble.of(1.5e9)));
    int decodedOk = 0;
    for (int k = 0; k < ROUNDS; k++) {
      byte[] b = mutate(valid, r);
      if (decodeTypedOnly(b)) {
        decodedOk++;
      }
    }
    // some mutations (e.g. in the mtime or offset bytes) still decode; most do not
    assertThat(decodedOk).isBetween(1, ROUNDS - 1);
  }

  @Test
  void mutationsOfTheHeaderNeverYieldAChunkWithWrongData() throws Exception {
    Random r = new Random(3);
    byte[] data = new byte[64];
    r.nextBytes(data);
    byte[] valid = ChunkEncoder.encode(ChunkCodecTest.chunk("x", "", "", 0, 1, 1, data,
        OptionalDouble.empty()));
    for (int k = 0; k < ROUNDS; k++) {
      byte[] b = mutate(valid, r);
      try {
        DataFileChunk c = ChunkDecoder.decode(b);
        assertThat(c.chunkHashMatches()).isTrue(); // whatever decodes is self-consistent
      } catch (ChunkFormatException expected) {
        assertThat(expected.field()).isNotBlank();
      }
    }
  }

  private static byte[] mutate(byte[] valid, Random r) {
    byte[] b = valid.clone();
    switch (r.nextInt(5)) {
      case 0: // flip bits
        for (int j = 0, n = 1 + r.nextInt(3); j < n; j++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 1: // truncate
        return Arrays.copyOf(b, r.nextInt(b.length));
      case 2: // random byte in the header area (type bytes and lengths live there)
        b[r.nextInt(Math.min(b.length, 160))] = (byte) r.nextInt(256);
        return b;
      case 3: { // insert a byte
        int at = r.nextInt(b.length);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
      }
      default: { // append garbage
        byte[] out = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
        return out;
      }
    }
  }

  /** True if decoded; false if the typed error was raised; anything else fails the test. */
  private static boolean decodeTypedOnly(byte[] b) {
    try {
      ChunkDecoder.decode(b);
      return true;
    } catch (ChunkFormatException e) {
      assertThat(e.getMessage()).startsWith("DataFileChunk ");
      return false;
    } catch (RuntimeException e) {
      throw new AssertionError("untyped " + e + " for input " + java.util.HexFormat.of()
          .formatHex(b, 0, Math.min(b.length, 64)), e);
    }
  }
}
