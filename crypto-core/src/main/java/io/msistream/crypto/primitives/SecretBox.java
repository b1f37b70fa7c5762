package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl secretbox (XSalsa20-Poly1305) in pysodium's layout: {@code tag(16) || ciphertext}, the same
 * bytes as libsodium's {@code crypto_secretbox_easy}. Tags are compared in constant time and the
 * plaintext is only released after the tag verified.
 *
 * <p>Key and nonce lengths are programming errors ({@link IllegalArgumentException}); a box that is
 * too short or does not authenticate is an {@link AuthenticationException}.
 */
public final class SecretBox {
  /** Key length. */
  public static final int KEY_BYTES = 32;
  /** Nonce length. */
  public static final int NONCE_BYTES = 24;
  /** Tag length (the box overhead). */
  public static final int TAG_BYTES = 16;

  private SecretBox() {}

  /** Encrypts {@code plaintext}: returns {@code tag || ciphertext}. */
  public static byte[] seal(byte[] key32, byte[] nonce24, byte[] plaintext) {
    byte[] out = new byte[TAG_BYTES + plaintext.length];
    seal(key32, nonce24, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Encrypts {@code in[inOff, +len)} into {@code out[outOff, +16+len)} (tag first). Input and
   * output may be the same array only if they do not overlap.
   */
  public static void seal(
      byte[] key32, byte[] nonce24, byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkParams(key32, nonce24);
    java.util.Objects.checkFromIndexSize(inOff, len, in.length);
    java.util.Objects.checkFromIndexSize(outOff, TAG_BYTES + len, out.length);
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(true, new ParametersWithIV(new KeyParameter(key32), nonce24));
    byte[] polyKey = new byte[64];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    xs.processBytes(in, inOff, len, out, outOff + TAG_BYTES);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey, 0, 32));
    mac.update(out, outOff + TAG_BYTES, len);
    mac.doFinal(out, outOff);
    Arrays.fill(polyKey, (byte) 0);
  }

  /** Verifies and decrypts {@code tag || ciphertext}. */
  public static byte[] open(byte[] key32, byte[] nonce24, byte[] box) throws AuthenticationException {
    return open(key32, nonce24, box, 0, box.length);
  }

  /** Verifies and decrypts {@code box[off, +len)}. */
  public static byte[] open(byte[] key32, byte[] nonce24, byte[] box, int off, int len)
      throws AuthenticationException {
    if (len < TAG_BYTES) {
      throw new AuthenticationException("secretbox: box shorter than its 16-byte tag");
    }
    byte[] out = new byte[len - TAG_BYTES];
    open(key32, nonce24, box, off, len, out, 0);
    return out;
  }

  /**
   * Verifies {@code box[off, +len)} and decrypts it into {@code out[outOff, +len-16)}. Nothing is
   * written to {@code out} unless the tag verifies.
   *
   * @return the plaintext length
   */
  public static int open(
      byte[] key32, byte[] nonce24, byte[] box, int off, int len, byte[] out, int outOff)
      throws AuthenticationException {
    checkParams(key32, nonce24);
    if (len < TAG_BYTES) {
      throw new AuthenticationException("secretbox: box shorter than its 16-byte tag");
    }
    java.util.Objects.checkFromIndexSize(off, len, box.length);
    int n = len - TAG_BYTES;
    java.util.Objects.checkFromIndexSize(outOff, n, out.length);
    XSalsa20Engine xs = new XSalsa20Engine();
    xs.init(false, new ParametersWithIV(new KeyParameter(key32), nonce24));
    byte[] polyKey = new byte[64];
    xs.processBytes(polyKey, 0, 32, polyKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey, 0, 32));
    mac.update(box, off + TAG_BYTES, n);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    Arrays.fill(polyKey, (byte) 0);
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(box, off, off + TAG_BYTES))) {
      throw new AuthenticationException("secretbox: tag does not verify");
    }
    xs.processBytes(box, off + TAG_BYTES, n, out, outOff);
    return n;
  }

  private static void checkParams(byte[] key32, byte[] nonce24) {
    if (key32 == null || key32.length != KEY_BYTES) {
      throw new IllegalArgumentException("secretbox key must be 32 bytes");
    }
    if (nonce24 == null || nonce24.length != NONCE_BYTES) {
      throw new IllegalArgumentException("secretbox nonce must be 24 bytes");
    }
  }
}
