package io.msistream.kex.keys;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;

/**
 * A consumer's received keys: (root, key index) → K_R. The runtime puts what replies deliver and
 * looks keys up to decrypt. The default lives in memory ({@link #inMemory()}); a key keeper can
 * plug in a store that persists keys (e.g. wrapped with its storage key). Implementations must be
 * thread-safe. {@link #find} may return the stored secret itself: callers only read it during the
 * call and never keep or wipe it.
 */
public interface ReceivedKeyStore extends KeyLookup, AutoCloseable {

  /**
   * Stores a copy of {@code kR} for (root, ki).
   *
   * @return true if stored, false if (root, ki) was already known (the first key is kept: a later
   *     delivery never replaces it)
   */
  boolean put(String root, KeyIndex ki, SecretBytes kR);

  /** True if a key for (root, ki) is stored. */
  default boolean contains(String root, KeyIndex ki) {
    return find(root, ki).isPresent();
  }

  /** Wipes the stored keys (a persistent store closes its file). */
  @Override
  void close();

  /** A fresh in-memory store. */
  static ReceivedKeyStore inMemory() {
    return new MemoryKeyStore();
  }
}
