package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.Msgpack;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes unsigned certificates the way Python does (spec 5.1): {@code [expiry, bin(poison), pk,
 * extra...]} with str poison names, an expiry of int 0 ("never") or float64, and extra items
 * appended as given. Sign the result with {@link SigningKey#sign(byte[])}.
 */
public final class CertificateBuilder {
  private Double floatExpiry;
  private long intExpiry;
  private Poison poison = Poison.NONE;
  private List<PublicKey> keys;
  private boolean keyList;
  private final List<byte[]> extra = new ArrayList<>();

  CertificateBuilder() {}

  /** A builder with expiry 0 (never), no constraints and no key yet. */
  public static CertificateBuilder create() {
    return new CertificateBuilder();
  }

  /** Expiry as float64 seconds since the epoch (Python's {@code time() + maxage}). */
  public CertificateBuilder expiresAt(double epochSeconds) {
    if (Double.isNaN(epochSeconds)) {
      throw new IllegalArgumentException("expiry must not be NaN");
    }
    this.floatExpiry = epochSeconds;
    return this;
  }

  /** Expiry as a msgpack integer; 0 (the default) means never. */
  public CertificateBuilder expiryInteger(long epochSeconds) {
    this.floatExpiry = null;
    this.intExpiry = epochSeconds;
    return this;
  }

  public CertificateBuilder poison(Poison p) {
    this.poison = Objects.requireNonNull(p, "poison");
    return this;
  }

  /** A single key (signing keys, legacy single key-exchange keys). */
  public CertificateBuilder key(PublicKey k) {
    this.keys = List.of(Objects.requireNonNull(k, "key"));
    this.keyList = false;
    return this;
  }

  /** A list of keys (EPKS of a request, {@code [EPK]} of a reply). */
  public CertificateBuilder keys(List<PublicKey> ks) {
    this.keys = List.copyOf(ks);
    this.keyList = true;
    return this;
  }

  /** Appends an extra item given as its msgpack encoding (copied as is). */
  public CertificateBuilder extraEncoded(byte[] msgpack) {
    extra.add(msgpack.clone());
    return this;
  }

  /** Appends an extra item as {@code bin(bytes)}. */
  public CertificateBuilder extraBin(byte[] bytes) {
    byte[] b = bytes.clone();
    extra.add(Msgpack.pack(p -> p.packBinaryHeader(b.length).writePayload(b)));
    return this;
  }

  /** The certificate's bytes. */
  public byte[] encode() {
    if (keys == null) {
      throw new IllegalStateException("certificate key not set");
    }
    byte[] poisonBytes = poison.encode();
    return Msgpack.pack(p -> {
      p.packArrayHeader(3 + extra.size());
      if (floatExpiry != null) {
        p.packDouble(floatExpiry);
      } else {
        p.packLong(intExpiry);
      }
      p.packBinaryHeader(poisonBytes.length).writePayload(poisonBytes);
      if (keyList) {
        p.packArrayHeader(keys.size());
      }
      for (PublicKey k : keys) {
        p.writePayload(k.encode());
      }
      for (byte[] x : extra) {
        p.writePayload(x);
      }
    });
  }

  /** The certificate, decoded from {@link #encode()}. */
  public Certificate build() {
    try {
      return Certificate.decode(encode(), "built certificate");
    } catch (MalformedDataException e) {
      throw new IllegalStateException("built an undecodable certificate", e); // a bug
    }
  }
}
