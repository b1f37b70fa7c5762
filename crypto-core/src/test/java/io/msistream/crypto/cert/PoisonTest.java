package io.msistream.crypto.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoisonTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void writesStrNamesInGivenOrder() {
    Poison p = Poison.of(Poison.usages("key-encrypt"), Poison.topics("a", "b"), Poison.pathlen(1));
    assertThat(HEX.formatHex(p.encode())).isEqualTo(
        "9392a675736167657391ab6b65792d656e637279707492a6746f706963739" + "2a161a16292a7706174686c656e01");
    assertThat(HEX.formatHex(Poison.NONE.encode())).isEqualTo("90");
  }

  @Test
  void readsStrOrBinNamesAndItems() throws Exception {
    byte[] bin = Msgpack.pack(pk -> {
      pk.packArrayHeader(2);
      pk.packArrayHeader(2).packBinaryHeader(6).writePayload("topics".getBytes());
      pk.packArrayHeader(1).packBinaryHeader(1).writePayload("x".getBytes());
      pk.packArrayHeader(2).packString("pathlen").packInt(3);
    });
    Poison p = Poison.decode(bin);
    assertThat(p.topics()).contains(List.of("x"));
    assertThat(p.usages()).isEmpty();
    assertThat(p.pathlen()).hasValue(3);
    assertThat(Poison.decode(p.encode())).isEqualTo(p);
  }

  @Test
  void rejectsUnknownDuplicateAndMisshapenConstraints() {
    assertThatThrownBy(() -> Poison.decode(Msgpack.pack(pk -> pk.packArrayHeader(1)
        .packArrayHeader(2).packString("colour").packString("blue"))))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> Poison.decode(HEX.parseHex("9292a7706174686c656e0192a7706174686c656e02")))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> Poison.decode(HEX.parseHex("9192a7706174686c656ea178")))
        .isInstanceOf(MalformedDataException.class);
    assertThatThrownBy(() -> Poison.decode(HEX.parseHex("9193a7706174686c656e0101")))
        .isInstanceOf(MalformedDataException.class);
    assertThatThrownBy(() -> Poison.decode(HEX.parseHex("01"))).isInstanceOf(MalformedDataException.class);
    assertThatThrownBy(() -> Poison.of(Poison.pathlen(1), Poison.pathlen(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void certificateExpiryMayBeIntOrFloatButNotNaN() throws Exception {
    PublicKey k = new PublicKey.Ed25519Key(new byte[32]);
    Certificate i = Certificate.decode(CertificateBuilder.create().expiryInteger(1798762600L).key(k).encode(), "c");
    Certificate f = Certificate.decode(CertificateBuilder.create().expiresAt(1798762600.5).key(k).encode(), "c");
    assertThat(i.expiry()).isEqualTo(1798762600.0);
    assertThat(f.expiry()).isEqualTo(1798762600.5);
    byte[] nan = HEX.parseHex("93cb7ff8000000000000c40190c420" + "00".repeat(32));
    assertThatThrownBy(() -> Certificate.decode(nan, "nan cert"))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("nan cert");
  }

  @Test
  void keyFieldsDistinguishTypedKeysFromLists() throws Exception {
    byte[] type4 = HEX.parseHex("920492c420" + "11".repeat(32) + "c420" + "22".repeat(32));
    assertThat(PublicKey.decode(type4)).isInstanceOf(PublicKey.HybridKey.class);
    assertThat(PublicKey.decode(type4).byteForm()).isEqualTo(type4);
    CertKey list = CertKey.decode(Msgpack.decode(HEX.parseHex("91c420" + "33".repeat(32))));
    assertThat(list).isInstanceOf(CertKey.KeyList.class);
    assertThatThrownBy(() -> PublicKey.decode(HEX.parseHex("920992c420" + "11".repeat(32) + "c401ff")))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("unknown key type 9");
    assertThatThrownBy(() -> PublicKey.decode(HEX.parseHex("c41f" + "11".repeat(31))))
        .isInstanceOf(MalformedDataException.class);
  }
}
