package io.msistream.kex;

import io.msistream.crypto.MsiCryptoException;
import io.msistream.crypto.cert.ManagementUpdates.ListKind;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.node.ManagementSettings;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import io.msistream.kex.keys.ProducerKeys;
import io.msistream.kex.keys.ReceivedKeyStore;
import io.msistream.kex.protocol.ExchangeException;
import io.msistream.kex.protocol.KeeperMark;
import io.msistream.kex.protocol.KeyReply;
import io.msistream.kex.protocol.KeyRequest;
import io.msistream.kex.protocol.Outgoing;
import io.msistream.kex.protocol.Relay;
import io.msistream.kex.protocol.Requester;
import io.msistream.kex.protocol.Responder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management thread of a {@link NodeRuntime} (KEY_EXCHANGE.md, Threads): it alone uses the
 * management consumer (manual assignment of partition 0 of each topic it needs, no group); it
 * sends through the management producer. Other threads hand it work with {@link #submit}, which
 * wakes a blocked poll at once. Every management record is handled inside a catch-all: bad
 * records are dropped with one log line and never stop the loop.
 */
final class ManagementLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementLoop.class);
  private static final long MAX_WAIT_MS = 1000;
  private static final int MAX_KIS_PER_REQUEST = 512;
  private static final int SEEN_RANDOM0_LIMIT = 4096;

  private enum Kind { KEYS, REQS, SUBS, CHAINS, ALLOWLIST, DENYLIST }

  private record Assigned(Kind kind, String root) {}

  /** Per-root state, used on the management thread only. */
  private static final class RootState {
    final String root;
    boolean topicsReady;
    long topicsRetryAt;
    boolean keysAssigned;
    boolean reqsAssigned;
    boolean subsAssigned;
    long lastRequestAt = Long.MIN_VALUE;
    Set<KeyIndex> asked = Set.of();

    RootState(String root) {
      this.root = root;
    }
  }

  // configuration
  private final String nodeId;
  private final TopicNames names;
  private final ManagementSettings settings;
  private final double maxage;
  private final TrustState trust;
  private final Requester requester;
  private final List<KemType> kemTypes;
  private final SecureRandom random;
  private final ReceivedKeyStore received;
  private final ProducerKeys producerKeys;
  private final boolean controller;
  private final boolean prepareRequests;
  private final Clock clock;
  private final List<KeyExchangeListener> listeners;
  private final List<KeySource> extraSources = new CopyOnWriteArrayList<>();

  // clients
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final TopicCreator topics;

  // shared with other threads
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Semaphore signal = new Semaphore(0);
  private volatile boolean polling;
  private volatile boolean running = true;
  private final PendingKeys pending = new PendingKeys();
  private final Set<String> serveRoots = ConcurrentHashMap.newKeySet();
  private final Map<String, String> topicProblems = new ConcurrentHashMap<>();
  private final Set<String> overflowLogged = ConcurrentHashMap.newKeySet();
  private final AtomicLong requestsSent = new AtomicLong();
  private final AtomicLong requestBytes = new AtomicLong();
  private final AtomicLong repliesSent = new AtomicLong();
  private final AtomicLong replyBytes = new AtomicLong();
  private final AtomicLong repliesOpened = new AtomicLong();
  private final AtomicLong repliesOpenedBytes = new AtomicLong();
  private final AtomicLong relaysSent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  // management thread only
  private final Map<String, RootState> roots = new HashMap<>();
  private final Map<TopicPartition, Assigned> assigned = new LinkedHashMap<>();
  private final Set<String> answered = newSeenSet();
  private final Set<String> relayed = newSeenSet();
  private boolean subsDiscovered;
  private Set<String> knownTopics = Set.of();
  private long nextTopicRefresh;
  private long nextRatchet;
  private long nextExpire;
  private int failures;

  ManagementLoop(Builder b) {
    this.nodeId = b.nodeId;
    this.names = b.names;
    this.settings = b.settings;
    this.maxage = b.maxage;
    this.trust = b.trust;
    this.requester = b.requester;
    this.kemTypes = b.kemTypes;
    this.random = b.random;
    this.received = b.received;
    this.producerKeys = b.producerKeys;
    this.controller = b.controller;
    this.prepareRequests = b.prepareRequests;
    this.clock = b.clock;
    this.listeners = b.listeners;
    this.consumer = b.consumer;
    this.producer = b.producer;
    this.topics = new TopicCreator(b.admin, b.names, b.createTopics);
    long now = clock.millis();
    this.nextRatchet = now + settings.cryptoRatchetInterval().toMillis();
    this.nextTopicRefresh = now;
    this.nextExpire = now + subIntervalMs();
    serveRoots.addAll(producerKeys.roots());
  }

  /** Construction parameters. */
  static final class Builder {
    String nodeId;
    TopicNames names;
    ManagementSettings settings;
    double maxage;
    TrustState trust;
    Requester requester;
    List<KemType> kemTypes;
    SecureRandom random;
    ReceivedKeyStore received;
    ProducerKeys producerKeys;
    boolean controller;
    boolean createTopics;
    boolean prepareRequests;
    Clock clock;
    List<KeyExchangeListener> listeners;
    Consumer<byte[], byte[]> consumer;
    Producer<byte[], byte[]> producer;
    Supplier<Admin> admin;
  }

  private static Set<String> newSeenSet() {
    return java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > SEEN_RANDOM0_LIMIT;
      }
    });
  }

  /** {@code crypto_sub_interval}, at least half a second (a 0 would re-request without pause). */
  private long subIntervalMs() {
    return Math.max(500, settings.cryptoSubInterval().toMillis());
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  // ---------------------------------------------------------------- cross-thread entry points

  /** Runs {@code task} on the management thread soon, waking it at once. */
  void submit(Runnable task) {
    tasks.add(task);
    signal.release();
    if (polling) {
      consumer.wakeup();
    }
  }

  /** Records that (root, ki) is needed; a new one triggers a request at once. */
  void noteMissing(String root, KeyIndex ki) {
    PendingKeys.Added a = pending.add(root, ki);
    if (a == PendingKeys.Added.NEW) {
      submit(() -> { });
    } else if (a == PendingKeys.Added.FULL && overflowLogged.add(root)) {
      LOG.warn("Node {}: more than {} unknown key indices wait for root {}; ignoring further ones"
          + " until some arrive", nodeId, PendingKeys.MAX_PER_ROOT, root);
    }
  }

  /** Requests these key indices (unless known), at once. */
  void request(String root, Collection<KeyIndex> kis) {
    boolean any = false;
    for (KeyIndex ki : kis) {
      any |= !received.contains(root, ki) && pending.add(root, ki) == PendingKeys.Added.NEW;
    }
    if (any) {
      submit(() -> { });
    }
  }

  /** Stops requesting these key indices (they stay wanted only if noted missing again). */
  void forget(String root, Collection<KeyIndex> kis) {
    for (KeyIndex ki : kis) {
      pending.forget(root, ki);
    }
  }

  /** Completes when a key for (root, ki) is known. */
  CompletableFuture<Void> arrival(String root, KeyIndex ki) {
    return pending.arrival(root, ki,
        () -> received.contains(root, ki) || producerKeys.find(root, ki).isPresent());
  }

  /** Starts answering {@code R.reqs} for root. */
  void serve(String root) {
    if (serveRoots.add(root)) {
      submit(() -> { });
    }
  }

  void addKeySource(KeySource s) {
    extraSources.add(s);
  }

  /** A short description of why the key-exchange topics of root are unusable, if they are. */
  Optional<String> topicProblem(String root) {
    return Optional.ofNullable(topicProblems.get(root));
  }

  ExchangeStats stats() {
    return new ExchangeStats(requestsSent.get(), requestBytes.get(), repliesSent.get(),
        replyBytes.get(), repliesOpened.get(), repliesOpenedBytes.get(), relaysSent.get(),
        dropped.get());
  }

  /** Asks the loop to end; it closes the consumer on its way out. */
  void stop() {
    running = false;
    topics.stop();
    signal.release();
    consumer.wakeup();
  }

  // ---------------------------------------------------------------- the loop

  @Override
  public void run() {
    try {
      prepareRequest();
      while (running) {
        try {
          signal.drainPermits();
          runTasks();
          long now = clock.millis();
          dueWork(now);
          if (!running) {
            break;
          }
          long wait = Math.max(0, Math.min(MAX_WAIT_MS, nextDeadline() - clock.millis()));
          ConsumerRecords<byte[], byte[]> records = pollOrWait(wait);
          for (ConsumerRecord<byte[], byte[]> r : records) {
            handle(r);
          }
          failures = 0;
        } catch (WakeupException e) {
          // new work or stop
        } catch (InterruptException e) {
          if (running) {
            LOG.warn("Management thread of node {} interrupted; continuing", nodeId);
          }
          Thread.interrupted();
        } catch (RuntimeException e) {
          failures++;
          LOG.warn("Management thread of node {}: {} (continuing)", nodeId, describe(e), e);
          backoff(Math.min(5000, 100L * failures));
        }
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        LOG.debug("closing the management consumer: {}", describe(e));
      }
      topics.close();
    }
  }

  private void backoff(long ms) {
    try {
      signal.tryAcquire(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runTasks() {
    Runnable t;
    while ((t = tasks.poll()) != null) {
      try {
        t.run();
      } catch (RuntimeException e) {
        LOG.warn("Management task failed: {}", describe(e), e);
      }
    }
  }

  private ConsumerRecords<byte[], byte[]> pollOrWait(long waitMs) {
    if (assigned.isEmpty()) {
      backoff(waitMs);
      return ConsumerRecords.empty();
    }
    polling = true;
    try {
      if (!tasks.isEmpty() || !running) {
        return ConsumerRecords.empty();
      }
      return consumer.poll(Duration.ofMillis(waitMs));
    } finally {
      polling = false;
    }
  }

  private long nextDeadline() {
    long next = Math.min(nextRatchet, Math.min(nextTopicRefresh, nextExpire));
    long now = clock.millis();
    for (Map.Entry<String, Set<KeyIndex>> e : pending.byRoot().entrySet()) {
      if (!e.getValue().isEmpty()) {
        RootState rs = roots.get(e.getKey());
        if (rs == null) {
          return now;
        }
        boolean fresh = rs.lastRequestAt == Long.MIN_VALUE || !rs.asked.containsAll(e.getValue());
        long due = fresh ? now : rs.lastRequestAt + subIntervalMs();
        next = Math.min(next, Math.max(due, rs.topicsRetryAt)); // no spinning while topics fail
      }
    }
    return next;
  }

  private void dueWork(long now) {
    if (now >= nextTopicRefresh) {
      long interval = Math.max(1000, settings.mgmtSubscribeInterval().toMillis());
      nextTopicRefresh = now + Math.min(interval, 5000); // retry soon if the listing fails
      refreshTopics();
      nextTopicRefresh = now + interval;
    }
    for (String root : serveRoots) {
      RootState rs = state(root);
      if (!rs.reqsAssigned && now >= rs.topicsRetryAt) {
        startServing(rs);
      }
    }
    for (Map.Entry<String, Set<KeyIndex>> e : pending.byRoot().entrySet()) {
      if (!e.getValue().isEmpty()) {
        maybeRequest(state(e.getKey()), e.getValue(), now);
      }
    }
    if (now >= nextRatchet) {
      nextRatchet = now + Math.max(1000, settings.cryptoRatchetInterval().toMillis());
      try {
        producerKeys.ratchet();
        LOG.info("Node {} stepped its ratchet to key index counter {}", nodeId, producerKeys.keyidx());
      } catch (MsiCryptoException e) {
        LOG.error("Node {} could not step its ratchet: {}", nodeId, e.getMessage());
      }
    }
    if (now >= nextExpire) {
      nextExpire = now + subIntervalMs();
      // keep request secrets for a few re-request rounds: slow replies still open
      requester.expire(nowSeconds() - 4.0 * subIntervalMs() / 1000.0);
    }
  }

  private RootState state(String root) {
    return roots.computeIfAbsent(root, RootState::new);
  }

  // ---------------------------------------------------------------- topics and assignment

  /** Creates the root's key-exchange topics if missing (and allowed). */
  private boolean ensureTopics(RootState rs) {
    if (rs.topicsReady) {
      return true;
    }
    if (clock.millis() < rs.topicsRetryAt) {
      return false;
    }
    if (knownTopics.containsAll(names.allOf(rs.root))) {
      rs.topicsReady = true; // seen in the last topic listing: no admin round trip needed
      return true;
    }
    try {
      ensureTopics(rs.root);
      rs.topicsReady = true;
      topicProblems.remove(rs.root);
      return true;
    } catch (KeyExchangeTopicsException e) {
      String before = topicProblems.put(rs.root, e.getMessage());
      if (before == null) {
        LOG.error("Node {}: {}", nodeId, e.getMessage());
      }
      rs.topicsRetryAt = clock.millis() + subIntervalMs();
      return false;
    }
  }

  /** Checks the three topics of root and creates missing ones with one partition. */
  void ensureTopics(String root) throws KeyExchangeTopicsException {
    topics.ensure(root);
  }

  private TopicPartition assign(String topic, Kind kind, String root) {
    TopicPartition tp = new TopicPartition(topic, 0);
    if (!assigned.containsKey(tp)) {
      assigned.put(tp, new Assigned(kind, root));
      consumer.assign(new ArrayList<>(assigned.keySet()));
    }
    return tp;
  }

  private void unassign(TopicPartition tp) {
    if (assigned.remove(tp) != null) {
      consumer.assign(new ArrayList<>(assigned.keySet()));
    }
  }

  /**
   * Positions tp at the first record not older than {@code back}, or at the end. The end offset
   * is read first: a record appended while the time lookup runs is then still read.
   */
  private void seekBack(TopicPartition tp, long backMs) {
    long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
    Map<TopicPartition, OffsetAndTimestamp> o =
        consumer.offsetsForTimes(Map.of(tp, Math.max(0, clock.millis() - backMs)));
    OffsetAndTimestamp at = o.get(tp);
    consumer.seek(tp, at != null ? Math.min(at.offset(), end) : end);
  }

  private void startServing(RootState rs) {
    if (!ensureTopics(rs)) {
      return;
    }
    TopicPartition tp = assign(names.reqsOf(rs.root), Kind.REQS, rs.root);
    try {
      seekBack(tp, 2 * subIntervalMs());
      rs.reqsAssigned = true;
      LOG.debug("Node {} answers key requests on {}", nodeId, tp.topic());
    } catch (RuntimeException e) {
      unassign(tp);
      rs.topicsRetryAt = clock.millis() + subIntervalMs();
      throw e;
    }
  }

  /** The consumer side of root: topics exist and {@code R.keys} is positioned at its end. */
  private boolean prepareConsumer(RootState rs) {
    if (rs.keysAssigned) {
      return true;
    }
    if (!ensureTopics(rs)) {
      return false;
    }
    TopicPartition tp = assign(names.keysOf(rs.root), Kind.KEYS, rs.root);
    try {
      consumer.seekToEnd(List.of(tp));
      consumer.position(tp); // resolve now: a reply can only come after the request
      rs.keysAssigned = true;
      return true;
    } catch (RuntimeException e) {
      unassign(tp);
      rs.topicsRetryAt = clock.millis() + subIntervalMs();
      throw e;
    }
  }

  /** Management topics from the beginning if they exist; a controller's {@code *.subs} topics. */
  private void refreshTopics() {
    Map<String, List<PartitionInfo>> listed = consumer.listTopics(TopicCreator.TIMEOUT);
    knownTopics = Set.copyOf(listed.keySet());
    Map<String, Kind> mgmt = Map.of(settings.mgmtTopicChains(), Kind.CHAINS,
        settings.mgmtTopicAllowlist(), Kind.ALLOWLIST, settings.mgmtTopicDenylist(), Kind.DENYLIST);
    for (Map.Entry<String, Kind> e : mgmt.entrySet()) {
      TopicPartition tp = new TopicPartition(e.getKey(), 0);
      if (listed.containsKey(e.getKey()) && !assigned.containsKey(tp)) {
        assign(e.getKey(), e.getValue(), null);
        consumer.seekToBeginning(List.of(tp));
      }
    }
    if (controller) {
      for (String t : listed.keySet()) {
        String root = names.rootOfSubs(t);
        if (root == null) {
          continue;
        }
        RootState rs = state(root);
        if (!rs.subsAssigned) {
          TopicPartition tp = assign(t, Kind.SUBS, root);
          if (subsDiscovered) {
            consumer.seekToBeginning(List.of(tp)); // a new topic: everything in it is recent
          } else {
            seekBack(tp, 2 * subIntervalMs());
          }
          rs.subsAssigned = true;
          LOG.debug("Controller {} relays requests from {}", nodeId, t);
        }
      }
      subsDiscovered = true;
    }
  }

  // ---------------------------------------------------------------- consumer side: requests

  private void maybeRequest(RootState rs, Set<KeyIndex> pendingKis, long now) {
    Set<KeyIndex> want = new LinkedHashSet<>();
    for (KeyIndex ki : pendingKis) {
      if (received.contains(rs.root, ki)) {
        pending.arrived(rs.root, ki);
      } else if (want.size() < MAX_KIS_PER_REQUEST) {
        want.add(ki);
      }
    }
    if (want.isEmpty()) {
      return;
    }
    boolean fresh = !rs.asked.containsAll(want);
    if (!fresh && rs.lastRequestAt != Long.MIN_VALUE && now < rs.lastRequestAt + subIntervalMs()) {
      return;
    }
    if (now < rs.topicsRetryAt) {
      return;
    }
    if (!prepareConsumer(rs)) {
      return;
    }
    double t = nowSeconds();
    List<KeyIndex> kis = List.copyOf(want);
    Outgoing out = requester.request(rs.root, kis, trust.signers(), t, t + maxage);
    boolean direct = trust.mayRequestDirectly();
    for (byte[] v : out.values()) {
      send(names.subsOf(rs.root), out.recordKey(), v, requestsSent, requestBytes, null);
      if (direct) {
        send(names.reqsOf(rs.root), out.recordKey(), v, requestsSent, requestBytes, null);
      }
    }
    rs.lastRequestAt = now;
    rs.asked = Set.copyOf(want);
    LOG.debug("Node {} requested {} key(s) for {}{}", nodeId, kis.size(), rs.root,
        direct ? "" : " through a controller");
    for (KeyExchangeListener l : listeners) {
      safely(() -> l.keysRequested(rs.root, kis));
    }
    submit(this::prepareRequest); // after anything already queued
  }

  private void prepareRequest() {
    if (prepareRequests && running) {
      try {
        requester.prepare();
      } catch (RuntimeException e) {
        LOG.warn("Node {} could not prepare key-exchange keys ahead: {}", nodeId, describe(e));
      }
    }
  }

  private void send(String topic, byte[] key, byte[] value, AtomicLong count, AtomicLong bytes,
      Runnable onAck) {
    producer.send(new ProducerRecord<>(topic, 0, key, value), (md, ex) -> {
      if (ex != null) {
        LOG.warn("Node {} could not write a management record to {}: {}", nodeId, topic, describe(ex));
        return;
      }
      count.incrementAndGet();
      bytes.addAndGet(key.length + (long) value.length);
      if (onAck != null) {
        submit(onAck);
      }
    });
  }

  // ---------------------------------------------------------------- records

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    Assigned a = assigned.get(new TopicPartition(r.topic(), r.partition()));
    if (a == null) {
      return;
    }
    if (r.value() == null) {
      dropped.incrementAndGet();
      LOG.warn("Node {} dropped management record {}-{}@{}: no value", nodeId, r.topic(),
          r.partition(), r.offset());
      return;
    }
    try {
      switch (a.kind()) {
        case KEYS -> onReply(a.root(), r);
        case REQS -> onRequest(a.root(), r);
        case SUBS -> onSubscribe(a.root(), r);
        case CHAINS -> trust.applyChain(r.key(), r.value(), nowSeconds());
        case ALLOWLIST -> trust.applyListUpdate(ListKind.ALLOWLIST, r.value(), nowSeconds());
        case DENYLIST -> trust.applyListUpdate(ListKind.DENYLIST, r.value(), nowSeconds());
        default -> { }
      }
    } catch (MsiCryptoException e) {
      dropped.incrementAndGet();
      LOG.warn("Node {} dropped management record {}-{}@{}: {}", nodeId, r.topic(), r.partition(),
          r.offset(), e.getMessage());
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      LOG.warn("Node {} dropped management record {}-{}@{}: {}", nodeId, r.topic(), r.partition(),
          r.offset(), describe(e), e);
    }
  }

  private void onReply(String root, ConsumerRecord<byte[], byte[]> r) throws MsiCryptoException {
    if (requester.outstanding() == 0) {
      return; // nothing asked: a reply for someone else
    }
    KeyReply reply = KeyReply.open(r.key(), r.value(), root, trust.validator(), nowSeconds());
    Requester.Delivery d;
    try {
      d = requester.open(reply);
    } catch (ExchangeException e) {
      LOG.debug("Key reply {}@{} is not for node {}: {}", r.topic(), r.offset(), nodeId, e.getMessage());
      return;
    }
    repliesOpened.incrementAndGet(); // counted before waiters wake
    repliesOpenedBytes.addAndGet(r.serializedKeySize() + (long) r.serializedValueSize());
    List<KeyIndex> stored = new ArrayList<>();
    List<KeyIndex> delivered = new ArrayList<>();
    try {
      for (HeldKey k : d.keys()) {
        if (received.put(root, k.keyIndex(), k.rootKey())) {
          stored.add(k.keyIndex());
        }
        delivered.add(k.keyIndex());
      }
    } finally {
      d.keys().forEach(HeldKey::close);
    }
    if (d.notAsked() > 0) {
      LOG.warn("Key reply {}@{} carried {} key(s) node {} did not ask for; ignored them", r.topic(),
          r.offset(), d.notAsked(), nodeId);
    }
    if (stored.isEmpty()) {
      LOG.debug("Key reply {}@{} brought only known keys (replayed or duplicate)", r.topic(), r.offset());
    } else {
      LOG.debug("Node {} received {} key(s) for {}", nodeId, stored.size(), root);
      for (KeyExchangeListener l : listeners) {
        safely(() -> l.keysReceived(root, stored, d.producer()));
      }
    }
    // waiters wake last, so whatever a listener records is visible to them
    for (KeyIndex ki : delivered) {
      pending.arrived(root, ki);
    }
  }

  private void onRequest(String root, ConsumerRecord<byte[], byte[]> r) throws MsiCryptoException {
    KeyRequest req = KeyRequest.open(r.key(), r.value(), root, NodeRole.Usage.REQUEST,
        trust.validator(), nowSeconds());
    String id = root + "/" + java.util.HexFormat.of().formatHex(req.random0());
    if (answered.contains(id)) {
      dropped.incrementAndGet();
      LOG.debug("Key request {}@{} was already answered (same random0): replayed or duplicate",
          r.topic(), r.offset());
      return;
    }
    if (requester.isOwn(root, req.random0())) {
      LOG.debug("Key request {}@{} is node {}'s own", r.topic(), r.offset(), nodeId);
      return; // a key keeper that got the key meanwhile would otherwise answer itself
    }
    Optional<Responder.Reply> reply = Responder.answer(req, this::keysFor, trust.signers(),
        kemTypes, random, nowSeconds() + maxage);
    if (reply.isEmpty()) {
      LOG.debug("Node {} holds none of the {} key(s) asked for in {}@{}", nodeId,
          req.keyIndices().size(), r.topic(), r.offset());
      return;
    }
    answered.add(id);
    Responder.Reply rep = reply.get();
    boolean keeper = KeeperMark.isKeeperRequest(r.value(), req, trust.validator(), nowSeconds());
    Outgoing out = rep.records();
    for (byte[] v : out.values()) {
      send(names.keysOf(root), out.recordKey(), v, repliesSent, replyBytes, () -> {
        for (KeyExchangeListener l : listeners) {
          safely(() -> l.keysDelivered(root, rep.delivered(), rep.requester(), keeper));
        }
      });
    }
    LOG.debug("Node {} answered a request for {} with {} key(s) (KEM type {}{})", nodeId, root,
        rep.delivered().size(), rep.kemType().replyType(), keeper ? ", to a key keeper" : "");
  }

  private List<HeldKey> keysFor(String root, List<KeyIndex> requested) {
    List<HeldKey> out = new ArrayList<>(producerKeys.keysFor(root, requested));
    if (!extraSources.isEmpty()) {
      Set<KeyIndex> have = new HashSet<>();
      out.forEach(k -> have.add(k.keyIndex()));
      for (KeySource s : extraSources) {
        for (HeldKey k : s.keysFor(root, requested)) {
          if (have.add(k.keyIndex())) {
            out.add(k);
          } else {
            k.close();
          }
        }
      }
    }
    return out;
  }

  private void onSubscribe(String root, ConsumerRecord<byte[], byte[]> r) throws MsiCryptoException {
    KeyRequest req = KeyRequest.open(r.key(), r.value(), root, NodeRole.Usage.SUBSCRIBE,
        trust.validator(), nowSeconds());
    String id = root + "/" + java.util.HexFormat.of().formatHex(req.random0());
    if (!relayed.add(id)) {
      dropped.incrementAndGet();
      LOG.debug("Key request {}@{} was already relayed (same random0)", r.topic(), r.offset());
      return;
    }
    RootState rs = state(root);
    if (!ensureTopics(rs)) {
      return;
    }
    Outgoing out = Relay.relay(req, trust.signers(), nowSeconds() + maxage);
    for (byte[] v : out.values()) {
      send(names.reqsOf(root), out.recordKey(), v, relaysSent, new AtomicLong(), null);
    }
    LOG.debug("Controller {} relayed a request for {} from {}", nodeId, root, req.requester());
  }

  // ---------------------------------------------------------------- helpers

  void keyCreated(String root, KeyIndex ki) {
    serve(root);
    submit(() -> {
      for (KeyExchangeListener l : listeners) {
        safely(() -> l.keyCreated(root, ki));
      }
    });
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("A key-exchange listener failed: {}", describe(e), e);
    }
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Ends every wait for a key (the runtime is closing). */
  void cancelArrivals() {
    pending.cancelAll();
  }
}
