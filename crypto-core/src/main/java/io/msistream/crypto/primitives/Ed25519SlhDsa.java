package io.msistream.crypto.primitives;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.Arrays;

/**
 * Signing key type 4: Ed25519 and SLH-DSA-SHAKE-128f together (spec sections 3.1 and 5.1). A signed
 * message is {@code slhdsa_sig(17088) || ed25519_sig(64) || body}: SLH-DSA signs the whole Ed25519
 * signed message. The public key's byte form (in certificates and in the node id) is
 * {@code pack([4, [bin(ed_pk32), bin(slh_pk32)]])}.
 */
public final class Ed25519SlhDsa {
  /** The signing key type number. */
  public static final int TYPE = 4;

  private Ed25519SlhDsa() {}

  /** {@code pack([4, [bin(edPk), bin(slhPk)]])}. */
  public static byte[] encodePublicKey(byte[] edPk32, byte[] slhPk32) {
    Ed25519.checkLength(edPk32, Ed25519.PUBLIC_KEY_BYTES, "Ed25519 public key");
    Ed25519.checkLength(slhPk32, SlhDsa.PUBLIC_KEY_BYTES, "SLH-DSA public key");
    return Msgpack.pack(p -> {
      p.packArrayHeader(2).packInt(TYPE).packArrayHeader(2);
      p.packBinaryHeader(32).writePayload(edPk32);
      p.packBinaryHeader(32).writePayload(slhPk32);
    });
  }

  /** Signs {@code body}: {@code slh_sig || ed_sig || body} (deterministic SLH-DSA). */
  public static byte[] sign(byte[] edSk64, byte[] slhSk64, byte[] body) {
    byte[] inner = Ed25519.sign(edSk64, body);
    byte[] slhSig = SlhDsa.sign(slhSk64, inner, null);
    byte[] out = Arrays.copyOf(slhSig, slhSig.length + inner.length);
    System.arraycopy(inner, 0, out, slhSig.length, inner.length);
    return out;
  }

  /**
   * Verifies SLH-DSA first, then Ed25519, and returns the body.
   *
   * @throws AuthenticationException if either signature fails or the input is too short
   */
  public static byte[] open(byte[] edPk32, byte[] slhPk32, byte[] signed) throws AuthenticationException {
    int s = SlhDsa.SIGNATURE_BYTES;
    if (signed == null || signed.length < s + Ed25519.SIGNATURE_BYTES) {
      throw new AuthenticationException("Ed25519+SLH-DSA: signed message too short");
    }
    byte[] inner = Arrays.copyOfRange(signed, s, signed.length);
    if (!SlhDsa.verify(slhPk32, inner, Arrays.copyOf(signed, s))) {
      throw new AuthenticationException("Ed25519+SLH-DSA: SLH-DSA signature does not verify");
    }
    return Ed25519.open(edPk32, inner);
  }
}
