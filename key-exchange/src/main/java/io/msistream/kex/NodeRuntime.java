package io.msistream.kex;

import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.KafkaUse;
import io.msistream.crypto.node.ManagementSettings;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.node.NodeFiles;
import io.msistream.crypto.node.OldKeys;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RatchetState;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.keys.ProducerKeys;
import io.msistream.kex.keys.ReceivedKeyStore;
import io.msistream.kex.protocol.Requester;
import io.msistream.kex.protocol.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KafkaCrypto node in this process (the counterpart of Python's {@code KafkaCrypto} object),
 * shared by every producer and consumer of the process that uses the node: its keys, its
 * management producer and consumer, and one management thread (KEY_EXCHANGE.md).
 *
 * <p>Producer side: {@link #encrypt} uses the current key of the topic's root, creating (and
 * persisting) it on first use; the node answers key requests for every key it holds. Consumer
 * side: {@link #decrypt} never blocks; an unknown key index is requested at once and
 * {@link #keyArrival} completes when it arrives. A runtime built with {@code controller(true)}
 * also relays limited consumers' requests.
 *
 * <p>Start with {@link #builder(Path)}; {@link #close()} stops the thread within a few seconds,
 * closes the Kafka clients and wipes every key.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
  private static final Duration JOIN = Duration.ofSeconds(5);

  private final String nodeId;
  private final Path configFile;
  private final TopicNames names;
  private final ManagementSettings settings;
  private final Node node;
  private final ProducerKeys producerKeys;
  private final ReceivedKeyStore received;
  private final boolean ownsReceived;
  private final Requester requester;
  private final TrustState trust;
  private final ManagementLoop loop;
  private final Thread thread;
  private final KafkaProducer<byte[], byte[]> producer;
  private final NodeLock lock;
  private final KeyLookup lookup;
  private final List<KeyExchangeListener> listeners;
  private final HandoffTracker handoff;
  private final Clock clock;
  private volatile boolean closed;

  private NodeRuntime(Parts p) {
    this.nodeId = p.nodeId;
    this.configFile = p.configFile;
    this.names = p.names;
    this.settings = p.settings;
    this.node = p.node;
    this.producerKeys = p.producerKeys;
    this.received = p.received;
    this.ownsReceived = p.ownsReceived;
    this.requester = p.requester;
    this.trust = p.trust;
    this.loop = p.loop;
    this.producer = p.producer;
    this.lock = p.lock;
    this.listeners = p.listeners;
    this.handoff = p.handoff;
    this.clock = p.clock;
    this.lookup = (root, ki) -> {
      var k = received.find(root, ki);
      return k.isPresent() ? k : producerKeys.find(root, ki);
    };
    this.thread = new Thread(loop, "msistream-kex-" + nodeId);
    thread.setDaemon(true);
  }

  /** A builder for the node whose {@code <id>.config} is {@code configFile}. */
  public static Builder builder(Path configFile) {
    return new Builder(configFile);
  }

  /** Starts the node with the application's Kafka client settings (see {@link Builder#kafkaProperties}). */
  public static NodeRuntime start(Path configFile, Map<String, ?> kafkaProperties)
      throws NodeStartException {
    return builder(configFile).kafkaProperties(kafkaProperties).start();
  }

  /** Options of a runtime. */
  public static final class Builder {
    private final Path configFile;
    private Map<String, ?> kafka = Map.of();
    private ReceivedKeyStore received;
    private boolean controller;
    private boolean createTopics = true;
    private boolean prepareRequests = true;
    private boolean keeperRequests;
    private SecureRandom random;
    private Clock clock = Clock.systemUTC();
    private final List<KeyExchangeListener> listeners = new ArrayList<>();

    private Builder(Path configFile) {
      this.configFile = Objects.requireNonNull(configFile, "configFile");
    }

    /**
     * The application's Kafka client settings. Connection settings ({@code bootstrap.servers},
     * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) are used for the management
     * clients; when {@code bootstrap.servers} is given, the node's own connection settings are
     * ignored entirely.
     */
    public Builder kafkaProperties(Map<String, ?> props) {
      this.kafka = Map.copyOf(props.entrySet().stream().filter(e -> e.getValue() != null)
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      return this;
    }

    /** Where received keys are kept (default: in memory). The caller closes a store it passes. */
    public Builder receivedKeys(ReceivedKeyStore store) {
      this.received = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Also act as a controller: relay valid {@code R.subs} requests to {@code R.reqs} (spec 6.4). */
    public Builder controller(boolean on) {
      this.controller = on;
      return this;
    }

    /** Create missing key-exchange topics (one partition each); default true. */
    public Builder createTopics(boolean on) {
      this.createTopics = on;
      return this;
    }

    /**
     * Generate the ephemeral key pairs of the next key request in the background, ahead of time
     * (default true): a consumer's first request then leaves without waiting for post-quantum key
     * generation. Turn off for nodes that never consume.
     */
    public Builder prepareRequests(boolean on) {
      this.prepareRequests = on;
      return this;
    }

    /**
     * Mark this node's key requests as a key keeper's (default false): each request leaf also
     * carries the {@link io.msistream.kex.protocol.KeeperMark#USAGE} usage, which every validator
     * ignores but our producers use to count a delivery as a handoff to a keeper (only when the
     * requester is itself provisioned with {@code key-encrypt} on the root).
     */
    public Builder keeperRequests(boolean on) {
      this.keeperRequests = on;
      return this;
    }

    /** The randomness source (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /** The clock (default: the system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Receives key-exchange events from the start. */
    public Builder listener(KeyExchangeListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * Loads the node, takes its lock, steps its ratchet, starts the Kafka clients and the
     * management thread.
     *
     * @throws NodeStartException naming the file (or setting) when anything is missing or wrong
     */
    public NodeRuntime start() throws NodeStartException {
      return NodeRuntime.start(this);
    }
  }

  /** Everything a runtime is made of, gathered during start-up. */
  private static final class Parts {
    String nodeId;
    Path configFile;
    TopicNames names;
    ManagementSettings settings;
    Node node;
    ProducerKeys producerKeys;
    ReceivedKeyStore received;
    boolean ownsReceived;
    Requester requester;
    TrustState trust;
    ManagementLoop loop;
    KafkaProducer<byte[], byte[]> producer;
    KafkaConsumer<byte[], byte[]> consumer;
    NodeLock lock;
    List<KeyExchangeListener> listeners;
    HandoffTracker handoff;
    Clock clock;

    void closeQuietly() {
      for (AutoCloseable c : new AutoCloseable[] {producerKeys, requester, node, lock}) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          // best effort while failing
        }
      }
      if (ownsReceived && received != null) {
        received.close();
      }
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      if (consumer != null) {
        consumer.close(Duration.ZERO);
      }
    }
  }

  private static NodeRuntime start(Builder b) throws NodeStartException {
    Path config = b.configFile.toAbsolutePath().normalize();
    SecureRandom random = b.random != null ? b.random : new SecureRandom();
    Parts p = new Parts();
    try {
      if (!Files.isRegularFile(config)) {
        throw new NodeFileException(config.toString(), "no such file");
      }
      NodeConfig peek = NodeConfig.read(config);
      p.lock = NodeLock.acquire(config.resolveSibling(peek.nodeId() + ".lock"));
      p.node = Node.loadConfig(config);
      Node node = p.node;
      p.nodeId = node.id();
      p.configFile = config;
      p.settings = node.settings();
      p.names = TopicNames.of(p.settings);
      if (node.cryptoNeedsRewrite()) {
        NodeFiles.writeCrypto(node.cryptoFile(), node.crypto());
      }
      if (node.config().migrated()) {
        node.config().write(config);
      }
      ConfigStore store = new ConfigStore(config, node.config());
      List<Signer> signers = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      for (Node.NodeKey k : node.keys()) {
        if (k.chain().isEmpty()) {
          LOG.warn("Node {} has no chain{}: it signs key-exchange messages under the PUBLICLY"
              + " KNOWN temporary root, which only nodes keeping the 'temporary' allowlist entry"
              + " accept and anyone can imitate. Provision the node.", p.nodeId, k.index());
        }
        signers.add(new Signer(k.key(), k.chain()));
        indexes.add(k.index());
      }
      double now = b.clock.millis() / 1000.0;
      p.trust = new TrustState(signers, indexes, node.allowlist(), node.denylist(), store, now);
      List<OldKeys.Pgen> stored = node.oldKeys();
      RatchetState current = node.startupRatchetStep();
      Path seedPath = node.seedFile();
      ProducerKeys.Files files = new ProducerKeys.Files() {
        @Override
        public void writeSeed(RatchetState next) throws NodeFileException {
          SeedFile.write(seedPath, next);
        }

        @Override
        public void writeOldKeys(List<OldKeys.Pgen> pgens) throws NodeFileException {
          byte[] wrapped = OldKeys.wrap(pgens, node.storageKey(), random);
          store.update(c -> c.with("crypto", "oldkeys", new ConfigValue.BytesValue(wrapped)));
        }
      };
      p.producerKeys = ProducerKeys.start(current, stored, node.nodeIdSpk(),
          p.settings.mgmtLongKeyindex(), p.settings.cryptoMaxPgenAge(), files, b.clock);
      p.ownsReceived = b.received == null;
      p.received = b.received != null ? b.received : ReceivedKeyStore.inMemory();
      p.requester = b.keeperRequests ? Requester.keeper(node.kemTypes(), node.legacy(), random)
          : Requester.create(node.kemTypes(), node.legacy(), random);

      Map<String, Object> consumerProps = KafkaSettings.overlay(KafkaSettings.fromNode(
          node.kafkaConfig(KafkaUse.CONSUMER, "crypto"), config.toString()), b.kafka);
      Map<String, Object> producerProps = KafkaSettings.overlay(KafkaSettings.fromNode(
          node.kafkaConfig(KafkaUse.PRODUCER, "crypto"), config.toString()), b.kafka);
      if (!consumerProps.containsKey("bootstrap.servers")
          || String.valueOf(consumerProps.get("bootstrap.servers")).isBlank()) {
        throw new NodeStartException(config.toString(), "no Kafka bootstrap servers: set [" + p.nodeId
            + "-kafka] bootstrap_servers or give the application's bootstrap.servers");
      }
      consumerProps.remove("group.id");
      consumerProps.put("enable.auto.commit", "false");
      consumerProps.put("auto.offset.reset", "latest");
      consumerProps.put("client.id", p.nodeId + ".kafkacrypto-consumer");
      producerProps.put("client.id", p.nodeId + ".kafkacrypto-producer");
      producerProps.put("linger.ms", "0");
      producerProps.putIfAbsent("max.block.ms", "10000");
      Map<String, Object> adminProps = new HashMap<>(consumerProps);
      adminProps.keySet().removeIf(k -> !KafkaSettings.isConnection(k));
      adminProps.put("client.id", p.nodeId + ".kafkacrypto-admin");
      try {
        p.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        p.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
            new ByteArraySerializer());
      } catch (KafkaException e) {
        throw new NodeStartException(config.toString(), "the Kafka settings of the management"
            + " clients are not usable: " + ManagementLoop.describe(e.getCause() != null ? e.getCause() : e), e);
      }
      ManagementLoop.Builder lb = new ManagementLoop.Builder();
      lb.nodeId = p.nodeId;
      lb.names = p.names;
      lb.settings = p.settings;
      lb.maxage = node.maxage();
      lb.trust = p.trust;
      lb.requester = p.requester;
      lb.kemTypes = node.kemTypes();
      lb.random = random;
      lb.received = p.received;
      lb.producerKeys = p.producerKeys;
      lb.controller = b.controller;
      lb.createTopics = b.createTopics;
      lb.prepareRequests = b.prepareRequests;
      lb.clock = b.clock;
      p.handoff = new HandoffTracker();
      p.clock = b.clock;
      p.listeners = new CopyOnWriteArrayList<>(b.listeners);
      p.listeners.add(0, p.handoff);
      lb.listeners = p.listeners;
      lb.consumer = p.consumer;
      lb.producer = p.producer;
      lb.admin = () -> Admin.create(adminProps);
      p.loop = new ManagementLoop(lb);
      ManagementLoop loop = p.loop;
      HandoffTracker tracker = p.handoff;
      p.producerKeys.onKeyCreated((root, ki) -> {
        tracker.created(root, ki); // before the key encrypts anything
        loop.keyCreated(root, ki);
      });
      NodeRuntime rt = new NodeRuntime(p);
      rt.thread.start();
      LOG.info("Node {} started (ratchet key index counter {}, {} stored production key(s),"
          + " KEM types {}{}{})", p.nodeId, p.producerKeys.keyidx(), stored.size(),
          node.kemTypes().stream().map(t -> t.requestType()).toList(),
          b.controller ? ", controller" : "", b.keeperRequests ? ", key keeper" : "");
      return rt;
    } catch (NodeFileException e) {
      p.closeQuietly();
      throw NodeStartException.of(e);
    } catch (NodeStartException | RuntimeException e) {
      p.closeQuietly();
      throw e;
    }
  }

  // ---------------------------------------------------------------- identity

  /** The node id. */
  public String nodeId() {
    return nodeId;
  }

  /** The node's {@code .config} file. */
  public Path configFile() {
    return configFile;
  }

  /** The root of a topic (the part before the first separator). */
  public String rootOf(String topic) {
    return names.root(topic);
  }

  /** The node's management settings. */
  public ManagementSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- producer side

  /**
   * Encrypts a record key or value for {@code topic} with the current key of its root.
   *
   * @throws NodeFileException if a new key had to be created and could not be persisted
   * @throws IllegalStateException if the runtime is closed
   */
  public byte[] encrypt(String topic, Context context, byte[] plaintext) throws NodeFileException {
    checkOpen();
    return producerKeys.keyFor(names.root(topic)).encrypt(context, plaintext);
  }

  /** Key indices this process created (producer side), oldest first. */
  public List<KeyIndex> createdKeyIndices() {
    return producerKeys.created();
  }

  /**
   * Waits until every key this process created has been delivered to a requester as
   * {@code policy} asks, at most {@code timeout}: what a short-lived producer does before it
   * closes the runtime, so that consumers starting after it has gone still get its keys (from a
   * key keeper). Call it after the data records were flushed (a keeper asks for a key when it
   * reads the first record carrying it). Logs the outcome: INFO when everything was handed over,
   * a WARN naming the keys that were not, and what that means for late consumers.
   *
   * <p>Returns early if the runtime closes; an interrupt ends the wait (the flag is set again).
   * Nothing to wait for (no key created) returns a complete result at once.
   */
  public Handoff awaitHandoff(Duration timeout, HandoffPolicy policy) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(policy, "policy");
    Handoff before = handoff.state(policy);
    if (!before.complete()) {
      LOG.info("Node {} waits up to {} s for {} key(s) to be handed to {}", nodeId,
          timeout.toSeconds(), before.notHandedOff().size(),
          policy == HandoffPolicy.KEEPER ? "a key keeper" : "a consumer");
    }
    Handoff h = handoff.await(timeout, policy, () -> closed);
    if (h.handedOff().isEmpty() && h.notHandedOff().isEmpty()) {
      LOG.debug("Node {} created no keys: nothing to hand over", nodeId);
    } else if (h.complete()) {
      LOG.info("Node {} handed all {} key(s) it created to {}", nodeId, h.handedOff().size(),
          policy == HandoffPolicy.KEEPER ? "a key keeper" : "a consumer");
    } else {
      LOG.warn("Node {}: {} of {} key(s) it created were NOT handed to {} {} (roots {}):"
          + " consumers that start after this program exits will not be able to decrypt the"
          + " records encrypted with them, unless this node runs again. Run a key keeper"
          + " (bin/KeyKeeper) for these topics.", nodeId,
          h.notHandedOff().size(), h.handedOff().size() + h.notHandedOff().size(),
          policy == HandoffPolicy.KEEPER ? "a key keeper" : "any consumer",
          closed ? "before the node runtime closed" : "within " + timeout.toSeconds() + " s",
          h.notHandedOff().stream().map(Handoff.Key::root).distinct().toList());
    }
    return h;
  }

  /** Which created keys have been handed over under {@code policy} so far (no waiting). */
  public Handoff handoffState(HandoffPolicy policy) {
    return handoff.state(Objects.requireNonNull(policy, "policy"));
  }

  /** Also answers requests from {@code source} (e.g. a key keeper's store). */
  public void addKeySource(KeySource source) {
    loop.addKeySource(Objects.requireNonNull(source, "source"));
  }

  /** Starts answering key requests for {@code root} (its {@code R.reqs}) from every key source. */
  public void serve(String root) {
    checkOpen();
    loop.serve(root);
  }

  // ---------------------------------------------------------------- consumer side

  /**
   * Decrypts a record key or value of {@code topic}. Never blocks and never throws for bad input:
   * a record whose key is not known yet comes back {@link DecodeResult.PossiblyDecryptable} and
   * the key is requested at once (see {@link #keyArrival}). Null in, null out.
   */
  public DecodeResult decrypt(String topic, Context context, byte[] wire) {
    if (wire == null) {
      return null;
    }
    String root = names.root(topic);
    DecodeResult r;
    try {
      r = RecordCodec.decrypt(wire, root, context, closed ? KeyLookup.none() : lookup);
    } catch (RuntimeException e) { // a key wiped by a concurrent close
      r = RecordCodec.decrypt(wire, root, context, KeyLookup.none());
    }
    if (r instanceof DecodeResult.PossiblyDecryptable p && !closed
        && !(p.keyIndex() instanceof KeyIndex.Other) && lookup.find(root, p.keyIndex()).isEmpty()) {
      loop.noteMissing(root, p.keyIndex());
    }
    return r;
  }

  /** True if the key for (root, ki) is known (received, or one of our own). */
  public boolean hasKey(String root, KeyIndex ki) {
    return !closed && lookup.find(root, ki).isPresent();
  }

  /**
   * Completes when the key for (root, ki) is known; cancelled when the runtime closes. Does not by
   * itself request the key (see {@link #requestKeys}).
   */
  public CompletableFuture<Void> keyArrival(String root, KeyIndex ki) {
    if (closed) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      f.cancel(false);
      return f;
    }
    return loop.arrival(root, ki);
  }

  /** Requests these key indices of {@code root} now (those not known yet), then every sub interval. */
  public void requestKeys(String root, Collection<KeyIndex> kis) {
    checkOpen();
    loop.request(root, kis);
  }

  /**
   * Stops re-requesting these key indices of {@code root} (e.g. a key keeper giving up on keys no
   * producer serves any more). Waiters on {@link #keyArrival} keep waiting; a record that names
   * one again makes it wanted again.
   */
  public void forgetRequests(String root, Collection<KeyIndex> kis) {
    loop.forget(root, List.copyOf(kis));
  }

  /**
   * Whether this node's chain grants {@code usage} for {@code root} now (spec 5.4, against the
   * node's own allowlist and denylist, as updated at run time): empty if one of its signing keys'
   * chains does, else why not. An unprovisioned key (no chain) grants nothing here.
   *
   * @param root a root topic, or null to ignore topics
   */
  public Optional<String> chainProblem(String root, String usage) {
    String why = "the node has no signing key";
    for (io.msistream.kex.protocol.Signer s : trust.signers()) {
      if (s.chain().isEmpty()) {
        why = "the node is not provisioned (no chain)";
        continue;
      }
      try {
        trust.validator().validate(s.chain(), root, usage, clock.millis() / 1000.0);
        return Optional.empty();
      } catch (io.msistream.crypto.cert.ChainValidationException e) {
        why = e.getMessage();
      }
    }
    return Optional.of(why);
  }

  /**
   * Makes sure the key-exchange topics of {@code root} exist, creating missing ones with one
   * partition (if creation is enabled). Blocks for at most a few seconds per admin call.
   *
   * @throws KeyExchangeTopicsException naming the missing topics when they cannot be created
   */
  public void ensureTopics(String root) throws KeyExchangeTopicsException {
    checkOpen();
    loop.ensureTopics(root);
  }

  /** Why the key-exchange topics of {@code root} are unusable, if the thread found them so. */
  public Optional<String> topicProblem(String root) {
    return loop.topicProblem(root);
  }

  // ---------------------------------------------------------------- both

  /** Adds a listener for key-exchange events. */
  public void addListener(KeyExchangeListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(KeyExchangeListener l) {
    listeners.remove(l);
  }

  /** Management traffic so far. */
  public ExchangeStats stats() {
    return loop.stats();
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("node runtime " + nodeId + " is closed");
    }
  }

  /**
   * Stops the management thread (waiting at most a few seconds), flushes and closes the Kafka
   * clients, wipes every key and releases the node lock. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    loop.stop();
    try {
      thread.join(JOIN.toMillis());
      if (thread.isAlive()) {
        LOG.warn("Management thread of node {} did not stop in {} s; interrupting it", nodeId,
            JOIN.toSeconds());
        thread.interrupt();
        thread.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      producer.close(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("closing the management producer: {}", ManagementLoop.describe(e));
    }
    loop.cancelArrivals();
    requester.close();
    producerKeys.close();
    if (ownsReceived) {
      received.close();
    }
    node.close();
    lock.close();
    LOG.info("Node {} stopped", nodeId);
  }

  @Override
  public String toString() {
    return "NodeRuntime[" + nodeId + (closed ? ", closed" : "") + "]";
  }
}
