package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import java.util.Arrays;
import java.util.Objects;

/**
 * NaCl secretbox (XSalsa20-Poly1305) in pysodium's layout: {@code tag(16) || ciphertext}, the same
 * bytes as libsodium's {@code crypto_secretbox_easy}.
 *
 * <p>Runs on this package's scalar {@link XSalsa20} and {@link Poly1305}. Messages are processed in
 * {@value #PIECE}-byte pieces that stay in cache: sealing encrypts a piece and then authenticates
 * it; opening authenticates a piece and then decrypts it. The message is never copied whole. Tags
 * are compared in constant time; if the tag fails, any plaintext already written is zeroed before
 * {@link AuthenticationException} is thrown.
 *
 * <p>Key and nonce lengths and out-of-range offsets are programming errors
 * ({@link IllegalArgumentException}, {@link IndexOutOfBoundsException}); a box that is too short
 * or does not authenticate is an {@link AuthenticationException}. Input and output ranges must not
 * overlap, except that opening in place ({@code out == box}, {@code outOff == off + 16}) works.
 */
public final class SecretBox {
  /** Key length. */
  public static final int KEY_BYTES = 32;
  /** Nonce length. */
  public static final int NONCE_BYTES = 24;
  /** Tag length (the box overhead). */
  public static final int TAG_BYTES = 16;
  /** Bytes encrypted and authenticated in one go (a multiple of the 64-byte block). */
  static final int PIECE = 16 * 1024;

  private SecretBox() {}

  /** Encrypts {@code plaintext}: returns {@code tag || ciphertext}. */
  public static byte[] seal(byte[] key32, byte[] nonce24, byte[] plaintext) {
    byte[] out = new byte[TAG_BYTES + plaintext.length];
    seal(key32, nonce24, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /** Encrypts {@code in[inOff, +len)} into {@code out[outOff, +16+len)} (tag first). */
  public static void seal(
      byte[] key32, byte[] nonce24, byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkParams(key32, nonce24);
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, TAG_BYTES + len, out.length);
    int ct = outOff + TAG_BYTES;
    XSalsa20 xs = new XSalsa20(key32, nonce24);
    int[] block0 = new int[16];
    xs.firstBlock(block0);
    Poly1305 mac = new Poly1305(block0);
    int first = Math.min(32, len);
    XSalsa20.xorTail(block0, 32, in, inOff, out, ct, first);
    mac.update(out, ct, first);
    for (int pos = first; pos < len; ) {
      int n = Math.min(PIECE, len - pos);
      xs.xor(in, inOff + pos, out, ct + pos, n);
      mac.update(out, ct + pos, n);
      pos += n;
    }
    mac.finish(out, outOff);
    Arrays.fill(block0, 0);
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
   * Verifies {@code box[off, +len)} and decrypts it into {@code out[outOff, +len-16)}. If the tag
   * fails, that output range is zeroed and {@link AuthenticationException} is thrown.
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
    Objects.checkFromIndexSize(off, len, box.length);
    int n = len - TAG_BYTES;
    Objects.checkFromIndexSize(outOff, n, out.length);
    int ct = off + TAG_BYTES;
    XSalsa20 xs = new XSalsa20(key32, nonce24);
    int[] block0 = new int[16];
    xs.firstBlock(block0);
    Poly1305 mac = new Poly1305(block0);
    int first = Math.min(32, n);
    mac.update(box, ct, first);
    XSalsa20.xorTail(block0, 32, box, ct, out, outOff, first);
    for (int pos = first; pos < n; ) {
      int m = Math.min(PIECE, n - pos);
      mac.update(box, ct + pos, m);
      xs.xor(box, ct + pos, out, outOff + pos, m);
      pos += m;
    }
    Arrays.fill(block0, 0);
    byte[] tag = new byte[TAG_BYTES];
    mac.finish(tag, 0);
    int diff = 0;
    for (int i = 0; i < TAG_BYTES; i++) {
      diff |= tag[i] ^ box[off + i];
    }
    if (diff != 0) {
      Arrays.fill(out, outOff, outOff + n, (byte) 0);
      throw new AuthenticationException("secretbox: tag does not verify");
    }
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
