package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An unsigned certificate (spec 5.1): {@code pack([expiry, bin(poison), pk, extra...])}.
 * Allowlist and denylist entries are unsigned certificates; signed chain items carry one as their
 * body. Decoding keeps the exact bytes ({@link #encoded()}) and the extra items raw, so nothing is
 * ever re-encoded before a signature check or a re-send.
 *
 * @param expiry seconds since the epoch, 0 = never (written by Python as int 0 or float64)
 * @param poison the constraints
 * @param key the key field
 * @param extra the 4th and later items, as decoded msgpack values with their raw bytes
 */
public record Certificate(double expiry, Poison poison, CertKey key, List<MpValue> extra,
    byte[] encoded) {

  public Certificate {
    Objects.requireNonNull(poison, "poison");
    Objects.requireNonNull(key, "key");
    extra = List.copyOf(extra);
    encoded = encoded.clone();
  }

  /** A copy of the exact encoding. */
  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  /**
   * Decodes an unsigned certificate.
   *
   * @param what names the certificate in error messages (e.g. {@code "allowlist entry rot0"})
   * @throws MalformedDataException if the bytes are not a well-formed certificate
   */
  public static Certificate decode(byte[] bytes, String what) throws MalformedDataException {
    MpValue v;
    try {
      v = Msgpack.decode(bytes);
    } catch (MalformedDataException e) {
      throw new MalformedDataException(what + ": " + e.getMessage(), e);
    }
    try {
      return decode(v, bytes);
    } catch (MalformedDataException e) {
      throw new MalformedDataException(what + ": " + e.getMessage(), e);
    }
  }

  private static Certificate decode(MpValue v, byte[] bytes) throws MalformedDataException {
    List<MpValue> items = v.asArray("certificate");
    if (items.size() < 3) {
      throw new MalformedDataException("certificate: expected at least 3 items, found " + items.size());
    }
    MpValue e = items.get(0);
    if (!(e instanceof MpValue.Int) && !(e instanceof MpValue.Float)) {
      throw new MalformedDataException("certificate expiry: expected a number, found " + e.typeName());
    }
    double expiry = e.asNumber("certificate expiry");
    if (Double.isNaN(expiry)) {
      throw new MalformedDataException("certificate expiry: NaN");
    }
    Poison poison;
    try {
      poison = Poison.decode(items.get(1).asBytes("certificate poison"));
    } catch (MalformedDataException ex) {
      throw new MalformedDataException("certificate " + ex.getMessage(), ex);
    }
    CertKey key = CertKey.decode(items.get(2));
    return new Certificate(expiry, poison, key, items.subList(3, items.size()), bytes);
  }

  /** The extra items' exact encodings. */
  public List<byte[]> extraEncoded() {
    List<byte[]> out = new ArrayList<>();
    for (MpValue x : extra) {
      out.add(x.raw());
    }
    return out;
  }

  /** The single key, if the key field is one key. */
  public java.util.Optional<PublicKey> singleKey() {
    return key instanceof CertKey.Single s ? java.util.Optional.of(s.key()) : java.util.Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Certificate c && java.util.Arrays.equals(encoded, c.encoded);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Certificate[expiry " + expiry + ", " + poison + ", " + key + ", " + extra.size()
        + " extra]";
  }
}
