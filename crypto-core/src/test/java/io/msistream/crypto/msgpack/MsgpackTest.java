package io.msistream.crypto.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.MalformedDataException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MsgpackTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void packerMatchesPythonEncodings() {
    byte[] b = Msgpack.pack(p -> {
      p.packArrayHeader(8);
      p.packInt(0);
      p.packInt(200);          // uint8 0xcc
      p.packLong(65536);       // uint32 0xce
      p.packInt(-1);           // negative fixint
      p.packString("x".repeat(40)); // str8 0xd9
      p.packBinaryHeader(2).writePayload(new byte[] {1, 2});
      p.packDouble(1.7e9);     // 0xcb
      p.packBoolean(true);
    });
    String h = HEX.formatHex(b);
    assertThat(h).startsWith("9800ccc8ce00010000ffd928");
    assertThat(h).endsWith("c4020102cb41d954fc40000000c3");
  }

  @Test
  void decodesAndKeepsRawSpans() throws Exception {
    byte[] b = HEX.parseHex("93c40101cf8000000000000000a3616263");
    MpValue v = Msgpack.decode(b);
    List<MpValue> items = v.asArray("top");
    assertThat(items.get(0).asBin("bin")).containsExactly(1);
    assertThat(((MpValue.Int) items.get(1)).value()).isEqualTo(BigInteger.ONE.shiftLeft(63));
    assertThat(items.get(2).asText("str")).isEqualTo("abc");
    assertThat(items.get(2).asBytes("str as bytes")).containsExactly('a', 'b', 'c');
    assertThat(HEX.formatHex(items.get(1).raw())).isEqualTo("cf8000000000000000");
    assertThat(v.raw()).isEqualTo(b);
  }

  @Test
  void refusesLengthsBeyondTheInputBeforeAllocating() {
    // bin32 declaring 2 GiB, array32 declaring 4 billion items, map32 likewise
    for (String h : new String[] {"c67fffffff00", "ddffffffff", "dfffffffff", "dc0003", "da0005616263"}) {
      assertThatThrownBy(() -> Msgpack.decode(HEX.parseHex(h))).as(h)
          .isInstanceOf(MalformedDataException.class);
    }
  }

  @Test
  void refusesTrailingBytesAndInvalidType() throws Exception {
    assertThatThrownBy(() -> Msgpack.decode(HEX.parseHex("9000"))).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Msgpack.decode(HEX.parseHex("c1"))).hasMessageContaining("invalid type");
    assertThat(prefixLength("9000")).isEqualTo(1);
  }

  @Test
  void deepNestingIsRefused() {
    byte[] deep = new byte[1000];
    java.util.Arrays.fill(deep, (byte) 0x91);
    assertThatThrownBy(() -> Msgpack.decode(deep)).hasMessageContaining("nesting");
  }

  @Test
  void randomAndMutatedBytesOnlyEverRaiseMalformedData() {
    Random r = new Random(7);
    byte[] valid = HEX.parseHex("93c420" + "11".repeat(32) + "c410" + "00".repeat(16) + "c405" + "0102030405");
    for (int n = 0; n < 50_000; n++) {
      byte[] b;
      if (n % 2 == 0) {
        b = new byte[r.nextInt(40)];
        r.nextBytes(b);
      } else {
        b = valid.clone();
        for (int k = 0; k < 1 + r.nextInt(3); k++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        if (r.nextBoolean()) {
          b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
        }
      }
      try {
        Msgpack.decode(b);
      } catch (MalformedDataException expected) {
        // the only permitted failure
      }
    }
  }

  private static int prefixLength(String h) throws MalformedDataException {
    return Msgpack.decodePrefix(HEX.parseHex(h)).length();
  }
}
