package io.msistream.crypto.record;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;

/**
 * What a consumer gets for one record key or value (spec section 3.3): exactly one of
 * {@link Cleartext}, {@link PossiblyDecryptable} or {@link NeverDecryptable}. (A null record
 * key/value stays null and is not a result.)
 */
public sealed interface DecodeResult {

  /** The wire bytes as received. */
  byte[] raw();

  /** Decrypted. */
  record Cleartext(byte[] plaintext, byte[] raw) implements DecodeResult {
    @Override
    public String toString() {
      return "Cleartext[" + plaintext.length + " bytes]";
    }
  }

  /**
   * In KafkaCrypto's format but not decrypted now: the key for (root, ki) is not known, or the
   * tag (or another field) did not check out under the key that is known. The raw bytes are kept so
   * decryption can be retried once the key arrives.
   */
  record PossiblyDecryptable(byte[] raw, String root, KeyIndex keyIndex, Context context)
      implements DecodeResult {
    /** Tries again with {@code keys} (e.g. after a key exchange delivered more keys). */
    public DecodeResult retry(KeyLookup keys) {
      return RecordCodec.decrypt(raw, root, context, keys);
    }

    @Override
    public String toString() {
      return "PossiblyDecryptable[" + root + ", " + keyIndex + ", " + raw.length + " bytes]";
    }
  }

  /** Not in KafkaCrypto's encrypted format (empty, wrong first byte, not a 3-element array). */
  record NeverDecryptable(byte[] raw) implements DecodeResult {
    @Override
    public String toString() {
      return "NeverDecryptable[" + raw.length + " bytes]";
    }
  }
}
