package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.msgpack.Msgpack;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key indexes compare like Python's msgpack-decoded values. */
class KeyIndexTest {
  private static KeyIndex decode(String hex) throws Exception {
    return KeyIndex.of(Msgpack.decode(HexFormat.of().parseHex(hex)));
  }

  @Test
  void binAndStrWithTheSameBytesAreEqual() throws Exception {
    assertThat(decode("c403616263")).isEqualTo(decode("a3616263")).isEqualTo(KeyIndex.ofBytes("abc".getBytes()));
    assertThat(decode("c403616263").hashCode()).isEqualTo(decode("a3616263").hashCode());
    assertThat(decode("c403616263")).isNotEqualTo(decode("c403616264"));
  }

  @Test
  void integersCompareByValueWhateverTheirEncoding() throws Exception {
    assertThat(decode("00")).isEqualTo(decode("cc00")).isEqualTo(decode("d000")).isEqualTo(decode("cf0000000000000000"))
        .isEqualTo(KeyIndex.legacy(0));
    assertThat(decode("c3")).isEqualTo(KeyIndex.legacy(1));   // True == 1
    assertThat(decode("c2")).isEqualTo(KeyIndex.legacy(0));   // False == 0
    assertThat(decode("cb4000000000000000")).isEqualTo(KeyIndex.legacy(2)); // 2.0 == 2
    assertThat(decode("cfffffffffffffffff")).isEqualTo(new KeyIndex.Int(new BigInteger("18446744073709551615")));
    assertThat(KeyIndex.legacy(0)).isNotEqualTo(KeyIndex.ofBytes(new byte[] {0}));
  }

  @Test
  void valuesThatCannotNameAKeyAreOther() throws Exception {
    for (String hex : new String[] {"920102", "80", "c0", "cb3ff8000000000000", "cb7ff8000000000000", "d40100"}) {
      KeyIndex k = decode(hex);
      assertThat(k).as(hex).isInstanceOf(KeyIndex.Other.class);
      assertThat(k.encode()).isEqualTo(HexFormat.of().parseHex(hex));
    }
  }

  @Test
  void integralFloatsBeyondMsgpackIntegersAreOtherAndEveryKeyIndexEncodes() throws Exception {
    // 1e30, -1e30, 2^64 and -2^63-2048 as float64: equal to no keyidx, and no msgpack int holds them
    for (String hex : new String[] {"cb46293e5939a08cea", "cbc6293e5939a08cea", "cb43f0000000000000",
        "cbc3e0000000000001"}) {
      KeyIndex k = decode(hex);
      assertThat(k).as(hex).isInstanceOf(KeyIndex.Other.class);
      assertThat(k.encode()).isEqualTo(HexFormat.of().parseHex(hex));
    }
    // the largest integral floats that are msgpack integers stay integers
    assertThat(decode("cb43efffffffffffff")).isEqualTo(new KeyIndex.Int(new BigInteger("18446744073709549568")));
    assertThat(decode("cbc3e0000000000000")).isEqualTo(new KeyIndex.Int(BigInteger.valueOf(Long.MIN_VALUE)));
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 10_000; i++) {
      double d = Math.scalb((double) rnd.nextInt(1 << 20), rnd.nextInt(100)) * (rnd.nextBoolean() ? 1 : -1);
      KeyIndex k = KeyIndex.of(Msgpack.decode(Msgpack.pack(p -> p.packDouble(d))));
      assertThat(Msgpack.decode(k.encode())).as("%s", d).isNotNull();
    }
  }

  @Test
  void encodingsAreThePythonOnes() {
    assertThat(KeyIndex.legacy(0).encode()).containsExactly(0x00);
    assertThat(KeyIndex.legacy(128).encode()).containsExactly(0xcc, 0x80);
    assertThat(KeyIndex.legacy(65536).encode()).containsExactly(0xce, 0x00, 0x01, 0x00, 0x00);
    assertThat(KeyIndex.ofBytes(new byte[32]).encode()).hasSize(34).startsWith(0xc4, 0x20);
  }
}
