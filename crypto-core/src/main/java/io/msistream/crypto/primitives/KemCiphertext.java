package io.msistream.crypto.primitives;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;

/**
 * A responder's key-exchange reply part, the EPK of a reply (spec section 6.3): type 1 is its bare
 * X25519 public key {@code bin(32)}; hybrids are {@code [3 or 6, [bin(32) x25519, bin(pq ciphertext)]]}.
 */
public final class KemCiphertext extends KemPart {
  private KemCiphertext(KemType type, byte[] x25519, byte[] pq) {
    super(type, x25519, pq);
  }

  /** A reply part from its parts; {@code pq} is ignored (may be null) for type 1. */
  public static KemCiphertext of(KemType type, byte[] x25519, byte[] pq) {
    return new KemCiphertext(type, checkX25519(x25519), checkPq(type, pq, type.pqCiphertextBytes(), "ciphertext"));
  }

  /**
   * Reads a reply EPK.
   *
   * @throws MalformedDataException for a wrong shape, an unknown type or wrong lengths
   */
  public static KemCiphertext decode(MpValue v) throws MalformedDataException {
    return decode(v, true, (t, x, pq) -> new KemCiphertext(t, x, pq));
  }

  @Override
  int wireType() {
    return type().replyType();
  }
}
