package io.msistream.crypto.cert;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.Ed25519SlhDsa;
import io.msistream.crypto.primitives.SlhDsa;
import java.util.Arrays;

/**
 * A node's secret signing key: type 1 (Ed25519, libsodium 64-byte form) or type 4 (Ed25519 +
 * SLH-DSA-SHAKE-128f). Secret material lives in {@link SecretBytes}; {@link #toString()} shows the
 * type and public key only; {@link #close()} wipes it.
 */
public sealed interface SigningKey extends AutoCloseable {

  /** 1 or 4. */
  int type();

  /** The matching public key. */
  PublicKey publicKey();

  /** Signs a certificate body (spec 5.1): {@code sig || body} (type 4: {@code slh || ed || body}). */
  byte[] sign(byte[] body);

  /** Wipes the secret material. */
  @Override
  void close();

  /** A type-1 key from a libsodium 64-byte secret key (copied). */
  static SigningKey ed25519(byte[] secretKey64) {
    return new Ed25519Signing(SecretBytes.copyOf(secretKey64));
  }

  /** A type-4 key from its Ed25519 (64-byte) and SLH-DSA (64-byte) secret keys (copied). */
  static SigningKey hybrid(byte[] ed25519Secret64, byte[] slhDsaSecret64) {
    return new HybridSigning(SecretBytes.copyOf(ed25519Secret64), SecretBytes.copyOf(slhDsaSecret64));
  }

  /** Ed25519 (type 1). */
  final class Ed25519Signing implements SigningKey {
    private final SecretBytes sk;
    private final PublicKey pk;

    Ed25519Signing(SecretBytes sk) {
      if (sk.length() != Ed25519.SECRET_KEY_BYTES) {
        throw new IllegalArgumentException("Ed25519 secret key must be 64 bytes");
      }
      this.sk = sk;
      this.pk = new PublicKey.Ed25519Key(Arrays.copyOfRange(sk.unsafeView(), 32, 64));
    }

    @Override
    public int type() {
      return 1;
    }

    @Override
    public PublicKey publicKey() {
      return pk;
    }

    /** A copy of the 64-byte secret key (wipe it when done). */
    public byte[] secretKey() {
      return sk.bytes();
    }

    @Override
    public byte[] sign(byte[] body) {
      return Ed25519.sign(sk.unsafeView(), body);
    }

    @Override
    public void close() {
      sk.close();
    }

    @Override
    public String toString() {
      return "SigningKey[type 1, " + pk + "]";
    }
  }

  /** Ed25519 + SLH-DSA (type 4). */
  final class HybridSigning implements SigningKey {
    private final SecretBytes ed;
    private final SecretBytes slh;
    private final PublicKey pk;

    HybridSigning(SecretBytes ed, SecretBytes slh) {
      if (ed.length() != Ed25519.SECRET_KEY_BYTES || slh.length() != SlhDsa.SECRET_KEY_BYTES) {
        throw new IllegalArgumentException("type-4 secret key halves must be 64 bytes each");
      }
      this.ed = ed;
      this.slh = slh;
      this.pk = new PublicKey.HybridKey(Arrays.copyOfRange(ed.unsafeView(), 32, 64),
          Arrays.copyOfRange(slh.unsafeView(), 32, 64));
    }

    @Override
    public int type() {
      return Ed25519SlhDsa.TYPE;
    }

    @Override
    public PublicKey publicKey() {
      return pk;
    }

    /** A copy of the Ed25519 half (wipe it when done). */
    public byte[] ed25519SecretKey() {
      return ed.bytes();
    }

    /** A copy of the SLH-DSA half (wipe it when done). */
    public byte[] slhDsaSecretKey() {
      return slh.bytes();
    }

    @Override
    public byte[] sign(byte[] body) {
      return Ed25519SlhDsa.sign(ed.unsafeView(), slh.unsafeView(), body);
    }

    @Override
    public void close() {
      ed.close();
      slh.close();
    }

    @Override
    public String toString() {
      return "SigningKey[type 4, " + pk + "]";
    }
  }
}
