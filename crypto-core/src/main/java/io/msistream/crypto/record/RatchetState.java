package io.msistream.crypto.record;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.primitives.KafkaCryptoKdf;

/**
 * A producer's ratchet state (spec section 3.1 step 1): a key index counter and a 32-byte secret
 * S. Each {@link #next()} gives {@code (keyidx + 1, BLAKE2b(key = S, personal = "ratchet"))}; every
 * process start and every ratchet interval uses a new state, so each gets a new key index.
 *
 * <p>Immutable; the secret is copied in and out. {@link #close()} wipes this state's copy.
 */
public final class RatchetState implements AutoCloseable {
  private final long keyidx;
  private final SecretBytes secret;

  private RatchetState(long keyidx, SecretBytes secret) {
    this.keyidx = keyidx;
    this.secret = secret;
  }

  /** A state from its parts; the secret is copied. */
  public static RatchetState of(long keyidx, byte[] secret32) {
    if (keyidx < 0) {
      throw new IllegalArgumentException("keyidx must not be negative");
    }
    if (secret32 == null || secret32.length != KafkaCryptoKdf.KEY_BYTES) {
      throw new IllegalArgumentException("ratchet secret must be 32 bytes");
    }
    return new RatchetState(keyidx, SecretBytes.copyOf(secret32));
  }

  /** The key index counter. */
  public long keyidx() {
    return keyidx;
  }

  /** A copy of the secret S (wipe it when done). */
  public byte[] secret() {
    return secret.bytes();
  }

  /** The following state: {@code keyidx + 1} and the ratchet step of S. */
  public RatchetState next() {
    return new RatchetState(Math.addExact(keyidx, 1),
        SecretBytes.wrap(KafkaCryptoKdf.ratchetStep(secret.unsafeView())));
  }

  /** This state's per-root secret K_R for {@code root} (the caller owns and wipes it). */
  public SecretBytes rootKey(String root) {
    return SecretBytes.wrap(KafkaCryptoKdf.rootKey(secret.unsafeView(), root));
  }

  /**
   * This state's key index for a node.
   *
   * @param nodeIdSpk the node's signing public keys' byte forms, concatenated
   * @param longForm true for the default hashed form, false for the legacy integer
   */
  public KeyIndex keyIndex(byte[] nodeIdSpk, boolean longForm) {
    return longForm ? KeyIndex.hashed(nodeIdSpk, keyidx) : KeyIndex.legacy(keyidx);
  }

  /** Wipes this state's copy of the secret. */
  @Override
  public void close() {
    secret.close();
  }

  @Override
  public String toString() {
    return "RatchetState[keyidx " + keyidx + "]";
  }
}
