package io.msistream.kex;

import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encrypting Kafka {@link Serializer} for record keys or values (spec 3): the inner serializer
 * first, then KafkaCrypto encryption with the node's current key for the topic's root. Null stays
 * null. A {@link CryptoMessage} is accepted too: a cleartext one is re-encrypted, an undecrypted
 * one is written unchanged (re-producing records that could not be decrypted).
 *
 * <p>By class name in producer properties: {@code key.serializer} / {@code value.serializer} =
 * this class, {@code kafkacrypto.node.config} = the node's {@code .config} (or
 * {@code kafkacrypto.runtime} = a {@link NodeRuntime}), and optionally
 * {@code kafkacrypto.key.inner.serializer} / {@code kafkacrypto.value.inner.serializer} (or
 * {@code kafkacrypto.inner.serializer} for both) naming the wrapped serializer (default: bytes).
 *
 * <p>Closing the last serde of a node that created keys waits until they were handed to a key
 * keeper, so consumers starting after this producer has gone can still get them:
 * {@code kafkacrypto.key.handoff.timeout.ms} (default 30000; 0 does not wait) bounds the wait
 * inside {@code KafkaProducer.close()}, {@code kafkacrypto.key.handoff.policy} ({@code keeper} or
 * {@code any}) says what counts; see {@link NodeRuntimes}.
 */
public final class KafkaCryptoSerializer implements Serializer<Object> {
  private NodeRuntime runtime;
  private NodeRuntimes.Lease lease;
  private Serializer<Object> inner;
  private Context context = Context.VALUE;

  /** For configuration by class name; {@link #configure} must be called. */
  public KafkaCryptoSerializer() {}

  /** A serializer over a running node; the caller keeps ownership of the runtime. */
  @SuppressWarnings("unchecked")
  public KafkaCryptoSerializer(NodeRuntime runtime, Serializer<?> inner, boolean isKey) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.inner = (Serializer<Object>) Objects.requireNonNull(inner, "inner");
    this.context = isKey ? Context.KEY : Context.VALUE;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    context = isKey ? Context.KEY : Context.VALUE;
    if (inner == null) {
      inner = InnerSerdes.create(configs, isKey, "serializer", Serializer.class, ByteArraySerializer.class);
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

  @Override
  public byte[] serialize(String topic, Object data) {
    return serialize(topic, null, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object data) {
    if (data == null) {
      return null;
    }
    if (runtime == null) {
      throw new IllegalStateException("KafkaCryptoSerializer is not configured");
    }
    Object value = data;
    if (data instanceof CryptoMessage<?> m) {
      if (!(m instanceof CryptoMessage.Cleartext<?> c)) {
        return m.raw(); // not decrypted: re-send exactly as received
      }
      value = c.value();
      if (value == null) {
        return null;
      }
    }
    byte[] plain = headers == null ? inner.serialize(topic, value) : inner.serialize(topic, headers, value);
    if (plain == null) {
      return null;
    }
    try {
      return runtime.encrypt(topic, context, plain);
    } catch (NodeFileException e) {
      throw new SerializationException("cannot encrypt for " + topic + ": " + e.getMessage(), e);
    }
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
