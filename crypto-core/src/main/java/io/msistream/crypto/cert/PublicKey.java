package io.msistream.crypto.cert;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.Ed25519SlhDsa;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A public key as certificates carry it. Keys are identified by their <em>byte form</em> (spec
 * 3.1): a type-1 key is its raw 32 bytes, every other key its msgpack encoding. Allowlist and
 * denylist membership, the {@code chains} record key and the node id all compare byte forms.
 *
 * <p>A bare {@code bin(32)} is read as an {@link Ed25519} signing key even where it is really an
 * X25519 key-exchange key (inside EPKS), as Python does (spec pitfall 5); the key-exchange layer
 * reinterprets those bytes itself.
 */
public sealed interface PublicKey {

  /** The key type number: 1 (Ed25519), 4 (Ed25519+SLH-DSA), or a key-exchange type 2, 3, 5, 6. */
  int type();

  /** The byte form that identifies the key. */
  byte[] byteForm();

  /** The msgpack encoding as it appears in a certificate. */
  byte[] encode();

  /** True for keys that can sign certificates (types 1 and 4). */
  default boolean canSign() {
    return this instanceof Ed25519Key || this instanceof HybridKey;
  }

  /**
   * Checks a signed certificate made with this key and returns its body (spec 5.1).
   *
   * @throws AuthenticationException if the signature does not verify or this key cannot sign
   */
  byte[] open(byte[] signed) throws AuthenticationException;

  /** True if both keys have the same byte form. */
  default boolean sameKey(PublicKey other) {
    return other != null && Arrays.equals(byteForm(), other.byteForm());
  }

  /** An Ed25519 public key (type 1): {@code bin(32)}. */
  record Ed25519Key(byte[] bytes) implements PublicKey {
    public Ed25519Key {
      if (bytes == null || bytes.length != Ed25519.PUBLIC_KEY_BYTES) {
        throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
      }
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public int type() {
      return 1;
    }

    @Override
    public byte[] byteForm() {
      return bytes.clone();
    }

    @Override
    public byte[] encode() {
      return Msgpack.pack(p -> p.packBinaryHeader(32).writePayload(bytes));
    }

    @Override
    public byte[] open(byte[] signed) throws AuthenticationException {
      return Ed25519.open(bytes, signed);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ed25519Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Ed25519Key[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** An Ed25519 + SLH-DSA-SHAKE-128f key (type 4): {@code [4, [bin(32) ed, bin(32) slh]]}. */
  record HybridKey(byte[] ed25519, byte[] slhDsa) implements PublicKey {
    public HybridKey {
      if (ed25519 == null || ed25519.length != 32 || slhDsa == null || slhDsa.length != 32) {
        throw new IllegalArgumentException("type-4 public key halves must be 32 bytes each");
      }
      ed25519 = ed25519.clone();
      slhDsa = slhDsa.clone();
    }

    @Override
    public byte[] ed25519() {
      return ed25519.clone();
    }

    @Override
    public byte[] slhDsa() {
      return slhDsa.clone();
    }

    @Override
    public int type() {
      return Ed25519SlhDsa.TYPE;
    }

    @Override
    public byte[] byteForm() {
      return Ed25519SlhDsa.encodePublicKey(ed25519, slhDsa);
    }

    @Override
    public byte[] encode() {
      return byteForm();
    }

    @Override
    public byte[] open(byte[] signed) throws AuthenticationException {
      return Ed25519SlhDsa.open(ed25519, slhDsa, signed);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HybridKey k && Arrays.equals(ed25519, k.ed25519)
          && Arrays.equals(slhDsa, k.slhDsa);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ed25519) + Arrays.hashCode(slhDsa);
    }

    @Override
    public String toString() {
      return "HybridKey[" + HexFormat.of().formatHex(ed25519) + ", "
          + HexFormat.of().formatHex(slhDsa) + "]";
    }
  }

  /**
   * A hybrid key-exchange key or reply part (types 2, 3, 5, 6): {@code [t, [bin(32), bin(n)]]},
   * kept as its encoding; {@code io.msistream.crypto.primitives.KemPublicKey} decodes it.
   */
  record ExchangeKey(int type, byte[] encoding) implements PublicKey {
    public ExchangeKey {
      encoding = encoding.clone();
    }

    @Override
    public byte[] encoding() {
      return encoding.clone();
    }

    @Override
    public byte[] byteForm() {
      return encoding.clone();
    }

    @Override
    public byte[] encode() {
      return encoding.clone();
    }

    @Override
    public byte[] open(byte[] signed) throws AuthenticationException {
      throw new AuthenticationException("a key-exchange key (type " + type + ") cannot sign");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ExchangeKey k && Arrays.equals(encoding, k.encoding);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoding);
    }

    @Override
    public String toString() {
      return "ExchangeKey[type " + type + ", " + encoding.length + " bytes]";
    }
  }

  /**
   * Reads one key from its msgpack encoding (see {@link #decode(MpValue, String)}); use it to put a
   * key-exchange key ({@code KemPublicKey.encode()}) into a certificate.
   *
   * @throws MalformedDataException if the bytes are not exactly one known key
   */
  static PublicKey decode(byte[] encoding) throws MalformedDataException {
    return decode(Msgpack.decode(encoding), "key");
  }

  /**
   * Reads one key: a bare {@code bin(32)} (type 1), {@code [4, [bin32, bin32]]}, or a hybrid
   * key-exchange entry {@code [2|3|5|6, [bin32, bin]]}.
   *
   * @throws MalformedDataException for any other shape or type
   */
  static PublicKey decode(MpValue v, String what) throws MalformedDataException {
    if (v instanceof MpValue.Bin || v instanceof MpValue.Str) {
      byte[] b = v.asBytes(what);
      if (b.length != 32) {
        throw new MalformedDataException(what + ": a bare key must be 32 bytes, found " + b.length);
      }
      return new Ed25519Key(b);
    }
    List<MpValue> pair = v.asArray(what);
    if (pair.size() != 2) {
      throw new MalformedDataException(what + ": expected [type, [parts]]");
    }
    long type = pair.get(0).asLong(what + " type");
    List<MpValue> parts = pair.get(1).asArray(what + " parts");
    if (parts.size() != 2) {
      throw new MalformedDataException(what + ": expected two key parts, found " + parts.size());
    }
    byte[] first = parts.get(0).asBytes(what + " part 1");
    byte[] second = parts.get(1).asBytes(what + " part 2");
    if (first.length != 32) {
      throw new MalformedDataException(what + ": first part must be 32 bytes");
    }
    if (type == Ed25519SlhDsa.TYPE) {
      if (second.length != 32) {
        throw new MalformedDataException(what + ": SLH-DSA public key must be 32 bytes");
      }
      return new HybridKey(first, second);
    }
    if (type == 2 || type == 3 || type == 5 || type == 6) {
      return new ExchangeKey((int) type, v.raw());
    }
    throw new MalformedDataException(what + ": unknown key type " + type);
  }
}
