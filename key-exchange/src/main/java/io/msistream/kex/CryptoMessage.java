package io.msistream.kex;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.KeyIndex;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link KafkaCryptoDeserializer} returns for one record key or value (spec 3.3): exactly one
 * of {@link Cleartext} (decrypted and deserialized), {@link Pending} (in KafkaCrypto's format but
 * not decrypted yet: the key is being requested; the wire bytes are kept so decryption can be
 * retried) or {@link Undecryptable} (not in KafkaCrypto's format; never decryptable). A null record
 * key or value stays null.
 *
 * <p>{@link KafkaCryptoSerializer} passes a {@code Pending} or {@code Undecryptable} message
 * through unchanged (re-producing undecrypted records) and re-encrypts a {@code Cleartext} one.
 *
 * @param <T> the inner deserializer's type
 */
public sealed interface CryptoMessage<T>
    permits CryptoMessage.Cleartext, CryptoMessage.Pending, CryptoMessage.Undecryptable {

  /** The topic the record came from. */
  String topic();

  /** A copy of the wire bytes as received (including the leading 0x01 of encrypted records). */
  byte[] raw();

  /** True if decrypted. */
  default boolean isCleartext() {
    return this instanceof Cleartext;
  }

  /** True if not decrypted yet but possibly later (KafkaCrypto's "possibly decryptable"). */
  default boolean isPossiblyDecryptable() {
    return this instanceof Pending;
  }

  /** The deserialized value if decrypted. */
  default Optional<T> cleartext() {
    return this instanceof Cleartext<T> c ? Optional.ofNullable(c.value()) : Optional.empty();
  }

  /**
   * Decrypted. The message takes ownership of {@code raw} (the record's wire bytes, fresh from the
   * consumer) instead of copying it: a decrypted 512 KiB chunk would otherwise cost one more copy
   * per record. {@link #raw()} still returns a copy.
   */
  record Cleartext<T>(String topic, T value, byte[] raw) implements CryptoMessage<T> {
    public Cleartext {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(raw, "raw");
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    @Override
    public String toString() {
      return "Cleartext[" + topic + ", " + value + "]";
    }
  }

  /** Not in KafkaCrypto's format (empty, wrong first byte, not a 3-element array): never decryptable. */
  record Undecryptable<T>(String topic, byte[] raw, String reason) implements CryptoMessage<T> {
    public Undecryptable {
      Objects.requireNonNull(topic, "topic");
      raw = raw.clone();
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    @Override
    public String toString() {
      return "Undecryptable[" + topic + ", " + raw.length + " bytes: " + reason + "]";
    }
  }

  /**
   * Encrypted, not decrypted now: its key is unknown (it was requested when this message was made)
   * or, if {@link #keyKnown()}, the record does not decrypt under the known key (tampered or
   * corrupt). {@link #retry()} tries again; {@link #keyArrival()} completes when the key arrives.
   */
  final class Pending<T> implements CryptoMessage<T> {
    private final String topic;
    private final byte[] raw;
    private final String root;
    private final KeyIndex keyIndex;
    private final Context context;
    private final Decrypter<T> decrypter;

    Pending(String topic, byte[] raw, String root, KeyIndex keyIndex, Context context,
        Decrypter<T> decrypter) {
      this.topic = topic;
      this.raw = raw;
      this.root = root;
      this.keyIndex = keyIndex;
      this.context = context;
      this.decrypter = decrypter;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    /** The topic's root. */
    public String root() {
      return root;
    }

    /** The key index the record names. */
    public KeyIndex keyIndex() {
      return keyIndex;
    }

    /** Record key or value. */
    public Context context() {
      return context;
    }

    /** True if the key is known, so waiting cannot help (the record does not decrypt under it). */
    public boolean keyKnown() {
      return decrypter.known(root, keyIndex);
    }

    /** Completes when the key arrives (cancelled if the node runtime closes). */
    public CompletableFuture<Void> keyArrival() {
      return decrypter.arrival(root, keyIndex);
    }

    /** Decrypts again with the keys known now. */
    public CryptoMessage<T> retry() {
      return decrypter.decrypt(topic, context, raw);
    }

    @Override
    public String toString() {
      return "Pending[" + topic + ", " + keyIndex + ", " + context + ", " + raw.length + " bytes]";
    }
  }

  /** How a pending message retries (implemented by the deserializer). */
  interface Decrypter<T> {
    CryptoMessage<T> decrypt(String topic, Context context, byte[] raw);

    boolean known(String root, KeyIndex ki);

    CompletableFuture<Void> arrival(String root, KeyIndex ki);
  }
}
