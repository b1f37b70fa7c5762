package io.msistream.crypto.record;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;

/**
 * A producer's key for one (root, key index): K_R and the two per-message generators, one for
 * record keys and one for record values, each with its own salt counter starting at zero (spec
 * section 3.1 step 4). Thread-safe: every call takes a fresh salt.
 */
public final class EncryptionKey implements AutoCloseable {
  private final String root;
  private final KeyIndex keyIndex;
  private final byte[] keyIndexEncoded;
  private final SecretBytes kR;
  private final SaltCounter keySalts;
  private final SaltCounter valueSalts;

  private EncryptionKey(String root, KeyIndex keyIndex, SecretBytes kR, SaltCounter keySalts,
      SaltCounter valueSalts) {
    this.root = root;
    this.keyIndex = keyIndex;
    this.keyIndexEncoded = keyIndex.encode();
    this.kR = kR;
    this.keySalts = keySalts;
    this.valueSalts = valueSalts;
  }

  /** A fresh key (both counters at zero); {@code kR} is copied. */
  public static EncryptionKey create(String root, KeyIndex keyIndex, byte[] kR) {
    return create(root, keyIndex, kR, SaltCounter.create(), SaltCounter.create());
  }

  /** A key whose counters continue from the given ones; {@code kR} is copied. */
  public static EncryptionKey create(String root, KeyIndex keyIndex, byte[] kR,
      SaltCounter keySalts, SaltCounter valueSalts) {
    if (kR == null || kR.length != KafkaCryptoKdf.KEY_BYTES) {
      throw new IllegalArgumentException("K_R must be 32 bytes");
    }
    return new EncryptionKey(root, keyIndex, SecretBytes.copyOf(kR), keySalts, valueSalts);
  }

  /** The key of {@code state} for {@code root}, named as a node with {@code nodeIdSpk} names it. */
  public static EncryptionKey derive(RatchetState state, String root, byte[] nodeIdSpk, boolean longKeyIndex) {
    try (SecretBytes k = state.rootKey(root)) {
      return create(root, state.keyIndex(nodeIdSpk, longKeyIndex), k.unsafeView());
    }
  }

  /** The root topic. */
  public String root() {
    return root;
  }

  /** The key index written into every record. */
  public KeyIndex keyIndex() {
    return keyIndex;
  }

  /** A copy of K_R (to hand to a consumer in a key exchange; wipe it when done). */
  public SecretBytes rootKey() {
    return SecretBytes.copyOf(kR.unsafeView());
  }

  /** Encrypts a record key or value with the next salt of that context. */
  public byte[] encrypt(Context context, byte[] plaintext) {
    return encrypt(context, plaintext, 0, plaintext.length);
  }

  /** Encrypts {@code plaintext[off, +len)} with the next salt of that context. */
  public byte[] encrypt(Context context, byte[] plaintext, int off, int len) {
    byte[] salt = (context == Context.KEY ? keySalts : valueSalts).next();
    return RecordCodec.encrypt(keyIndexEncoded, kR.unsafeView(), context, salt, plaintext, off, len);
  }

  /** Wipes K_R. */
  @Override
  public void close() {
    kR.close();
  }

  @Override
  public String toString() {
    return "EncryptionKey[" + root + ", " + keyIndex + "]";
  }
}
