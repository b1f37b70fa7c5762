package io.msistream.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Round trips on random sizes; random and mutated wire bytes only ever give a typed outcome. */
class RecordCodecPropertyTest {
  private static final String ROOT = "openmsitest";
  private final Random rnd = new Random(20261128);

  private byte[] random(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private KeyLookup only(KeyIndex ki, byte[] kR) {
    return (root, k) -> root.equals(ROOT) && k.equals(ki) ? Optional.of(SecretBytes.copyOf(kR)) : Optional.empty();
  }

  @Test
  void roundTripsOnRandomSizesBothContextsAndBothKeyIndexForms() throws Exception {
    int[] big = {65535 - 16, 65536 - 16, 65536, 512 * 1024, 600 * 1024 + 7};
    for (int i = 0; i < 300 + big.length; i++) {
      int n = i < 300 ? rnd.nextInt(i < 100 ? 300 : 5000) : big[i - 300];
      KeyIndex ki = i % 3 == 0 ? KeyIndex.legacy(rnd.nextInt(1 << 20)) : KeyIndex.ofBytes(random(32));
      byte[] kR = random(32);
      Context ctx = i % 2 == 0 ? Context.KEY : Context.VALUE;
      byte[] plain = random(n);
      try (EncryptionKey key = EncryptionKey.create(ROOT, ki, kR)) {
        byte[] wire = key.encrypt(ctx, plain);
        assertThat(wire).hasSize(RecordCodec.wireLength(ki, n));
        DecodeResult r = RecordCodec.decrypt(wire, ROOT, ctx, only(ki, kR));
        assertThat(r).isInstanceOf(DecodeResult.Cleartext.class);
        assertThat(((DecodeResult.Cleartext) r).plaintext()).isEqualTo(plain);
        // the wire is valid msgpack after the magic byte, as Python's unpacker needs
        assertThat(Msgpack.decodePrefix(Arrays.copyOfRange(wire, 1, wire.length)).length()).isEqualTo(wire.length - 1);
        Context other = ctx == Context.KEY ? Context.VALUE : Context.KEY;
        assertThat(RecordCodec.decrypt(wire, ROOT, other, only(ki, kR))).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
        assertThat(RecordCodec.decrypt(wire, "other", ctx, only(ki, kR))).isInstanceOf(DecodeResult.PossiblyDecryptable.class);
        // a second record of the same context uses the next salt: different bytes, still decrypts
        byte[] wire2 = key.encrypt(ctx, plain);
        assertThat(wire2).isNotEqualTo(wire);
        assertThat(RecordCodec.decrypt(wire2, ROOT, ctx, only(ki, kR))).isInstanceOf(DecodeResult.Cleartext.class);
      }
    }
  }

  @Test
  void subRangeEncryptionEqualsEncryptingTheCopy() {
    byte[] kR = random(32);
    KeyIndex ki = KeyIndex.ofBytes(random(32));
    byte[] buf = random(1000);
    byte[] salt = random(16);
    assertThat(RecordCodec.encrypt(ki, kR, Context.VALUE, salt, buf, 100, 700))
        .isEqualTo(RecordCodec.encrypt(ki, kR, Context.VALUE, salt, Arrays.copyOfRange(buf, 100, 800), 0, 700));
  }

  @Test
  void randomBytesOnlyEverGiveATypedOutcome() {
    KeyLookup anyKey = (root, k) -> Optional.of(SecretBytes.copyOf(new byte[32]));
    for (int i = 0; i < 20000; i++) {
      byte[] b = random(rnd.nextInt(120));
      if (b.length > 0 && i % 2 == 0) {
        b[0] = 0x01;
      }
      if (b.length > 1 && i % 4 == 0) {
        b[1] = (byte) 0x93;
      }
      DecodeResult r = RecordCodec.decrypt(b, ROOT, Context.VALUE, i % 3 == 0 ? KeyLookup.none() : anyKey);
      assertThat(r).isNotNull();
      assertThat(r.raw()).isSameAs(b);
      assertThat(r).isNotInstanceOf(DecodeResult.Cleartext.class);
    }
  }

  @Test
  void mutatedRecordsNeverThrowAndNeverDecryptToSomethingElse() {
    byte[] kR = random(32);
    for (int i = 0; i < 3000; i++) {
      KeyIndex ki = i % 2 == 0 ? KeyIndex.ofBytes(random(32)) : KeyIndex.legacy(rnd.nextInt(70000));
      byte[] plain = random(rnd.nextInt(i % 10 == 0 ? 70000 : 200));
      byte[] wire = RecordCodec.encrypt(ki, kR, Context.VALUE, random(16), plain, 0, plain.length);
      byte[] bad = mutate(wire);
      DecodeResult r = RecordCodec.decrypt(bad, ROOT, Context.VALUE, only(ki, kR));
      assertThat(r).isNotNull();
      if (r instanceof DecodeResult.Cleartext c) {
        assertThat(c.plaintext()).isEqualTo(plain);
      }
    }
  }

  private byte[] mutate(byte[] w) {
    switch (rnd.nextInt(5)) {
      case 0: {
        byte[] b = w.clone();
        for (int k = 0; k <= rnd.nextInt(4); k++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      }
      case 1:
        return Arrays.copyOf(w, rnd.nextInt(w.length));
      case 2: {
        byte[] b = Arrays.copyOf(w, w.length + 1 + rnd.nextInt(5));
        return b;
      }
      case 3: {
        byte[] b = w.clone();
        b[rnd.nextInt(Math.min(b.length, 60))] = (byte) rnd.nextInt(256);
        return b;
      }
      default: {
        int cut = rnd.nextInt(w.length);
        byte[] b = new byte[w.length - 1];
        System.arraycopy(w, 0, b, 0, cut);
        System.arraycopy(w, cut + 1, b, cut, w.length - cut - 1);
        return b;
      }
    }
  }

  @Test
  void nullStaysNullAndEmptyIsNeverDecryptableButEmptyPlaintextIsEncrypted() {
    assertThat(RecordCodec.decrypt(null, ROOT, Context.VALUE, KeyLookup.none())).isNull();
    assertThat(RecordCodec.decrypt(new byte[0], ROOT, Context.VALUE, KeyLookup.none()))
        .isInstanceOf(DecodeResult.NeverDecryptable.class);
    byte[] kR = random(32);
    KeyIndex ki = KeyIndex.ofBytes(random(32));
    byte[] wire = EncryptionKey.create(ROOT, ki, kR).encrypt(Context.KEY, new byte[0]);
    assertThat(wire).hasSize(1 + 1 + 34 + 18 + 18);
    DecodeResult r = RecordCodec.decrypt(wire, ROOT, Context.KEY, only(ki, kR));
    assertThat(((DecodeResult.Cleartext) r).plaintext()).isEmpty();
  }
}
