package io.msistream.kex;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decrypting Kafka {@link Deserializer} for record keys or values (spec 3.3): KafkaCrypto
 * decryption, then the inner deserializer on the plaintext. It never blocks (Python waits about
 * 9 s for a new key index) and never throws for bad input: the result is a {@link CryptoMessage}
 * — cleartext, pending (the key request left the moment the unknown key index was seen; use
 * {@link DecryptionWaiter} to wait for it) or never decryptable. Null stays null.
 *
 * <p>By class name in consumer properties: {@code key.deserializer} / {@code value.deserializer}
 * = this class, {@code kafkacrypto.node.config} (or {@code kafkacrypto.runtime}), and optionally
 * {@code kafkacrypto.key.inner.deserializer} / {@code kafkacrypto.value.inner.deserializer} (or
 * {@code kafkacrypto.inner.deserializer}) naming the wrapped deserializer (default: bytes).
 *
 * @param <T> the inner deserializer's type
 */
public final class KafkaCryptoDeserializer<T> implements Deserializer<CryptoMessage<T>>,
    CryptoMessage.Decrypter<T> {
  private NodeRuntime runtime;
  private NodeRuntimes.Lease lease;
  private Deserializer<T> inner;
  private Context context = Context.VALUE;

  /** For configuration by class name; {@link #configure} must be called. */
  public KafkaCryptoDeserializer() {}

  /** A deserializer over a running node; the caller keeps ownership of the runtime. */
  public KafkaCryptoDeserializer(NodeRuntime runtime, Deserializer<T> inner, boolean isKey) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.inner = Objects.requireNonNull(inner, "inner");
    this.context = isKey ? Context.KEY : Context.VALUE;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    context = isKey ? Context.KEY : Context.VALUE;
    if (inner == null) {
      inner = InnerSerdes.create(configs, isKey, "deserializer", Deserializer.class,
          ByteArrayDeserializer.class);
      inner.configure(configs, isKey);
    }
    if (runtime == null) {
      try {
        lease = NodeRuntimes.acquire(configs);
      } catch (NodeStartException e) {
        throw new ConfigException(e.getMessage());
      }
      runtime = lease.runtime();
    }
  }

  /** The node runtime this deserializer decrypts with. */
  public NodeRuntime runtime() {
    return runtime;
  }

  @Override
  public CryptoMessage<T> deserialize(String topic, byte[] data) {
    return data == null ? null : decrypt(topic, context, data, null);
  }

  @Override
  public CryptoMessage<T> deserialize(String topic, Headers headers, byte[] data) {
    return data == null ? null : decrypt(topic, context, data, headers);
  }

  @Override
  public CryptoMessage<T> decrypt(String topic, Context ctx, byte[] raw) {
    return decrypt(topic, ctx, raw, null);
  }

  private CryptoMessage<T> decrypt(String topic, Context ctx, byte[] raw, Headers headers) {
    if (runtime == null) {
      throw new IllegalStateException("KafkaCryptoDeserializer is not configured");
    }
    DecodeResult r = runtime.decrypt(topic, ctx, raw);
    if (r instanceof DecodeResult.Cleartext c) {
      T value = headers == null ? inner.deserialize(topic, c.plaintext())
          : inner.deserialize(topic, headers, c.plaintext());
      return new CryptoMessage.Cleartext<>(topic, value, raw);
    }
    if (r instanceof DecodeResult.PossiblyDecryptable p) {
      return new CryptoMessage.Pending<>(topic, raw, p.root(), p.keyIndex(), ctx, this);
    }
    return new CryptoMessage.Undecryptable<>(topic, raw, "not in KafkaCrypto's encrypted format");
  }

  @Override
  public boolean known(String root, KeyIndex ki) {
    return runtime.hasKey(root, ki);
  }

  @Override
  public CompletableFuture<Void> arrival(String root, KeyIndex ki) {
    return runtime.keyArrival(root, ki);
  }

  @Override
  public void close() {
    if (inner != null) {
      inner.close();
    }
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
