package io.msistream.crypto.primitives;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What {@link KemPublicKey} and {@link KemCiphertext} share: a type, an X25519 part, a PQ part. */
abstract sealed class KemPart permits KemPublicKey, KemCiphertext {
  private static final byte[] NONE = new byte[0];
  private final KemType type;
  private final byte[] x25519;
  private final byte[] pq;

  KemPart(KemType type, byte[] x25519, byte[] pq) {
    this.type = type;
    this.x25519 = x25519.clone();
    this.pq = type.isHybrid() ? pq.clone() : NONE;
  }

  /** The KEM type. */
  public KemType type() {
    return type;
  }

  /** The 32-byte X25519 public key. */
  public byte[] x25519() {
    return x25519.clone();
  }

  /** The post-quantum part (empty for type 1). */
  public byte[] pq() {
    return pq.clone();
  }

  byte[] x25519View() {
    return x25519;
  }

  byte[] pqView() {
    return pq;
  }

  abstract int wireType();

  /** The msgpack encoding: {@code bin(32)} for type 1, else {@code [t, [bin, bin]]}. */
  public byte[] encode() {
    if (!type.isHybrid()) {
      return Msgpack.pack(p -> p.packBinaryHeader(32).writePayload(x25519));
    }
    return Msgpack.pack(p -> {
      p.packArrayHeader(2).packInt(wireType()).packArrayHeader(2);
      p.packBinaryHeader(x25519.length).writePayload(x25519);
      p.packBinaryHeader(pq.length).writePayload(pq);
    });
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((KemPart) o).type == type
        && Arrays.equals(((KemPart) o).x25519, x25519) && Arrays.equals(((KemPart) o).pq, pq);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(x25519);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[type " + wireType() + "]";
  }

  interface Factory<T> {
    T make(KemType type, byte[] x25519, byte[] pq);
  }

  static <T> T decode(MpValue v, boolean reply, Factory<T> f) throws MalformedDataException {
    String what = reply ? "key-exchange reply part" : "key-exchange public key";
    if (v instanceof MpValue.Bin b) {
      if (b.length() != 32) {
        throw new MalformedDataException(what + ": bare key is " + b.length() + " bytes, expected 32");
      }
      return f.make(KemType.X25519, b.bytes(), NONE);
    }
    List<MpValue> outer = v.asArray(what);
    if (outer.size() != 2) {
      throw new MalformedDataException(what + ": expected [type, [x25519, pq]]");
    }
    long n = outer.get(0).asLong(what + " type");
    Optional<KemType> t = reply ? KemType.forReplyType(n) : KemType.forRequestType(n);
    if (t.isEmpty() || !t.get().isHybrid()) {
      throw new MalformedDataException(what + ": unsupported type " + n);
    }
    List<MpValue> parts = outer.get(1).asArray(what + " parts");
    if (parts.size() != 2) {
      throw new MalformedDataException(what + ": expected two parts");
    }
    byte[] x = parts.get(0).asBin(what + " x25519");
    byte[] pq = parts.get(1).asBin(what + " pq");
    int want = reply ? t.get().pqCiphertextBytes() : t.get().pqPublicKeyBytes();
    if (x.length != 32 || pq.length != want) {
      throw new MalformedDataException(what + " type " + n + ": wrong part lengths "
          + x.length + "/" + pq.length + ", expected 32/" + want);
    }
    return f.make(t.get(), x, pq);
  }

  static byte[] checkX25519(byte[] x) {
    Ed25519.checkLength(x, 32, "X25519 public key");
    return x;
  }

  static byte[] checkPq(KemType type, byte[] pq, int len, String what) {
    if (!type.isHybrid()) {
      return NONE;
    }
    Ed25519.checkLength(pq, len, type + " " + what);
    return pq;
  }
}
