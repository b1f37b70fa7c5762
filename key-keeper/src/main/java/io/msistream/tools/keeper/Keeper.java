package io.msistream.tools.keeper;

import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.KeyExchangeListener;
import io.msistream.kex.KeyExchangeTopicsException;
import io.msistream.kex.NodeRuntime;
import io.msistream.kex.NodeStartException;
import io.msistream.stream.config.ConfigException;
import io.msistream.stream.config.KafkaCryptoNode;
import io.msistream.stream.config.StreamConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running key keeper (README, "Key keeper"): a provisioned node that acquires the keys of the
 * configured data topics as their records appear — asking for each new key index through the
 * normal request path, with its requests marked as a keeper's — persists them encrypted in its
 * node folder, and answers key requests for them exactly as a producer does, signed with its own
 * chain. A consumer that starts after the producing node has gone thus still gets its keys.
 *
 * <p>{@link #start} does everything or fails with one {@link KeeperException}; {@link #close}
 * stops the data-topic reader, the node runtime and wipes the keys (the file stays). Usable
 * in-process (tests, other tools) as well as through {@link KeyKeeper}.
 */
public final class Keeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Keeper.class);
  /** The keeper's key file in the node folder: {@code <node_id>.keeper}. */
  public static final String FILE_SUFFIX = ".keeper";

  private final String nodeId;
  private final NodeRuntime runtime;
  private final KeeperStore store;
  private final TopicReader reader;
  private final Thread readerThread;
  private final List<String> roots;
  private final Map<String, String> skipped;
  private final AtomicLong requestsAnswered;
  private final AtomicLong keysServed;
  private final AtomicLong keysAcquired;
  private boolean closed;

  private Keeper(String nodeId, NodeRuntime runtime, KeeperStore store, TopicReader reader,
      List<String> roots, Map<String, String> skipped, Counters counters) {
    this.nodeId = nodeId;
    this.runtime = runtime;
    this.store = store;
    this.reader = reader;
    this.roots = List.copyOf(roots);
    this.skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    this.requestsAnswered = counters.requestsAnswered;
    this.keysServed = counters.keysServed;
    this.keysAcquired = counters.keysAcquired;
    this.readerThread = new Thread(reader, "msistream-keeper-" + nodeId);
    readerThread.setDaemon(true);
  }

  /** Event counters, filled by the runtime's listener from the start. */
  private static final class Counters implements KeyExchangeListener {
    final AtomicLong requestsAnswered = new AtomicLong();
    final AtomicLong keysServed = new AtomicLong();
    final AtomicLong keysAcquired = new AtomicLong();

    @Override
    public void keysDelivered(String root, List<KeyIndex> kis, PublicKey requester) {
      requestsAnswered.incrementAndGet();
      keysServed.addAndGet(kis.size());
      LOG.debug("Key keeper answered a request for {} key(s) of root {} from {}", kis.size(),
          root, requester);
    }

    @Override
    public void keysReceived(String root, List<KeyIndex> kis, PublicKey producer) {
      keysAcquired.addAndGet(kis.size());
      LOG.info("Key keeper received {} key(s) of root {} from {}", kis.size(), root, producer);
    }
  }

  /**
   * Starts a keeper: reads the config, loads the node's storage key and its key file, starts the
   * node runtime (marking its requests as a keeper's), checks what the node may serve, serves the
   * roots it may and starts reading the data topics.
   *
   * @throws KeeperException (one line) if the config has no {@code [kafkacrypto]}, the node
   *     cannot start or cannot serve any of the topics' roots, the key-exchange topics are
   *     unusable, the data-topic consumer cannot be made, or the key file is damaged ({@link
   *     KeeperStoreException})
   */
  public static Keeper start(KeeperOptions options) throws KeeperException {
    return start(options, Clock.systemUTC());
  }

  static Keeper start(KeeperOptions options, Clock clock) throws KeeperException {
    StreamConfig config;
    KafkaCryptoNode node;
    Map<String, Object> connection;
    Map<String, Object> consumerProps;
    try {
      config = StreamConfig.load(options.config());
      node = config.kafkaCryptoNode(options.dirs()).orElseThrow(() -> new KeeperException(
          options.config() + ": no [kafkacrypto] section; a key keeper needs a provisioned"
              + " KafkaCrypto node (ProvisionNode role 4, consumer+producer, for the roots it"
              + " keeps)"));
      connection = config.admin().properties();
      consumerProps = new LinkedHashMap<>(config.consumer().properties());
    } catch (ConfigException e) {
      throw new KeeperException(e.getMessage(), e);
    }
    String nodeId = node.nodeId();
    Path file = node.nodeDir().resolve(nodeId + FILE_SUFFIX);
    SecureRandom random = new SecureRandom();
    KeeperStore store;
    try (Node n = Node.loadConfig(node.configFile())) {
      nodeId = n.id();
      file = node.nodeDir().resolve(nodeId + FILE_SUFFIX);
      store = KeeperStore.open(file, n.storageKey(), options.retention(), clock, random);
    } catch (NodeFileException e) {
      throw new KeeperException("KafkaCrypto node of " + options.config() + ": " + e.getMessage(),
          e);
    }
    Counters counters = new Counters();
    NodeRuntime runtime = null;
    KafkaConsumer<byte[], byte[]> consumer = null;
    try {
      try {
        runtime = NodeRuntime.builder(node.configFile()).kafkaProperties(connection)
            .keeperRequests(true).receivedKeys(store).listener(counters).clock(clock)
            .random(random).start();
      } catch (NodeStartException e) {
        throw new KeeperException("KafkaCrypto node '" + nodeId + "' cannot start: "
            + e.getMessage(), e);
      }
      Optional<String> cannotServe = runtime.chainProblem(null, NodeRole.Usage.ENCRYPT);
      if (cannotServe.isPresent()) {
        throw new KeeperException("node '" + nodeId + "' cannot serve keys: its chain does not"
            + " grant key-encrypt (" + cannotServe.get() + "). A key keeper must be provisioned"
            + " as consumer+producer (ProvisionNode role 4) for the roots it keeps");
      }
      List<String> kept = new ArrayList<>();
      List<String> keptTopics = new ArrayList<>();
      Map<String, String> skipped = new LinkedHashMap<>();
      for (String topic : new LinkedHashSet<>(options.topics())) {
        String root = runtime.rootOf(topic);
        if (skipped.containsKey(root)) {
          continue;
        }
        if (!kept.contains(root)) {
          Optional<String> why = runtime.chainProblem(root, NodeRole.Usage.ENCRYPT);
          if (why.isPresent()) {
            skipped.put(root, why.get());
            LOG.warn("Key keeper node '{}' is not provisioned to serve root {} ({}): it keeps no"
                + " keys of topic {} (provision it for that root with ProvisionNode role 4)",
                nodeId, root, why.get(), topic);
            continue;
          }
          kept.add(root);
          if (runtime.chainProblem(root, NodeRole.Usage.REQUEST).isPresent()) {
            LOG.warn("Key keeper node '{}' may not ask producers of root {} directly (no"
                + " key-encrypt-request on its chain): its requests go through a controller, and"
                + " producers cannot tell they come from a keeper", nodeId, root);
          }
        }
        keptTopics.add(topic);
      }
      if (kept.isEmpty()) {
        throw new KeeperException("node '" + nodeId + "' is not provisioned to serve any root of"
            + " the given topics (" + skipped + ")");
      }
      for (String root : kept) {
        try {
          runtime.ensureTopics(root);
        } catch (KeyExchangeTopicsException e) {
          throw new KeeperException(e.getMessage(), e);
        }
      }
      TopicReader.prune(store, runtime); // the node is locked now: the file may be rewritten
      Set<String> served = new TreeSet<>(kept);
      for (String root : store.heldPerRoot().keySet()) {
        if (!served.contains(root) && runtime.chainProblem(root, NodeRole.Usage.ENCRYPT).isEmpty()) {
          served.add(root); // keys kept for a topic no longer listed: still served
        }
      }
      runtime.addKeySource(store);
      served.forEach(runtime::serve);
      for (Map.Entry<String, List<KeyIndex>> e : store.wanted().entrySet()) {
        if (kept.contains(e.getKey())) {
          runtime.requestKeys(e.getKey(), e.getValue());
        }
      }
      consumerProps.keySet().removeIf(k -> k.endsWith(".deserializer"));
      consumerProps.put("group.id", options.groupId().orElse(nodeId + ".key-keeper"));
      consumerProps.put("enable.auto.commit", "false");
      consumerProps.put("auto.offset.reset", "earliest");
      consumerProps.put("client.id", nodeId + ".key-keeper");
      try {
        consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
      } catch (KafkaException e) {
        throw new KeeperException(options.config() + ": the data-topic consumer settings are not"
            + " usable: " + (e.getCause() != null ? e.getCause() : e).getMessage(), e);
      }
      TopicReader reader = new TopicReader(consumer, keptTopics, Set.copyOf(kept), runtime, store,
          clock);
      Keeper k = new Keeper(nodeId, runtime, store, reader, new ArrayList<>(served), skipped,
          counters);
      k.readerThread.start();
      LOG.info("Key keeper node '{}' serves roots {} and reads topics {} (group {}); {} key(s)"
          + " held, {} wanted, in {} (retention {} days)", nodeId, served, keptTopics,
          consumerProps.get("group.id"), store.heldPerRoot().values().stream()
              .mapToInt(Integer::intValue).sum(), store.wantedCount(), store.file(),
          options.retention().toDays());
      return k;
    } catch (KeeperException | RuntimeException e) {
      if (consumer != null) {
        consumer.close(Duration.ZERO);
      }
      if (runtime != null) {
        runtime.close();
      }
      store.close();
      throw e;
    }
  }

  /** The node id. */
  public String nodeId() {
    return nodeId;
  }

  /** The roots whose keys this keeper serves. */
  public List<String> roots() {
    return roots;
  }

  /** Roots of the given topics the node is not provisioned to serve, with the reason. */
  public Map<String, String> skippedRoots() {
    return skipped;
  }

  /** True if the keeper holds the key (root, ki). */
  public boolean holds(String root, KeyIndex ki) {
    return store.contains(root, ki);
  }

  /** The keeper's key file. */
  public Path keyFile() {
    return store.file();
  }

  /** Where things stand. */
  public KeeperStatus status() {
    return new KeeperStatus(nodeId, roots, store.heldPerRoot(), store.wantedCount(),
        requestsAnswered.get(), keysServed.get(), keysAcquired.get(), reader.recordsRead());
  }

  /** The node runtime (for tests in this package). */
  NodeRuntime runtime() {
    return runtime;
  }

  /**
   * Stops reading, stops the node runtime, writes pending changes and wipes the keys from
   * memory. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    reader.stop();
    try {
      if (!reader.awaitStopped(Duration.ofSeconds(10))) {
        LOG.warn("Key keeper: the data-topic reader did not stop in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
    store.close();
    LOG.info("Key keeper node '{}' stopped", nodeId);
  }

  @Override
  public String toString() {
    return "Keeper[" + nodeId + ", roots " + roots + "]";
  }
}
