package io.msistream.kex.protocol;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.primitives.KemPublicKey;
import io.msistream.crypto.record.KeyIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A validated key request as read from {@code R.subs} or {@code R.reqs} (spec 6.2): the leaf
 * {@code [expiry, poison, EPKS, bin(random0)]} at the end of a chain that grants the wanted usage
 * for root R.
 *
 * @param root the root topic R
 * @param recordKey the record key exactly as received (a relay reuses it)
 * @param keyIndices the key indices asked for
 * @param epksField the key field as sent: a list (normal) or one bare key (legacy request)
 * @param epks the EPKS entries in order, {@code null} where an entry is of no known type
 * @param random0 the requester's random0
 * @param requester the key that signed the leaf (the consumer, or the controller of a relay)
 * @param rootOfTrust the allowlist key the chain was validated from
 */
public record KeyRequest(String root, byte[] recordKey, List<KeyIndex> keyIndices,
    CertKey epksField, List<KemPublicKey> epks, byte[] random0, PublicKey requester,
    PublicKey rootOfTrust) {

  public KeyRequest {
    Objects.requireNonNull(root, "root");
    recordKey = recordKey.clone();
    keyIndices = List.copyOf(keyIndices);
    epks = Collections.unmodifiableList(new ArrayList<>(epks));
    random0 = random0.clone();
  }

  @Override
  public byte[] recordKey() {
    return recordKey.clone();
  }

  @Override
  public byte[] random0() {
    return random0.clone();
  }

  /** True for a legacy request whose EPKS is a single bare X25519 key. */
  public boolean legacy() {
    return epksField instanceof CertKey.Single;
  }

  /**
   * Reads and validates a request.
   *
   * @param usage {@code key-encrypt-request} (a producer reading {@code R.reqs}) or
   *     {@code key-encrypt-subscribe} (a controller reading {@code R.subs})
   * @throws MalformedDataException if the record key or leaf is malformed
   * @throws ChainValidationException if the chain does not grant {@code usage} for {@code root}
   */
  public static KeyRequest open(byte[] recordKey, byte[] value, String root, String usage,
      ChainValidator validator, double now) throws MalformedDataException, ChainValidationException {
    List<KeyIndex> kis = KeyIndexList.decode(recordKey);
    if (value == null) {
      throw new MalformedDataException("key request for " + root + ": no value");
    }
    ValidatedChain v = validator.validate(value, root, usage, now);
    if (v.extra().isEmpty()) {
      throw new MalformedDataException("key request for " + root + ": leaf has no random0");
    }
    byte[] random0 = Leaves.random(v.extra().get(0).asBytes("key request random0"),
        "key request random0");
    List<KemPublicKey> epks = new ArrayList<>();
    for (PublicKey k : v.key().keys()) {
      epks.add(Leaves.kemPublicKey(k));
    }
    return new KeyRequest(root, recordKey, kis, v.key(), epks, random0, Leaves.leafSigner(v),
        v.signers().get(0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRequest r && root.equals(r.root)
        && java.util.Arrays.equals(recordKey, r.recordKey)
        && java.util.Arrays.equals(random0, r.random0) && epksField.equals(r.epksField);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(random0);
  }

  @Override
  public String toString() {
    return "KeyRequest[" + root + ", " + keyIndices.size() + " key indices, " + epks.size()
        + " EPKS entries, from " + requester + "]";
  }
}
