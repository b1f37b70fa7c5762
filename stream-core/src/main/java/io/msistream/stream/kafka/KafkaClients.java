package io.msistream.stream.kafka;

import io.msistream.kex.CryptoMessage;
import io.msistream.kex.Handoff;
import io.msistream.kex.HandoffPolicy;
import io.msistream.kex.NodeRuntime;
import io.msistream.stream.chunk.DataFileChunk;
import io.msistream.stream.chunk.DataFileChunkDeserializer;
import io.msistream.stream.chunk.DataFileChunkSerializer;
import io.msistream.stream.config.ClientRole;
import io.msistream.stream.config.ConfigDirs;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.KafkaCryptoNode;
import io.msistream.stream.config.StreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client factory of one program (spec §9, §11): every producer, consumer and admin
 * client the program uses comes from here, built from the config file's sections (translated by
 * {@link StreamConfig}) with the tool's overrides on top (overrides win).
 *
 * <p>Plain or encrypted is decided once, by the config: with a {@code [kafkacrypto]} section,
 * {@link #open} starts one KafkaCrypto node runtime that every client of the program shares, keys
 * and values go through the key-exchange serializers, and the runtime stays alive until
 * {@link #close()}. An encrypted config never yields plain clients: if encryption cannot be set
 * up, {@link #open} fails.
 *
 * <p>Consumers: {@link #chunkMessageConsumer} / {@link #messageConsumer} return
 * {@link CryptoMessage}s whatever the config (always cleartext when plain), so a tool has one code
 * path; {@link #chunkConsumer} / {@link #consumer} are for plain configs only.
 *
 * <p>Lifetime: open one instance at program start, close it at the very end. {@link #close()}
 * closes every client made here that is still open (producers first, so their records are
 * delivered), then — if asked with {@link #handOffKeysOnClose} — waits (bounded) until the keys
 * this program created were handed to a key keeper, then stops the node runtime: the single place
 * where a producing program hands over before exiting.
 *
 * <pre>{@code
 * try (KafkaClients clients = KafkaClients.open(config, ConfigDirs.fromEnvironment())) {
 *   Producer<String, DataFileChunk> p = clients.chunkProducer(Map.of("client.id", "uploader"));
 *   ...
 *   p.flush();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class KafkaClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  /** How long {@link #close()} lets each producer deliver what it still holds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private static final String STRING_SER = StringSerializer.class.getName();
  private static final String CHUNK_SER = DataFileChunkSerializer.class.getName();
  private static final String STRING_DESER = StringDeserializer.class.getName();
  private static final String CHUNK_DESER = DataFileChunkDeserializer.class.getName();

  private final StreamConfig config;
  private final Optional<KafkaCryptoNode> node;
  private final Encryption encryption; // null: plain
  private final List<Producer<?, ?>> producers = new ArrayList<>();
  private final List<Consumer<?, ?>> consumers = new ArrayList<>();
  private final List<Admin> admins = new ArrayList<>();
  private boolean closed;
  private Duration handoffTimeout = Duration.ZERO;
  private HandoffPolicy handoffPolicy = HandoffPolicy.KEEPER;
  private volatile Handoff handoff;

  private KafkaClients(StreamConfig config, Optional<KafkaCryptoNode> node, Encryption encryption) {
    this.config = config;
    this.node = node;
    this.encryption = encryption;
  }

  /**
   * Opens the factory for {@code config}; with {@code [kafkacrypto]} this loads the node (found
   * through {@code dirs}) and starts its runtime.
   *
   * @throws ConfigException the config cannot be used (bad values, node not found, encryption not
   *     available or the node cannot start); the message names the file and what is wrong
   */
  public static KafkaClients open(StreamConfig config, ConfigDirs dirs) throws ConfigException {
    Objects.requireNonNull(config, "config");
    Optional<KafkaCryptoNode> node = config.kafkaCryptoNode(Objects.requireNonNull(dirs, "dirs"));
    // translate every client section now, so a bad value fails at start-up, not at first use
    config.producer();
    config.consumer();
    config.admin();
    Encryption enc = node.isPresent() ? Encryption.start(node.get(), config) : null;
    return new KafkaClients(config, node, enc);
  }

  /** The config the clients come from. */
  public StreamConfig config() {
    return config;
  }

  /** True if the config has {@code [kafkacrypto]}: every client encrypts or decrypts. */
  public boolean isEncrypted() {
    return encryption != null;
  }

  /** The KafkaCrypto node, if encrypted. */
  public Optional<KafkaCryptoNode> node() {
    return node;
  }

  /**
   * The Java client properties for {@code role}: the config's sections translated, then
   * {@code overrides}; without the (de)serializer entries, which the factory supplies as
   * instances. For logs and diagnostics; the clients are built from exactly these.
   */
  public Map<String, Object> properties(ClientRole role, Map<String, ?> overrides)
      throws ConfigException {
    Map<String, Object> p = new LinkedHashMap<>(switch (role) {
      case PRODUCER -> config.producer().properties();
      case CONSUMER -> config.consumer().properties();
      case ADMIN -> config.admin().properties();
    });
    p.putAll(overrides);
    p.remove("key.serializer");
    p.remove("value.serializer");
    p.remove("key.deserializer");
    p.remove("value.deserializer");
    if (role == ClientRole.PRODUCER && encryption != null) {
      Object c = p.put("compression.type", "none");
      if (c != null && !"none".equals(c)) {
        LOG.debug("compression.type {} not used: encrypted bytes do not compress", c);
      }
    }
    return Collections.unmodifiableMap(p);
  }

  /**
   * A producer of chunk messages: String keys and {@link DataFileChunk} values, as the config's
   * {@code key.serializer = StringSerializer} and {@code value.serializer = DataFileChunkSerializer}
   * ask (those are also the defaults when the config names none).
   *
   * @throws ConfigException the config names other serializers
   */
  public Producer<String, DataFileChunk> chunkProducer(Map<String, ?> overrides)
      throws ConfigException {
    requireSerde("key.serializer", STRING_SER);
    requireSerde("value.serializer", CHUNK_SER);
    DataFileChunkSerializer values = new DataFileChunkSerializer();
    values.configure(overrides, false);
    return producer(new StringSerializer(), values, overrides);
  }

  /**
   * Like {@link #chunkProducer} for values already encoded with
   * {@link io.msistream.stream.chunk.ChunkEncoder} (e.g. {@code encodeFromFile}, which reads file
   * bytes straight into the message): the bytes on the wire are the same, one copy fewer.
   *
   * @throws ConfigException the config names other serializers
   */
  public Producer<String, byte[]> encodedChunkProducer(Map<String, ?> overrides)
      throws ConfigException {
    requireSerde("key.serializer", STRING_SER);
    requireSerde("value.serializer", CHUNK_SER);
    return producer(new StringSerializer(), new ByteArraySerializer(), overrides);
  }

  /**
   * A producer with explicit serializers (the config's serializer names are not used); with
   * encryption both are wrapped so keys and values are encrypted after serialization.
   */
  public <K, V> Producer<K, V> producer(Serializer<K> keys, Serializer<V> values,
      Map<String, ?> overrides) throws ConfigException {
    Map<String, Object> props = properties(ClientRole.PRODUCER, overrides);
    Serializer<K> k = keys;
    Serializer<V> v = values;
    if (encryption != null) {
      k = encryption.wrap(keys, true);
      v = encryption.wrap(values, false);
    }
    KafkaProducer<K, V> p = new KafkaProducer<>(props, k, v);
    synchronized (this) {
      if (closed) {
        p.close(Duration.ZERO);
        throw new IllegalStateException("KafkaClients is closed");
      }
      producers.add(p);
    }
    return p;
  }

  /**
   * A plain consumer of chunk messages: String keys and {@link DataFileChunk} values, as the
   * config's deserializer names ask (also the defaults). For code that handles both plain and
   * encrypted configs, {@link #chunkMessageConsumer} is the one path.
   *
   * @throws ConfigException the config names other deserializers, or the config is encrypted
   *     (encrypted records need {@link #chunkMessageConsumer})
   */
  public Consumer<String, DataFileChunk> chunkConsumer(Map<String, ?> overrides)
      throws ConfigException {
    requireSerde("key.deserializer", STRING_DESER);
    requireSerde("value.deserializer", CHUNK_DESER);
    return consumer(new StringDeserializer(), new DataFileChunkDeserializer(), overrides);
  }

  /**
   * A consumer of chunk messages for plain and encrypted configs alike: keys and values come as
   * {@link CryptoMessage}s — always {@link CryptoMessage.Cleartext} with a plain config; with
   * {@code [kafkacrypto]}, decrypted by the program's node ({@link CryptoMessage.Pending} while a
   * key is being requested: wait with {@code io.msistream.kex.DecryptionWaiter}).
   *
   * @throws ConfigException the config names other deserializers than String and DataFileChunk
   */
  public Consumer<CryptoMessage<String>, CryptoMessage<DataFileChunk>> chunkMessageConsumer(
      Map<String, ?> overrides) throws ConfigException {
    requireSerde("key.deserializer", STRING_DESER);
    requireSerde("value.deserializer", CHUNK_DESER);
    return messageConsumer(new StringDeserializer(), new DataFileChunkDeserializer(), overrides);
  }

  /**
   * {@link #chunkMessageConsumer} with explicit inner deserializers: decryption (when encrypted)
   * then {@code keys}/{@code values}; with a plain config every record is a
   * {@link CryptoMessage.Cleartext} of the inner deserializer's result.
   */
  public <K, V> Consumer<CryptoMessage<K>, CryptoMessage<V>> messageConsumer(
      Deserializer<K> keys, Deserializer<V> values, Map<String, ?> overrides)
      throws ConfigException {
    Deserializer<CryptoMessage<K>> k = encryption != null ? encryption.unwrap(keys, true)
        : new Clear<>(keys);
    Deserializer<CryptoMessage<V>> v = encryption != null ? encryption.unwrap(values, false)
        : new Clear<>(values);
    return track(new KafkaConsumer<>(properties(ClientRole.CONSUMER, overrides), k, v));
  }

  /**
   * A plain consumer with explicit deserializers.
   *
   * @throws ConfigException if the config is encrypted (use {@link #messageConsumer})
   */
  public <K, V> Consumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values,
      Map<String, ?> overrides) throws ConfigException {
    if (encryption != null) {
      throw new ConfigException(config.file() + ": [kafkacrypto] is set, so records must be"
          + " decrypted: this program asked for a plain consumer (use messageConsumer)");
    }
    return track(new KafkaConsumer<>(properties(ClientRole.CONSUMER, overrides), keys, values));
  }

  private <K, V> Consumer<K, V> track(KafkaConsumer<K, V> c) {
    synchronized (this) {
      if (closed) {
        c.close(Duration.ZERO);
        throw new IllegalStateException("KafkaClients is closed");
      }
      consumers.add(c);
    }
    return c;
  }

  /** A plain record as a {@link CryptoMessage.Cleartext}, so one code path handles both configs. */
  private static final class Clear<T> implements Deserializer<CryptoMessage<T>> {
    private final Deserializer<T> inner;

    Clear(Deserializer<T> inner) {
      this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      inner.configure(configs, isKey);
    }

    @Override
    public CryptoMessage<T> deserialize(String topic, byte[] data) {
      return data == null ? null
          : new CryptoMessage.Cleartext<>(topic, inner.deserialize(topic, data), data);
    }

    @Override
    public CryptoMessage<T> deserialize(String topic, Headers headers, byte[] data) {
      return data == null ? null
          : new CryptoMessage.Cleartext<>(topic, inner.deserialize(topic, headers, data), data);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /**
   * With encryption, makes sure the key-exchange topics of {@code topic}'s root exist (creating
   * missing ones with one partition); nothing for a plain config. Call it at start-up for each
   * topic the program produces to or consumes from.
   *
   * @throws KafkaSetupException the topics are missing and cannot be created
   */
  public void ensureKeyExchangeTopics(String topic) throws KafkaSetupException {
    if (encryption != null) {
      encryption.ensureTopics(topic);
    }
  }

  /** The program's KafkaCrypto node runtime, if encrypted (e.g. for a key keeper). */
  public Optional<NodeRuntime> nodeRuntime() {
    return encryption == null ? Optional.empty() : Optional.of(encryption.runtime());
  }

  /**
   * The partitions of {@code topic} as {@code producer} sees them (a broker that auto-creates
   * topics creates it here).
   *
   * @throws KafkaSetupException the topic does not exist or the broker cannot be reached in
   *     {@code max.block.ms}
   */
  public static List<PartitionInfo> requireTopic(Producer<?, ?> producer, String topic)
      throws KafkaSetupException {
    try {
      return nonEmpty(producer.partitionsFor(topic), topic);
    } catch (KafkaException e) {
      throw unavailable(topic, e);
    }
  }

  /** {@link #requireTopic(Producer, String)} for a consumer. */
  public static List<PartitionInfo> requireTopic(Consumer<?, ?> consumer, String topic)
      throws KafkaSetupException {
    try {
      return nonEmpty(consumer.partitionsFor(topic), topic);
    } catch (KafkaException e) {
      throw unavailable(topic, e);
    }
  }

  private static List<PartitionInfo> nonEmpty(List<PartitionInfo> p, String topic)
      throws KafkaSetupException {
    if (p == null || p.isEmpty()) {
      throw new KafkaSetupException("topic " + topic + " does not exist");
    }
    return p;
  }

  private static KafkaSetupException unavailable(String topic, KafkaException e) {
    return new KafkaSetupException("cannot use topic " + topic + " (does it exist, and can the"
        + " broker be reached?): " + e.getMessage(), e);
  }

  /** An admin client on the {@code [broker]} settings plus {@code overrides}. */
  public Admin admin(Map<String, ?> overrides) throws ConfigException {
    Admin a = Admin.create(properties(ClientRole.ADMIN, overrides));
    synchronized (this) {
      if (closed) {
        a.close(Duration.ZERO);
        throw new IllegalStateException("KafkaClients is closed");
      }
      admins.add(a);
    }
    return a;
  }

  /**
   * Makes {@link #close()} wait, after the producers have delivered and before the node runtime
   * stops, up to {@code timeout} until every key this program created was handed over under
   * {@code policy} (to a key keeper, or to any consumer), logging a warning naming the keys that
   * were not. For short-lived encrypted producers; nothing happens for a plain config or a zero
   * timeout (the default).
   */
  public synchronized KafkaClients handOffKeysOnClose(Duration timeout, HandoffPolicy policy) {
    this.handoffTimeout = Objects.requireNonNull(timeout, "timeout");
    this.handoffPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** The outcome of the handoff wait of {@link #close()}, once it ran. */
  public Optional<Handoff> handoff() {
    return Optional.ofNullable(handoff);
  }

  /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT} per producer. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Closes every client made here (producers first, each given up to {@code producerTimeout} to
   * deliver what it holds; closing an already closed client is harmless), then waits for the key
   * handoff if {@link #handOffKeysOnClose} asked for it, then stops the node runtime. Idempotent.
   */
  public void close(Duration producerTimeout) {
    List<Producer<?, ?>> ps;
    List<Consumer<?, ?>> cs;
    List<Admin> as;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ps = new ArrayList<>(producers);
      cs = new ArrayList<>(consumers);
      as = new ArrayList<>(admins);
    }
    for (Producer<?, ?> p : ps) {
      quietly("producer", () -> p.close(producerTimeout));
    }
    for (Consumer<?, ?> c : cs) {
      quietly("consumer", () -> c.close(Duration.ofSeconds(5)));
    }
    for (Admin a : as) {
      quietly("admin client", () -> a.close(Duration.ofSeconds(5)));
    }
    if (encryption != null) {
      Duration wait;
      HandoffPolicy policy;
      synchronized (this) {
        wait = handoffTimeout;
        policy = handoffPolicy;
      }
      if (!wait.isZero() && !wait.isNegative()) {
        quietly("key handoff", () -> handoff = encryption.runtime().awaitHandoff(wait, policy));
      }
      quietly("KafkaCrypto node runtime", encryption::close);
    }
  }

  private void requireSerde(String name, String expected) throws ConfigException {
    Map<String, Object> p = name.endsWith("deserializer") ? config.consumer().properties()
        : config.producer().properties();
    Object v = p.get(name);
    if (v != null && !expected.equals(v)) {
      String section = name.endsWith("deserializer") ? StreamConfig.CONSUMER : StreamConfig.PRODUCER;
      String shortName = expected.substring(expected.lastIndexOf('.') + 1);
      throw ConfigException.at(config.file().toString(), 0, section, name,
          "this program needs " + shortName + ", not " + v);
    }
  }

  private static void quietly(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("closing the {} failed: {}", what, e.toString());
    }
  }

  @Override
  public String toString() {
    return "KafkaClients[" + config.file() + (encryption != null ? ", encrypted as node "
        + node.map(KafkaCryptoNode::nodeId).orElse("?") : ", plain") + "]";
  }
}
