package io.msistream.crypto.primitives;

import java.util.Optional;

/**
 * The key-exchange (KEM) types of KafkaCrypto (spec section 6.3). Each has a request-side wire
 * number (the requester's public key inside EPKS) and a reply-side number (the responder's part).
 * Type 1 is plain X25519 on both sides; hybrids add a post-quantum KEM whose secret is appended to
 * the X25519 output: {@code E = X25519 || KEM secret}.
 */
public enum KemType {
  /** X25519 only: request and reply type 1, a bare {@code bin(32)}. */
  X25519(1, 1, 0, 0, 0),
  /** X25519 + sntrup761: request type 2, reply type 3. */
  X25519_SNTRUP761(2, 3, 1158, 1039, 1763),
  /** X25519 + ML-KEM-1024: request type 5, reply type 6. */
  X25519_MLKEM1024(5, 6, 1568, 1568, 3168);

  private final int requestType;
  private final int replyType;
  private final int pqPublicKeyBytes;
  private final int pqCiphertextBytes;
  private final int pqSecretKeyBytes;

  KemType(int requestType, int replyType, int pqPublicKeyBytes, int pqCiphertextBytes,
      int pqSecretKeyBytes) {
    this.requestType = requestType;
    this.replyType = replyType;
    this.pqPublicKeyBytes = pqPublicKeyBytes;
    this.pqCiphertextBytes = pqCiphertextBytes;
    this.pqSecretKeyBytes = pqSecretKeyBytes;
  }

  /** Wire number of the requester's public key (1, 2 or 5); also the number in {@code .crypto} type lists. */
  public int requestType() {
    return requestType;
  }

  /** Wire number of the responder's reply part (1, 3 or 6). */
  public int replyType() {
    return replyType;
  }

  /** True for the X25519 + post-quantum hybrids. */
  public boolean isHybrid() {
    return this != X25519;
  }

  /** Length of the post-quantum public key (0 for type 1). */
  public int pqPublicKeyBytes() {
    return pqPublicKeyBytes;
  }

  /** Length of the post-quantum ciphertext (0 for type 1). */
  public int pqCiphertextBytes() {
    return pqCiphertextBytes;
  }

  /** Length of the post-quantum secret key in liboqs' (and BouncyCastle's) encoding (0 for type 1). */
  public int pqSecretKeyBytes() {
    return pqSecretKeyBytes;
  }

  /** Length of the shared secret E. */
  public int sharedSecretBytes() {
    return isHybrid() ? 64 : 32;
  }

  /** The type whose request-side number is {@code n}, if any. */
  public static Optional<KemType> forRequestType(long n) {
    for (KemType t : values()) {
      if (t.requestType == n) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type whose reply-side number is {@code n}, if any. */
  public static Optional<KemType> forReplyType(long n) {
    for (KemType t : values()) {
      if (t.replyType == n) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
