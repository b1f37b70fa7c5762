package io.msistream.kex.protocol;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.record.KeyIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A validated key reply as read from {@code R.keys} (spec 6.5, 6.6): the leaf
 * {@code [expiry, poison, [EPK], [bin(random0), bin(random1)], bin(M)]} at the end of a chain
 * that grants {@code key-encrypt} for root R.
 *
 * @param root the root topic R
 * @param keyIndices the key indices named by the record key
 * @param epk the reply parts in order, {@code null} where an entry is of no known type
 * @param random0 the requester's random0 (names the request answered)
 * @param random1 the producer's random1
 * @param box M: nonce and secretbox
 * @param producer the key that signed the leaf
 */
public record KeyReply(String root, List<KeyIndex> keyIndices, List<KemCiphertext> epk,
    byte[] random0, byte[] random1, byte[] box, PublicKey producer) {

  public KeyReply {
    Objects.requireNonNull(root, "root");
    keyIndices = List.copyOf(keyIndices);
    epk = Collections.unmodifiableList(new ArrayList<>(epk));
    random0 = random0.clone();
    random1 = random1.clone();
    box = box.clone();
  }

  @Override
  public byte[] random0() {
    return random0.clone();
  }

  @Override
  public byte[] random1() {
    return random1.clone();
  }

  @Override
  public byte[] box() {
    return box.clone();
  }

  /**
   * Reads and validates a reply.
   *
   * @throws MalformedDataException if the record key or leaf is malformed (fewer than 5 items)
   * @throws ChainValidationException if the chain does not grant {@code key-encrypt} for root
   */
  public static KeyReply open(byte[] recordKey, byte[] value, String root, ChainValidator validator,
      double now) throws MalformedDataException, ChainValidationException {
    List<KeyIndex> kis = KeyIndexList.decode(recordKey);
    if (value == null) {
      throw new MalformedDataException("key reply for " + root + ": no value");
    }
    ValidatedChain v = validator.validate(value, root, NodeRole.Usage.ENCRYPT, now);
    if (v.extra().size() < 2) {
      throw new MalformedDataException("key reply for " + root + ": leaf has "
          + (3 + v.extra().size()) + " items, expected at least 5");
    }
    List<MpValue> randoms = v.extra().get(0).asArray("key reply randoms");
    if (randoms.size() < 2) {
      throw new MalformedDataException("key reply randoms: expected [random0, random1]");
    }
    byte[] random0 = Leaves.random(randoms.get(0).asBytes("key reply random0"), "key reply random0");
    byte[] random1 = Leaves.random(randoms.get(1).asBytes("key reply random1"), "key reply random1");
    byte[] m = v.extra().get(1).asBytes("key reply box");
    List<KemCiphertext> epk = new ArrayList<>();
    for (PublicKey k : v.key().keys()) {
      epk.add(Leaves.kemCiphertext(k));
    }
    return new KeyReply(root, kis, epk, random0, random1, m, Leaves.leafSigner(v));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyReply r && root.equals(r.root)
        && java.util.Arrays.equals(random0, r.random0) && java.util.Arrays.equals(random1, r.random1)
        && java.util.Arrays.equals(box, r.box);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(random1);
  }

  @Override
  public String toString() {
    return "KeyReply[" + root + ", " + keyIndices.size() + " key indices, from " + producer + "]";
  }
}
