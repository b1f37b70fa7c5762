package io.msistream.tools.download;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread of the downloader's group. Offsets are committed only for records whose
 * effect is durable: after each checkpoint (every {@code checkpointInterval} or
 * {@code checkpointBytes}, before partitions are revoked, and at stop) the part files this
 * thread wrote to are fsynced and their progress records persisted, then the offsets after the
 * records handled so far are committed synchronously, per partition of this consumer.
 *
 * <p>Failures never crash-loop on a record: unusable records are kept and committed past by the
 * {@link RecordHandler}; an I/O failure of the output ends the consumer session without
 * committing what is not durable, and the session restarts (new consumer, from the committed
 * offsets) after a back-off. A batch that would hold the thread longer than {@code maxBatchTime}
 * (e.g. records waiting for decryption keys) is cut short and the rest fetched again, so the
 * consumer keeps its group membership.
 *
 * @param <K> the consumer's key type
 * @param <V> the consumer's value type
 */
final class ConsumerWorker<K, V> implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorker.class);

  /** Makes this worker's consumers (one per session). */
  @FunctionalInterface
  interface ConsumerSource<K, V> {
    Consumer<K, V> create(String clientId) throws Exception;
  }

  /**
   * Timing of one worker.
   *
   * @param poll poll timeout
   * @param checkpointInterval longest time between checkpoints while records arrive
   * @param checkpointBytes data bytes written after which a checkpoint is due sooner
   * @param maxBatchTime longest time spent on one poll's records before fetching them again
   * @param restartBackoff first wait before restarting a failed session (doubles, up to 60 s)
   */
  record Settings(Duration poll, Duration checkpointInterval, long checkpointBytes,
      Duration maxBatchTime, Duration restartBackoff) {}

  private final String name;
  private final String topic;
  private final ConsumerSource<K, V> source;
  private final RecordOpener<K, V> opener;
  private final RecordHandler handler;
  private final Reassembler reassembler;
  private final Settings settings;
  private final AtomicBoolean stop;

  private volatile Consumer<K, V> consumer;
  private final Map<Assembly, Long> touched = new IdentityHashMap<>();
  private final Map<TopicPartition, Long> handled = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private long lastCheckpoint = System.nanoTime();
  private long bytesSinceCheckpoint;

  ConsumerWorker(String name, String topic, ConsumerSource<K, V> source, RecordOpener<K, V> opener,
      RecordHandler handler, Reassembler reassembler, Settings settings, AtomicBoolean stop) {
    this.name = name;
    this.topic = topic;
    this.source = source;
    this.opener = opener;
    this.handler = handler;
    this.reassembler = reassembler;
    this.settings = settings;
    this.stop = stop;
  }

  /** Wakes the consumer out of a poll (after the stop flag was set). */
  void wakeup() {
    Consumer<K, V> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    Duration backoff = settings.restartBackoff();
    while (!stop.get()) {
      try {
        session();
        backoff = settings.restartBackoff();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | LinkageError e) {
        if (stop.get()) {
          LOG.warn("{}: stopped with an error: {}", name, e.toString());
          return;
        }
        LOG.warn("{}: consumer failed ({}); restarting it in {} ms", name, e.toString(),
            backoff.toMillis(), e);
        if (sleep(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(Duration.ofSeconds(60)) > 0) {
          backoff = Duration.ofSeconds(60);
        }
      }
    }
  }

  private boolean sleep(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (!stop.get() && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return stop.get();
  }

  private void session() throws Exception {
    touched.clear();
    handled.clear();
    committed.clear();
    Consumer<K, V> c = source.create(name);
    consumer = c;
    boolean clean = false;
    try {
      if (stop.get()) {
        return;
      }
      c.subscribe(List.of(topic), new Rebalance(c));
      while (!stop.get()) {
        ConsumerRecords<K, V> records;
        try {
          records = c.poll(settings.poll());
        } catch (WakeupException e) {
          continue;
        }
        handleBatch(c, records);
        if (checkpointDue()) {
          checkpoint(c);
        }
      }
      checkpoint(c);
      clean = true;
    } finally {
      consumer = null;
      try {
        c.close(CloseOptions.timeout(clean ? Duration.ofSeconds(30) : Duration.ZERO));
      } catch (RuntimeException e) {
        LOG.debug("{}: closing the consumer: {}", name, e.toString());
      }
    }
  }

  private void handleBatch(Consumer<K, V> c, ConsumerRecords<K, V> records) throws Exception {
    long start = System.nanoTime();
    List<TopicPartition> parts = List.copyOf(records.partitions());
    for (int p = 0; p < parts.size(); p++) {
      TopicPartition tp = parts.get(p);
      List<ConsumerRecord<K, V>> list = records.records(tp);
      for (int i = 0; i < list.size(); i++) {
        ConsumerRecord<K, V> r = list.get(i);
        if (stop.get()) {
          return; // not committed: read again by the next run
        }
        if (System.nanoTime() - start > settings.maxBatchTime().toNanos()) {
          c.seek(tp, r.offset());
          for (int q = p + 1; q < parts.size(); q++) {
            c.seek(parts.get(q), records.records(parts.get(q)).get(0).offset());
          }
          LOG.debug("{}: batch took too long; fetching the rest again", name);
          return;
        }
        Opened opened = opener.open(r);
        RecordHandler.Handled h;
        try {
          h = handler.handle(new RecordKeeper.Origin(r.topic(), r.partition(), r.offset(),
              r.timestampType(), r.timestamp()), opened);
        } catch (IOException e) {
          LOG.error("{}: cannot write the output for message {}-{}@{}: {}", name, r.topic(),
              r.partition(), r.offset(), e.toString());
          checkpointQuietly(c);
          throw e;
        }
        if (h.pending() != null) {
          touched.merge(h.pending(), h.version(), Math::max);
          bytesSinceCheckpoint += Math.max(0, r.serializedValueSize());
        }
        handled.put(tp, r.offset());
        if (checkpointDue()) {
          checkpoint(c);
        }
      }
    }
  }

  private boolean checkpointDue() {
    return bytesSinceCheckpoint >= settings.checkpointBytes()
        || (System.nanoTime() - lastCheckpoint >= settings.checkpointInterval().toNanos()
            && !handled.isEmpty());
  }

  /**
   * Makes every chunk this consumer handled durable, then commits the offsets after them.
   *
   * @throws IOException a part file or progress record could not be written: nothing committed
   */
  private void checkpoint(Consumer<K, V> c) throws IOException {
    for (Map.Entry<Assembly, Long> e : touched.entrySet()) {
      reassembler.makeDurable(e.getKey(), e.getValue());
    }
    touched.clear();
    lastCheckpoint = System.nanoTime();
    bytesSinceCheckpoint = 0;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : handled.entrySet()) {
      Long done = committed.get(e.getKey());
      if (done == null || done < e.getValue()) {
        offsets.put(e.getKey(), new OffsetAndMetadata(e.getValue() + 1));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      commit(c, offsets);
      offsets.forEach((tp, om) -> committed.put(tp, om.offset() - 1));
    } catch (CommitFailedException | RebalanceInProgressException e) {
      LOG.warn("{}: offsets not committed ({}); the group is rebalancing, so some messages may"
          + " be read again (they are recognised as duplicates)", name, e.getMessage());
    }
  }

  private void commit(Consumer<K, V> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      c.commitSync(offsets);
    } catch (WakeupException e) {
      c.commitSync(offsets); // the wakeup was meant for poll; this commit still has to happen
    }
  }

  private void checkpointQuietly(Consumer<K, V> c) {
    try {
      checkpoint(c);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: checkpoint after a failure did not succeed: {}", name, e.toString());
    }
  }

  /** Checkpoints before partitions go to another consumer. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<K, V> c;

    Rebalance(Consumer<K, V> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        try {
          checkpoint(c);
        } catch (IOException e) {
          LOG.error("{}: could not make received chunks durable before a rebalance: {}", name,
              e.toString());
        } catch (RuntimeException e) {
          LOG.warn("{}: commit before a rebalance failed: {}", name, e.toString());
        }
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.debug("{}: assigned {}", name, partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        handled.remove(tp);
        committed.remove(tp);
      }
    }
  }
}
