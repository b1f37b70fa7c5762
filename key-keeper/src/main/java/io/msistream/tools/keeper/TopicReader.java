package io.msistream.tools.keeper;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.KeyLookup;
import io.msistream.crypto.record.RecordCodec;
import io.msistream.kex.NodeRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acquiring side of a keeper: reads the data topics with a plain byte consumer of its own
 * group, finds the key index in the header of every record key and value without decrypting
 * anything, and asks for each new one at once through the node runtime's normal request path. A
 * new index is written to the keeper's file as "wanted" before the offsets are committed, so a
 * restart asks for it again. Also prunes the file every {@link #MAINTENANCE} and tells the
 * runtime to stop asking for keys nobody can serve any more. Runs on its own thread.
 */
final class TopicReader implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
  static final Duration MAINTENANCE = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int SEEN_LIMIT = 65_536;

  private final Consumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final Set<String> roots;
  private final NodeRuntime runtime;
  private final KeeperStore store;
  private final Clock clock;
  private final AtomicLong recordsRead = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Set<KeeperStore.Name> seen = new HashSet<>();
  private final Set<String> fullLogged = new HashSet<>();
  private volatile boolean running = true;
  private boolean uncommitted;
  private long nextMaintenance;

  TopicReader(Consumer<byte[], byte[]> consumer, List<String> topics, Set<String> roots,
      NodeRuntime runtime, KeeperStore store, Clock clock) {
    this.consumer = consumer;
    this.topics = List.copyOf(topics);
    this.roots = Set.copyOf(roots);
    this.runtime = runtime;
    this.store = store;
    this.clock = clock;
  }

  /**
   * The key index a record key or value names, read from its {@code 0x01 || pack([ki, salt,
   * box])} header without decrypting (crypto-core's codec with no keys); empty for null, for
   * bytes not in the encrypted format and for indices that can name no key.
   */
  static Optional<KeyIndex> keyIndexOf(byte[] wire, String root, Context context) {
    if (wire == null) {
      return Optional.empty();
    }
    DecodeResult r = RecordCodec.decrypt(wire, root, context, KeyLookup.none());
    if (r instanceof DecodeResult.PossiblyDecryptable p
        && !(p.keyIndex() instanceof KeyIndex.Other)) {
      return Optional.of(p.keyIndex());
    }
    return Optional.empty();
  }

  long recordsRead() {
    return recordsRead.get();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(topics);
      int failures = 0;
      while (running) {
        try {
          maintain();
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          if (!records.isEmpty()) {
            handle(records);
            uncommitted = true;
            consumer.commitSync();
            uncommitted = false;
          }
          failures = 0;
        } catch (WakeupException e) {
          // stopping
        } catch (KafkaException | IllegalStateException e) {
          if (!running) {
            break;
          }
          failures++;
          LOG.warn("Key keeper: reading the data topics failed ({}); retrying", e.toString());
          pause(Math.min(5000, 200L * failures));
        }
      }
    } finally {
      try {
        if (uncommitted) { // a stop interrupted the commit of a batch already handled
          consumer.commitSync(Duration.ofSeconds(5));
        }
      } catch (RuntimeException e) {
        LOG.debug("final commit of the data-topic offsets: {}", e.toString());
      }
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("closing the data-topic consumer: {}", e.toString());
      }
      stopped.countDown();
    }
  }

  private void handle(ConsumerRecords<byte[], byte[]> records) {
    Map<String, Set<KeyIndex>> fresh = new LinkedHashMap<>();
    Map<String, String> where = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      recordsRead.incrementAndGet();
      String root = runtime.rootOf(r.topic());
      if (!roots.contains(root)) {
        continue;
      }
      double since = (r.timestamp() >= 0 ? r.timestamp() : clock.millis()) / 1000.0;
      for (Optional<KeyIndex> ki : List.of(keyIndexOf(r.key(), root, Context.KEY),
          keyIndexOf(r.value(), root, Context.VALUE))) {
        if (ki.isEmpty() || !seen(root, ki.get())) {
          continue;
        }
        switch (store.want(root, ki.get(), since)) {
          case NEW -> {
            fresh.computeIfAbsent(root, x -> new LinkedHashSet<>()).add(ki.get());
            where.putIfAbsent(root, r.topic() + "[" + r.partition() + "]@" + r.offset());
          }
          case FULL -> {
            if (fullLogged.add(root)) {
              LOG.warn("Key keeper: {} key indices of root {} are already waiting for a producer;"
                  + " ignoring new ones (from {}) until some arrive or expire",
                  KeeperStore.MAX_WANTED_PER_ROOT, root, r.topic());
            }
          }
          default -> { }
        }
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    store.flush(); // wanted on disk before the offsets are committed
    for (Map.Entry<String, Set<KeyIndex>> e : fresh.entrySet()) {
      LOG.info("Key keeper: {} new key index(es) of root {} (first in {}); requesting",
          e.getValue().size(), e.getKey(), where.get(e.getKey()));
      runtime.requestKeys(e.getKey(), e.getValue());
    }
  }

  /** False if (root, ki) was handled recently (a cheap filter before the store's lock). */
  private boolean seen(String root, KeyIndex ki) {
    if (seen.size() >= SEEN_LIMIT) {
      seen.clear();
    }
    return seen.add(new KeeperStore.Name(root, ki));
  }

  private void maintain() {
    long now = clock.millis();
    if (now < nextMaintenance) {
      return;
    }
    nextMaintenance = now + MAINTENANCE.toMillis();
    prune(store, runtime);
    fullLogged.clear();
  }

  /** Drops expired keys and stops asking for wanted keys nobody can serve any more. */
  static void prune(KeeperStore store, NodeRuntime runtime) {
    KeeperStore.Pruned p = store.prune();
    if (p.held() > 0) {
      LOG.info("Key keeper: dropped {} key(s) older than the retention period", p.held());
    }
    for (Map.Entry<String, List<KeyIndex>> e : p.wanted().entrySet()) {
      runtime.forgetRequests(e.getKey(), e.getValue());
      LOG.warn("Key keeper: gave up on {} key(s) of root {}: no producer or keeper answered within"
          + " the retention period, so consumers cannot decrypt the records encrypted with them",
          e.getValue().size(), e.getKey());
    }
  }

  private void pause(long ms) {
    try {
      stopRequested.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Asks the loop to end; {@link #awaitStopped} waits for it. */
  void stop() {
    running = false;
    stopRequested.countDown();
    consumer.wakeup();
  }

  boolean awaitStopped(Duration d) throws InterruptedException {
    return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String toString() {
    return "TopicReader" + new ArrayList<>(topics);
  }
}
