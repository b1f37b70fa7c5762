package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OldKeysTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void wrapsInTheDocumentedLayoutAndUnwraps() throws Exception {
    byte[] ek = new byte[32];
    random.nextBytes(ek);
    SecretBytes storage = SecretBytes.copyOf(ek);
    byte[] ki = new byte[32];
    random.nextBytes(ki);
    byte[] kr = new byte[32];
    random.nextBytes(kr);
    List<OldKeys.Pgen> in = List.of(
        new OldKeys.Pgen("openmsitest", KeyIndex.ofBytes(ki), SecretBytes.copyOf(kr), 1798761600.5),
        new OldKeys.Pgen("other", new KeyIndex.Int(BigInteger.valueOf(7)), SecretBytes.copyOf(kr), 1.0));
    byte[] wrapped = OldKeys.wrap(in, storage, random);

    // layout: nonce24 || secretbox(pack({"pgens": [[root, ki, bin(K_R), birth], ...]}), EK)
    byte[] plain = SecretBox.open(ek, Arrays.copyOf(wrapped, 24), Arrays.copyOfRange(wrapped, 24, wrapped.length));
    MpValue.MapValue m = (MpValue.MapValue) Msgpack.decode(plain);
    Map.Entry<MpValue, MpValue> e = m.entries().entrySet().iterator().next();
    assertThat(e.getKey()).isInstanceOf(MpValue.Str.class);
    assertThat(e.getKey().asText("k")).isEqualTo("pgens");
    List<MpValue> first = e.getValue().asArray("pgens").get(0).asArray("entry");
    assertThat(first.get(0)).isInstanceOf(MpValue.Str.class);
    assertThat(first.get(1).asBin("ki")).isEqualTo(ki);
    assertThat(first.get(2).asBin("kr")).isEqualTo(kr);
    assertThat(first.get(3)).isInstanceOf(MpValue.Float.class);

    List<OldKeys.Pgen> out = OldKeys.unwrap(wrapped, storage, "cfg");
    assertThat(out).hasSize(2);
    assertThat(out.get(0).root()).isEqualTo("openmsitest");
    assertThat(out.get(0).ki()).isEqualTo(KeyIndex.ofBytes(ki));
    assertThat(out.get(0).rootKey().bytes()).isEqualTo(kr);
    assertThat(out.get(0).birth()).isEqualTo(1798761600.5);
    assertThat(out.get(1).ki()).isEqualTo(new KeyIndex.Int(BigInteger.valueOf(7)));
    assertThat(out.get(0).toString()).doesNotContain(java.util.HexFormat.of().formatHex(kr));
  }

  @Test
  void wrongKeyTamperingAndGarbageAreTypedErrors() {
    SecretBytes storage = SecretBytes.copyOf(new byte[32]);
    byte[] wrapped = OldKeys.wrap(List.of(), storage, random);
    assertThatThrownBy(() -> OldKeys.unwrap(wrapped, SecretBytes.copyOf(new byte[] {
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "cfg"))
        .isInstanceOf(NodeFileException.class).hasMessageContaining("storage key");
    byte[] tampered = wrapped.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> OldKeys.unwrap(tampered, storage, "cfg")).isInstanceOf(NodeFileException.class);
    assertThatThrownBy(() -> OldKeys.unwrap(new byte[10], storage, "cfg")).isInstanceOf(NodeFileException.class);
    byte[] nonce = new byte[24];
    byte[] notAMap = SecretBox.seal(new byte[32], nonce, new byte[] {(byte) 0x90});
    byte[] w = new byte[24 + notAMap.length];
    System.arraycopy(notAMap, 0, w, 24, notAMap.length);
    assertThatThrownBy(() -> OldKeys.unwrap(w, storage, "cfg")).isInstanceOf(NodeFileException.class)
        .hasMessageContaining("map");
  }
}
