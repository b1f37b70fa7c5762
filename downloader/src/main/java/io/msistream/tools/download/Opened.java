package io.msistream.tools.download;

import java.nio.ByteBuffer;

/** A consumed record after decryption (if any): readable bytes, or wire bytes that stay encrypted. */
sealed interface Opened {
  /**
   * Plaintext key and value (either may be null, as on the wire).
   *
   * @param key the record key bytes
   * @param value the record value bytes; its array is shared with the record, not copied
   */
  record Readable(byte[] key, ByteBuffer value) implements Opened {}

  /**
   * Key or value could not be decrypted: both as they came off the wire, and why.
   *
   * @param key the key's wire bytes (null if the record had no key)
   * @param value the value's wire bytes (null if the record had no value)
   * @param reason what went wrong, for the log
   */
  record Undecryptable(byte[] key, byte[] value, String reason) implements Opened {}
}
