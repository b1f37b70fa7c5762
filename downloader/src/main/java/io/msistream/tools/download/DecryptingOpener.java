package io.msistream.tools.download;

import io.msistream.kex.CryptoMessage;
import io.msistream.kex.DecryptionWaiter;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Opens records of an encrypted topic (spec §11.2, §11.3): a key or value whose decryption key is
 * not known yet is waited for within the {@link DecryptionWaiter}'s bounds
 * ({@code --max_initial_wait_per_decrypt}, then {@code --max_wait_per_decrypt}); what is still not
 * decrypted afterwards (keys missing, tampered, or not KafkaCrypto's format at all) is
 * {@link Opened.Undecryptable}, its wire bytes kept for ENCRYPTED_MESSAGES. With
 * {@code --treat_undecryptable_as_plaintext}, bytes that are not in KafkaCrypto's format at all
 * are used as plaintext instead (never ones that are encrypted but cannot be decrypted).
 */
final class DecryptingOpener implements RecordOpener<CryptoMessage<byte[]>, CryptoMessage<byte[]>> {
  private final DecryptionWaiter waiter;
  private final boolean foreignAsPlaintext;

  DecryptingOpener(DecryptionWaiter waiter, boolean foreignAsPlaintext) {
    this.waiter = waiter;
    this.foreignAsPlaintext = foreignAsPlaintext;
  }

  @Override
  public Opened open(ConsumerRecord<CryptoMessage<byte[]>, CryptoMessage<byte[]>> r)
      throws InterruptedException {
    CryptoMessage<byte[]> key = r.key() == null ? null : waiter.await(r.key());
    CryptoMessage<byte[]> value = r.value();
    if (value != null) {
      // after a key that did not decrypt in time, do not wait a second time for the same key
      value = key instanceof CryptoMessage.Pending<byte[]> && value instanceof
          CryptoMessage.Pending<byte[]> p ? p.retry() : waiter.await(value);
    }
    String why = problem("key", key);
    if (why == null) {
      why = problem("value", value);
    }
    if (why != null) {
      return new Opened.Undecryptable(key == null ? null : key.raw(),
          value == null ? null : value.raw(), why);
    }
    byte[] v = plain(value);
    return new Opened.Readable(plain(key), v == null ? null : ByteBuffer.wrap(v));
  }

  private byte[] plain(CryptoMessage<byte[]> m) {
    if (m == null) {
      return null;
    }
    if (m instanceof CryptoMessage.Cleartext<byte[]> c) {
      return c.value();
    }
    return m.raw(); // foreign format, used as plaintext (checked by problem())
  }

  /** Why {@code m} cannot be used, or null if it can. */
  private String problem(String what, CryptoMessage<byte[]> m) {
    if (m == null || m instanceof CryptoMessage.Cleartext) {
      return null;
    }
    if (m instanceof CryptoMessage.Undecryptable<byte[]> u) {
      return foreignAsPlaintext ? null
          : "the " + what + " is not a KafkaCrypto record: " + u.reason();
    }
    CryptoMessage.Pending<byte[]> p = (CryptoMessage.Pending<byte[]>) m;
    return p.keyKnown()
        ? "the " + what + " does not decrypt under its key (tampered or corrupt)"
        : "no key arrived for the " + what + " (root " + p.root() + ", key index "
            + p.keyIndex() + ") within the wait";
  }
}
