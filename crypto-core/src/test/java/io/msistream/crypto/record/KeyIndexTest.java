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
  void encodingsAreThePythonOnes() {
    assertThat(KeyIndex.legacy(0).encode()).containsExactly(0x00);
    assertThat(KeyIndex.legacy(128).encode()).containsExactly(0xcc, 0x80);
    assertThat(KeyIndex.legacy(65536).encode()).containsExactly(0xce, 0x00, 0x01, 0x00, 0x00);
    assertThat(KeyIndex.ofBytes(new byte[32]).encode()).hasSize(34).startsWith(0xc4, 0x20);
  }
}
