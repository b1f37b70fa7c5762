package io.msistream.crypto.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.AuthenticationException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our scalar secretbox against BouncyCastle's XSalsa20Engine + Poly1305 composition. */
class SecretBoxTest {
  private final Random rnd = new Random(0x5ecb0c5);

  private byte[] random(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private void checkAgainstBc(int len) throws Exception {
    byte[] key = random(32);
    byte[] nonce = random(24);
    byte[] m = random(len);
    byte[] ours = SecretBox.seal(key, nonce, m);
    assertThat(ours).as("seal, length %d", len).isEqualTo(BcSecretBox.seal(key, nonce, m));
    assertThat(SecretBox.open(key, nonce, ours)).as("open, length %d", len).isEqualTo(m);
    assertThat(BcSecretBox.open(key, nonce, ours)).isEqualTo(m);
  }

  @Test
  void equalsBouncyCastleForEveryLengthUpTo5000() throws Exception {
    for (int len = 0; len <= 5000; len++) {
      checkAgainstBc(len);
    }
  }

  @Test
  void equalsBouncyCastleAroundPieceBoundariesAndForLargeMessages() throws Exception {
    int p = SecretBox.PIECE;
    for (int len : new int[] {p - 33, p - 32, p - 31, p + 31, p + 32, p + 33, 2 * p + 32, 64 * 1024,
        512 * 1024, 512 * 1024 + 17, 1 << 20, 3 * 1024 * 1024 + 5}) {
      checkAgainstBc(len);
    }
  }

  @Test
  void extremeKeysAndPolyValuesAgree() throws Exception {
    // all-0xff inputs exercise the limb carries and the final reduction
    for (int fill : new int[] {0x00, 0xff}) {
      byte[] key = new byte[32];
      byte[] nonce = new byte[24];
      Arrays.fill(key, (byte) fill);
      Arrays.fill(nonce, (byte) fill);
      for (int len : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 64, 1000}) {
        byte[] m = new byte[len];
        Arrays.fill(m, (byte) 0xff);
        assertThat(SecretBox.seal(key, nonce, m)).isEqualTo(BcSecretBox.seal(key, nonce, m));
      }
    }
    // 2000 random short messages with random keys
    for (int i = 0; i < 2000; i++) {
      checkAgainstBc(rnd.nextInt(100));
    }
  }

  @Test
  void offsetVariantsReadAndWriteOnlyTheirRanges() throws Exception {
    byte[] key = random(32);
    byte[] nonce = random(24);
    byte[] buf = random(3000);
    byte[] out = random(3100);
    byte[] before = out.clone();
    SecretBox.seal(key, nonce, buf, 123, 2000, out, 50);
    assertThat(Arrays.copyOfRange(out, 50, 2066)).isEqualTo(BcSecretBox.seal(key, nonce, Arrays.copyOfRange(buf, 123, 2123)));
    assertThat(Arrays.copyOf(out, 50)).isEqualTo(Arrays.copyOf(before, 50));
    assertThat(Arrays.copyOfRange(out, 2066, 3100)).isEqualTo(Arrays.copyOfRange(before, 2066, 3100));
    byte[] plain = new byte[2100];
    assertThat(SecretBox.open(key, nonce, out, 50, 2016, plain, 100)).isEqualTo(2000);
    assertThat(Arrays.copyOfRange(plain, 100, 2100)).isEqualTo(Arrays.copyOfRange(buf, 123, 2123));
    // opening in place: plaintext lands where the ciphertext was
    SecretBox.open(key, nonce, out, 50, 2016, out, 66);
    assertThat(Arrays.copyOfRange(out, 66, 2066)).isEqualTo(Arrays.copyOfRange(buf, 123, 2123));
  }

  @Test
  void failedTagsThrowAndLeaveNoPlaintext() {
    byte[] key = random(32);
    byte[] nonce = random(24);
    byte[] m = random(40000);
    byte[] box = SecretBox.seal(key, nonce, m);
    for (int pos : new int[] {0, 15, 16, 17, 20000, box.length - 1}) {
      byte[] bad = box.clone();
      bad[pos] ^= 0x10;
      byte[] out = random(m.length);
      assertThatThrownBy(() -> SecretBox.open(key, nonce, bad, 0, bad.length, out, 0))
          .isInstanceOf(AuthenticationException.class);
      assertThat(out).containsOnly((byte) 0);
    }
    byte[] otherKey = key.clone();
    otherKey[0] ^= 1;
    assertThatThrownBy(() -> SecretBox.open(otherKey, nonce, box)).isInstanceOf(AuthenticationException.class);
    for (int n = 0; n < 16; n++) {
      byte[] shortBox = new byte[n];
      assertThatThrownBy(() -> SecretBox.open(key, nonce, shortBox)).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> SecretBox.seal(new byte[31], nonce, m)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretBox.seal(key, new byte[23], m)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void naclTestVector() throws Exception {
    // the classic NaCl secretbox vector (tests/secretbox.c), first 32 zero bytes stripped
    byte[] key = Hex.b("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    byte[] nonce = Hex.b("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    byte[] m = Hex.b("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a"
        + "1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057"
        + "e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040"
        + "e082f937763848645e0705");
    byte[] c = Hex.b("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4"
        + "476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738"
        + "b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de"
        + "56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5");
    assertThat(SecretBox.seal(key, nonce, m)).isEqualTo(c);
    assertThat(SecretBox.open(key, nonce, c)).isEqualTo(m);
  }
}
