package io.msistream.crypto.primitives;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;

/**
 * A requester's ephemeral key-exchange public key, one EPKS entry (spec section 6.3): type 1 is a
 * bare {@code bin(32)}; hybrids are {@code [2 or 5, [bin(32) x25519, bin(pq public key)]]}.
 */
public final class KemPublicKey extends KemPart {
  private KemPublicKey(KemType type, byte[] x25519, byte[] pq) {
    super(type, x25519, pq);
  }

  /** A public key from its parts; {@code pq} is ignored (may be null) for type 1. */
  public static KemPublicKey of(KemType type, byte[] x25519, byte[] pq) {
    return new KemPublicKey(type, checkX25519(x25519), checkPq(type, pq, type.pqPublicKeyBytes(), "public key"));
  }

  /**
   * Reads one EPKS entry. A bare 32-byte bin is X25519 (type 1).
   *
   * @throws MalformedDataException for a wrong shape, an unknown type or wrong lengths
   */
  public static KemPublicKey decode(MpValue v) throws MalformedDataException {
    return decode(v, false, (t, x, pq) -> new KemPublicKey(t, x, pq));
  }

  @Override
  int wireType() {
    return type().requestType();
  }
}
