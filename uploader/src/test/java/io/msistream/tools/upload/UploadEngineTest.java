package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.chunk.ChunkDecoder;
import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.chunk.DataFileChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against Kafka's MockProducer, acknowledging (or failing) sends by hand. */
class UploadEngineTest {
  private static final String TOPIC = "t";
  private static final int CHUNK = 1024;
  @TempDir Path tmp;

  private final Events events = new Events();
  private MockProducer<String, byte[]> producer;
  private UploadEngine engine;

  /** Everything the engine reports. */
  static final class Events implements UploadListener {
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<FileUpload> started = new ConcurrentLinkedQueue<>();
    volatile FileUpload.Outcome outcome;
    volatile String why;

    @Override
    public void started(FileUpload u) {
      started.add(u);
    }

    @Override
    public void acked(FileUpload u, int index, int bytes) {
      log.add("ack " + index);
    }

    @Override
    public void completed(FileUpload u) {
      log.add("completed");
      outcome = FileUpload.Outcome.COMPLETE;
    }

    @Override
    public void ended(FileJob job, FileUpload u, FileUpload.Outcome o, String w, Throwable c) {
      log.add("ended " + o);
      why = w;
      outcome = o;
    }
  }

  private void start(long budget, int threads, int maxResends) {
    Node n = new Node(0, "localhost", 9092);
    List<PartitionInfo> parts = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      parts.add(new PartitionInfo(TOPIC, p, n, new Node[] {n}, new Node[] {n}));
    }
    Cluster cluster = new Cluster("c", List.of(n), parts, Set.of(), Set.of());
    producer = new MockProducer<>(cluster, false, new RoundRobinPartitioner(),
        new StringSerializer(), new ByteArraySerializer());
    engine = new UploadEngine(producer, TOPIC, tmp, ChunkPlanner.of(CHUNK).emptyFileAsOneChunk(),
        ChunkFormat.TEN_FIELDS, new ByteBudget(budget), maxResends, Duration.ofMillis(50), events);
    engine.start(threads, "test");
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.stop(Duration.ofSeconds(10));
    }
  }

  static void await(BooleanSupplier c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private Path file(String name, int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(tmp.resolve(name), b);
  }

  private static DataFileChunk decode(ProducerRecord<String, byte[]> r) throws Exception {
    return ChunkDecoder.decode(r.value());
  }

  @Test
  void keepsAtMostTheBudgetUnacknowledgedAndCountsOnlyAcks() throws Exception {
    start(3 * CHUNK, 2, -1);
    Path f = file("a.dat", 20 * CHUNK + 7, 1);
    engine.submit(FileJob.fresh(f, "a.dat"));
    int acked = 0;
    while (events.outcome == null) {
      int expect = Math.min(acked + 3, 21);
      final int target = expect;
      await(() -> producer.history().size() >= target, "sends up to the budget");
      assertThat(producer.history()).hasSize(expect); // never more than 3 unacknowledged
      assertThat(events.log).filteredOn(s -> s.startsWith("ack")).hasSize(acked);
      producer.completeNext();
      acked++;
      if (acked == 21) {
        await(() -> events.outcome != null, "completion");
      }
    }
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.COMPLETE);
    Set<Integer> idx = new TreeSet<>();
    Set<Integer> partitions = new TreeSet<>();
    for (var r : producer.history()) {
      DataFileChunk c = decode(r);
      idx.add(c.chunkIndex());
      partitions.add(r.partition());
      assertThat(r.key()).isEqualTo("_a.dat_chunk_" + c.chunkIndex() + "_of_21");
      assertThat(c.chunkHashMatches()).isTrue();
    }
    assertThat(idx).hasSize(21);
    assertThat(partitions).containsExactly(
        io.msistream.stream.kafka.FilePartitions.of("a.dat", 5));
  }

  /** {@code --n_threads} sender threads, and they end with the engine. */
  @Test
  void startsTheRequestedNumberOfSenderThreads() throws Exception {
    start(CHUNK, 3, -1);
    java.util.function.Supplier<List<String>> senders = () -> Thread.getAllStackTraces().keySet()
        .stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("test-sender-")).sorted().toList();
    assertThat(senders.get()).containsExactly("test-sender-1", "test-sender-2", "test-sender-3");
    engine.stop(Duration.ofSeconds(10));
    engine = null;
    await(() -> senders.get().isEmpty(), "the sender threads to end");
  }

  @Test
  void aFileChangedWhileSendingEndsAsChanged() throws Exception {
    start(CHUNK, 1, -1);
    Path f = file("b.dat", 5 * CHUNK, 2);
    engine.submit(FileJob.fresh(f, "b.dat"));
    await(() -> producer.history().size() == 1, "first chunk");
    byte[] other = new byte[5 * CHUNK];
    new Random(3).nextBytes(other);
    Files.write(f, other);
    producer.completeNext();
    await(() -> events.outcome != null, "the end");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.CHANGED);
    assertThat(events.why).contains("chunk 2").contains("different bytes");
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aRetriableFailureIsSentAgain() throws Exception {
    start(CHUNK, 1, 3);
    Path f = file("c.dat", 2 * CHUNK, 4);
    engine.submit(FileJob.fresh(f, "c.dat"));
    await(() -> producer.history().size() == 1, "first chunk");
    producer.errorNext(new TimeoutException("broker away"));
    await(() -> producer.history().size() == 2, "second chunk");
    assertThat(decode(producer.history().get(1)).chunkIndex()).isEqualTo(2);
    producer.completeNext();
    await(() -> producer.history().size() == 3, "the first chunk again");
    assertThat(decode(producer.history().get(2)).chunkIndex()).isEqualTo(1);
    assertThat(events.outcome).isNull();
    producer.completeNext();
    await(() -> events.outcome != null, "completion");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.COMPLETE);
  }

  @Test
  void aNonRetriableFailureFailsTheFileOnceNothingIsInFlight() throws Exception {
    start(CHUNK, 1, 3);
    Path f = file("c.dat", 3 * CHUNK, 4);
    engine.submit(FileJob.fresh(f, "c.dat"));
    await(() -> producer.history().size() == 1, "first chunk");
    producer.errorNext(new RecordTooLargeException("too big"));
    await(() -> producer.history().size() == 2, "the chunk already taken");
    assertThat(events.outcome).isNull(); // chunk 2 still in flight
    producer.completeNext();
    await(() -> events.outcome != null, "the end");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.FAILED);
    assertThat(events.why).contains("chunk 1").contains("too big");
    assertThat(producer.history()).hasSize(2); // chunk 3 never read, chunk 1 not resent
  }

  @Test
  void resumesOnlyMissingChunksOfAnUnchangedFile() throws Exception {
    start(100 * CHUNK, 2, -1);
    Path f = file("d.dat", 4 * CHUNK, 5);
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60)));
    BitSet delivered = new BitSet();
    delivered.set(1);
    delivered.set(3);
    LocalDateTime started = LocalDateTime.now().minusSeconds(30);
    engine.submit(new FileJob(f, "d.dat", new FileJob.Resume(started, 4, delivered)));
    await(() -> producer.history().size() == 2, "the two missing chunks");
    producer.flush();
    await(() -> events.outcome != null, "completion");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.COMPLETE);
    List<Integer> sent = new ArrayList<>();
    for (var r : producer.history()) {
      sent.add(decode(r).chunkIndex());
    }
    assertThat(sent).containsExactlyInAnyOrder(2, 4);
    FileUpload u = events.started.peek();
    assertThat(u.resumed()).isTrue();
    assertThat(u.started()).isEqualTo(started);
    assertThat(u.deliveredBefore()).isEqualTo(delivered);
  }

  /**
   * A file left in progress by a run with another chunk size (e.g. Python's uploader with
   * {@code --chunk_size 512} before this one with 1024) continues in that run's chunks when it
   * is unchanged. Sent again in the new size, its chunks would repeat the file hash with another
   * chunk count, which consumers holding the partial upload refuse (Python: an error), so the
   * file would never complete.
   */
  @Test
  void anUnchangedFileLeftInProgressWithAnotherChunkSizeContinuesInThatSize() throws Exception {
    start(100 * CHUNK, 2, -1);
    int before = CHUNK / 2;
    Path f = file("g.dat", 3 * before + 100, 8); // 4 chunks of 512 bytes, 2 of 1024
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60)));
    BitSet delivered = new BitSet();
    delivered.set(1);
    delivered.set(2);
    engine.submit(new FileJob(f, "g.dat",
        new FileJob.Resume(LocalDateTime.now().minusSeconds(30), 4, delivered)));
    await(() -> events.outcome != null || producer.history().size() >= 2, "the missing chunks");
    producer.flush();
    await(() -> events.outcome != null, "completion");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.COMPLETE);
    assertThat(events.started.peek().resumed()).isTrue();
    List<String> sent = new ArrayList<>();
    for (var r : producer.history()) {
      DataFileChunk c = decode(r);
      sent.add(c.chunkIndex() + "/" + c.totalChunks() + "@" + c.chunkOffsetWrite());
    }
    assertThat(sent).containsExactlyInAnyOrder("3/4@1024", "4/4@1536");
  }

  @Test
  void theChunkSizeOfAnEarlierRunFollowsFromItsChunkCount() {
    assertThat(UploadEngine.chunkSizeFor(1636, 4)).isEqualTo(512);
    assertThat(UploadEngine.chunkSizeFor(2048, 2)).isEqualTo(1024);
    assertThat(UploadEngine.chunkSizeFor(2049, 2)).isEqualTo(2048);
    assertThat(UploadEngine.chunkSizeFor(6_236_920, 381)).isEqualTo(16384);
    assertThat(UploadEngine.chunkSizeFor(1000, 1)).isEqualTo(1024);
    assertThat(UploadEngine.chunkSizeFor(1000, 3)).isEqualTo(-1); // no power of two gives 3
    assertThat(UploadEngine.chunkSizeFor(10, 11)).isEqualTo(-1);
    assertThat(UploadEngine.chunkSizeFor(0, 1)).isEqualTo(-1);
  }

  @Test
  void aFileModifiedSinceItsPartialUploadStartsOver() throws Exception {
    start(100 * CHUNK, 2, -1);
    Path f = file("e.dat", 4 * CHUNK, 6);
    BitSet delivered = new BitSet();
    delivered.set(1);
    engine.submit(new FileJob(f, "e.dat",
        new FileJob.Resume(LocalDateTime.now().minusHours(1), 4, delivered)));
    await(() -> producer.history().size() == 4, "all chunks");
    producer.flush();
    await(() -> events.outcome != null, "completion");
    assertThat(events.started.peek().resumed()).isFalse();
  }

  @Test
  void anEmptyFileIsOneEmptyChunk() throws Exception {
    start(CHUNK, 1, -1);
    Path f = Files.write(tmp.resolve("empty.dat"), new byte[0]);
    engine.submit(FileJob.fresh(f, "empty.dat"));
    await(() -> producer.history().size() == 1, "the chunk");
    producer.completeNext();
    await(() -> events.outcome != null, "completion");
    DataFileChunk c = decode(producer.history().get(0));
    assertThat(c.totalChunks()).isEqualTo(1);
    assertThat(c.dataLength()).isZero();
    assertThat(c.chunkHashMatches()).isTrue();
  }

  @Test
  void aVanishedFileFailsAndTheNextGoesOn() throws Exception {
    start(CHUNK, 1, -1);
    engine.submit(FileJob.fresh(tmp.resolve("gone.dat"), "gone.dat"));
    await(() -> events.outcome != null, "the failure");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.FAILED);
    assertThat(events.why).contains("disappeared");
    events.outcome = null;
    engine.submit(FileJob.fresh(file("next.dat", 10, 1), "next.dat"));
    await(() -> producer.history().size() == 1, "the next file");
    producer.completeNext();
    await(() -> events.outcome != null, "completion");
    assertThat(events.outcome).isEqualTo(FileUpload.Outcome.COMPLETE);
  }

  @Test
  void stopLeavesWaitingFilesAndUnsentChunksAlone() throws Exception {
    start(CHUNK, 1, -1);
    Path a = file("a.dat", 3 * CHUNK, 1);
    Path b = file("b.dat", CHUNK, 2);
    engine.submit(FileJob.fresh(a, "a.dat"));
    engine.submit(FileJob.fresh(b, "b.dat"));
    await(() -> producer.history().size() == 1, "first chunk");
    List<FileJob> notStarted = engine.stop(Duration.ofSeconds(10));
    assertThat(notStarted).extracting(FileJob::relPath).containsExactly("b.dat");
    producer.flush();
    assertThat(producer.history()).hasSize(1);
    assertThat(events.log).contains("ack 1").doesNotContain("completed");
    engine = null;
  }
}
