package io.msistream.kex.protocol;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encrypted part of a reply (spec 6.5 steps 4 and 5): the secret
 * {@code SS = SHA-256(UTF-8(root) || random0 || random1 || E)} and the box
 * {@code M = nonce24 || secretbox(pack([ki_1, bin(K_1), ki_2, bin(K_2), ...]), nonce, SS)}.
 */
public final class ReplyBox {
  private ReplyBox() {}

  /** SS for one exchange (the caller wipes it). */
  public static byte[] sharedSecret(String root, byte[] random0, byte[] random1, byte[] e) {
    return Sha256.hash(root.getBytes(StandardCharsets.UTF_8), random0, random1, e);
  }

  /** {@code nonce || secretbox(inner, nonce, ss)} for keys, in the order given. */
  public static byte[] seal(byte[] ss, byte[] nonce24, List<HeldKey> keys) {
    byte[] inner = inner(keys);
    try {
      byte[] m = new byte[SecretBox.NONCE_BYTES + SecretBox.TAG_BYTES + inner.length];
      System.arraycopy(nonce24, 0, m, 0, SecretBox.NONCE_BYTES);
      SecretBox.seal(ss, nonce24, inner, 0, inner.length, m, SecretBox.NONCE_BYTES);
      return m;
    } finally {
      Arrays.fill(inner, (byte) 0);
    }
  }

  /** The inner plaintext {@code pack([ki_1, bin(K_1), ...])} (the caller wipes it). */
  static byte[] inner(List<HeldKey> keys) {
    return Msgpack.pack(p -> {
      p.packArrayHeader(2 * keys.size());
      for (HeldKey k : keys) {
        p.writePayload(k.keyIndex().encode());
        byte[] kR = k.rootKey().unsafeView();
        p.packBinaryHeader(kR.length).writePayload(kR);
      }
    });
  }

  /**
   * Opens M and reads the delivered keys (each K_R must be 32 bytes). The caller owns and wipes
   * the returned keys.
   *
   * @throws AuthenticationException if the box does not open under ss
   * @throws MalformedDataException if M is too short or the inner list is not a non-empty list
   *     of (ki, 32-byte key) pairs
   */
  public static List<HeldKey> open(byte[] ss, byte[] m)
      throws AuthenticationException, MalformedDataException {
    if (m.length < SecretBox.NONCE_BYTES + SecretBox.TAG_BYTES) {
      throw new MalformedDataException("key reply box: " + m.length + " bytes, shorter than nonce and tag");
    }
    byte[] nonce = Arrays.copyOf(m, SecretBox.NONCE_BYTES);
    byte[] inner = SecretBox.open(ss, nonce, m, SecretBox.NONCE_BYTES, m.length - SecretBox.NONCE_BYTES);
    List<HeldKey> out = new ArrayList<>();
    try {
      List<MpValue> flat = Msgpack.decode(inner).asArray("key reply contents");
      if (flat.isEmpty() || flat.size() % 2 != 0) {
        throw new MalformedDataException("key reply contents: expected a non-empty list of"
            + " (key index, key) pairs, found " + flat.size() + " items");
      }
      for (int i = 0; i < flat.size(); i += 2) {
        KeyIndex ki = KeyIndex.of(flat.get(i));
        byte[] kR = flat.get(i + 1).asBytes("key reply key " + (i / 2));
        try {
          if (kR.length != KafkaCryptoKdf.KEY_BYTES) {
            throw new MalformedDataException("key reply key " + (i / 2) + ": " + kR.length
                + " bytes, expected " + KafkaCryptoKdf.KEY_BYTES);
          }
          out.add(new HeldKey(ki, SecretBytes.copyOf(kR)));
        } finally {
          Arrays.fill(kR, (byte) 0);
        }
      }
      return List.copyOf(out);
    } catch (MalformedDataException e) {
      out.forEach(HeldKey::close);
      throw e;
    } finally {
      Arrays.fill(inner, (byte) 0);
    }
  }
}
