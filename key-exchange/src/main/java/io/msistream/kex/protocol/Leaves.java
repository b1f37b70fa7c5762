package io.msistream.kex.protocol;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.primitives.KemCiphertext;
import io.msistream.crypto.primitives.KemPublicKey;
import java.util.List;

/** Helpers shared by the message readers: key conversions and who signed a leaf. */
final class Leaves {
  /** Longest random0/random1 accepted (Python sends 32 bytes). */
  static final int MAX_RANDOM_BYTES = 1024;

  private Leaves() {}

  /**
   * The key that signed the leaf. {@link ValidatedChain#signers()} lists the root, then each
   * single key on the path; a single-key leaf (a legacy request's bare X25519 key) is listed too,
   * so the leaf's signer is then the one before it.
   */
  static PublicKey leafSigner(ValidatedChain v) {
    List<PublicKey> s = v.signers();
    if (v.key() instanceof CertKey.Single single && s.size() >= 2
        && s.get(s.size() - 1).sameKey(single.key())) {
      return s.get(s.size() - 2);
    }
    return s.get(s.size() - 1);
  }

  /** An EPKS entry as a KEM public key, or null if it is of no type we know. */
  static KemPublicKey kemPublicKey(PublicKey k) {
    try {
      return KemPublicKey.decode(Msgpack.decode(k.encode()));
    } catch (MalformedDataException e) {
      return null;
    }
  }

  /** A reply EPK entry as a KEM reply part, or null if it is of no type we know. */
  static KemCiphertext kemCiphertext(PublicKey k) {
    try {
      return KemCiphertext.decode(Msgpack.decode(k.encode()));
    } catch (MalformedDataException e) {
      return null;
    }
  }

  /** A KEM public key or reply part as a certificate key (bare bin(32) or {@code [t, [..]]}). */
  static PublicKey certKey(byte[] kemEncoding) {
    try {
      return PublicKey.decode(kemEncoding);
    } catch (MalformedDataException e) {
      throw new IllegalStateException("a KEM key did not encode as a certificate key", e); // a bug
    }
  }

  static byte[] random(byte[] r, String what) throws MalformedDataException {
    if (r.length == 0 || r.length > MAX_RANDOM_BYTES) {
      throw new MalformedDataException(what + ": " + r.length + " bytes");
    }
    return r;
  }
}
