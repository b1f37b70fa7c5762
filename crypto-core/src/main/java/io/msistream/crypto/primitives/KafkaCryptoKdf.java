package io.msistream.crypto.primitives;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * KafkaCrypto's BLAKE2b derivations (spec section 3.1): ratchet step, per-root secret K_R, key
 * index, and per-message key and nonce. All keyed derivations hash the empty message with libsodium's
 * {@code crypto_generichash_blake2b_salt_personal} parameters.
 */
public final class KafkaCryptoKdf {
  /** Length of a ratchet secret, K_R, message key and long key index. */
  public static final int KEY_BYTES = 32;
  /** Length of a per-message salt counter. */
  public static final int SALT_BYTES = 16;
  /** Length of a per-message key followed by its nonce. */
  public static final int KEY_AND_NONCE_BYTES = 56;

  private static final byte[] ZERO_SALT = new byte[16];
  private static final byte[] RATCHET_PERSONAL = personal("ratchet");

  /** Per-message generator context: Kafka record key or record value. */
  public enum Context {
    /** Record keys: personalization {@code "key"} + 13 zero bytes. */
    KEY("key"),
    /** Record values: personalization {@code "value"} + 11 zero bytes. */
    VALUE("value");

    private final byte[] personal;

    Context(String name) {
      this.personal = KafkaCryptoKdf.personal(name);
    }

    byte[] personalization() {
      return personal;
    }
  }

  private KafkaCryptoKdf() {}

  /** The next ratchet secret: BLAKE2b-256(key = S, salt = 0^16, personal = "ratchet"). */
  public static byte[] ratchetStep(byte[] s32) {
    checkKey(s32, "ratchet secret");
    return keyed(s32, ZERO_SALT, RATCHET_PERSONAL, KEY_BYTES);
  }

  /**
   * The per-root secret K_R for root topic {@code root}: with H = SHA-256(UTF-8(root)),
   * BLAKE2b-256(key = S, salt = H[0..16), personal = H[16..32)).
   */
  public static byte[] rootKey(byte[] s32, String root) {
    checkKey(s32, "ratchet secret");
    byte[] h = Sha256.hash(root.getBytes(StandardCharsets.UTF_8));
    return keyed(s32, Arrays.copyOfRange(h, 0, 16), Arrays.copyOfRange(h, 16, 32), KEY_BYTES);
  }

  /**
   * The long key index: unkeyed BLAKE2b-256(nodeIdSpk || keyidx as 16-byte big-endian unsigned).
   *
   * @param nodeIdSpk the concatenated byte forms of the node's enabled signing public keys
   * @param keyidx the ratchet's key index, not negative
   */
  public static byte[] keyIndex(byte[] nodeIdSpk, long keyidx) {
    if (keyidx < 0) {
      throw new IllegalArgumentException("keyidx must not be negative");
    }
    byte[] be = new byte[16];
    for (int i = 0; i < 8; i++) {
      be[15 - i] = (byte) (keyidx >>> (8 * i));
    }
    Blake2bDigest d = new Blake2bDigest(256);
    d.update(nodeIdSpk, 0, nodeIdSpk.length);
    d.update(be, 0, be.length);
    byte[] out = new byte[KEY_BYTES];
    d.doFinal(out, 0);
    return out;
  }

  /** Message key (32) followed by nonce (24) for one message: BLAKE2b-448(key = K_R, salt, personal = context). */
  public static byte[] messageKeyAndNonce(byte[] kR, byte[] salt16, Context context) {
    byte[] out = new byte[KEY_AND_NONCE_BYTES];
    messageKeyAndNonce(kR, salt16, context, out);
    return out;
  }

  /** As {@link #messageKeyAndNonce(byte[], byte[], Context)}, into {@code out[0, 56)}. */
  public static void messageKeyAndNonce(byte[] kR, byte[] salt16, Context context, byte[] out) {
    checkKey(kR, "K_R");
    if (salt16 == null || salt16.length != SALT_BYTES) {
      throw new IllegalArgumentException("salt must be 16 bytes");
    }
    if (out.length < KEY_AND_NONCE_BYTES) {
      throw new IllegalArgumentException("output must hold 56 bytes");
    }
    Blake2bDigest d = new Blake2bDigest(kR, KEY_AND_NONCE_BYTES, salt16, context.personalization());
    d.doFinal(out, 0);
  }

  private static byte[] keyed(byte[] key, byte[] salt, byte[] personal, int outLen) {
    Blake2bDigest d = new Blake2bDigest(key, outLen, salt, personal);
    byte[] out = new byte[outLen];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] personal(String name) {
    return Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16);
  }

  private static void checkKey(byte[] k, String what) {
    if (k == null || k.length != KEY_BYTES) {
      throw new IllegalArgumentException(what + " must be 32 bytes");
    }
  }
}
