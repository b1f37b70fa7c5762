package io.msistream.tools.upload;

import io.msistream.stream.chunk.ChunkDescriptor;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.ChunkFormat;
import io.msistream.stream.chunk.ChunkPlan;
import io.msistream.stream.chunk.ChunkPlanner;
import io.msistream.stream.chunk.FileChangedException;
import io.msistream.stream.kafka.FilePartitions;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends files as chunk messages with {@code n} sender threads sharing one producer.
 *
 * <ul>
 *   <li>A sender thread with nothing to send chunks the next waiting file (one sequential read:
 *       file and chunk hashes); a file that changes while being chunked is handed back as
 *       {@link FileUpload.Outcome#CHANGED}.
 *   <li>Chunks are read lazily, just before sending, straight into the message
 *       ({@link ChunkEncoder#encodeFromFile}), which re-hashes them: a file changed since it was
 *       chunked ends its generation as CHANGED instead of sending stale data.
 *   <li>Memory is bounded: a chunk's bytes count against the {@link ByteBudget} from before it is
 *       read until the broker acknowledges it (or the send fails).
 *   <li>All chunks of a file go to one partition, chosen from its relative path
 *       ({@link FilePartitions}), never from the (possibly encrypted) key bytes.
 *   <li>A chunk counts only when acknowledged. A send that fails with a retriable error (after the
 *       producer's own retries) is sent again after a pause, up to {@code maxResends} times
 *       (negative: forever); other errors end the file's generation as FAILED.
 *   <li>Files are finished in order: every thread helps with the oldest file's chunks first.
 * </ul>
 */
final class UploadEngine {
  private static final Logger LOG = LoggerFactory.getLogger(UploadEngine.class);
  /** Pause before a chunk that failed with a retriable error is sent again. */
  static final Duration RESEND_PAUSE = Duration.ofSeconds(5);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Path root;
  private final ChunkPlanner planner;
  private final ChunkFormat format;
  private final ByteBudget budget;
  private final int maxResends;
  private final Duration resendPause;
  private final UploadListener listener;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<Thread> chunking = ConcurrentHashMap.newKeySet();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Deque<FileJob> waiting = new ArrayDeque<>();
  private final Deque<FileUpload> active = new ArrayDeque<>();
  private final PriorityQueue<Resend> resends = new PriorityQueue<>();
  private boolean stopped;

  /** A chunk to send again no earlier than {@code due} (System.nanoTime()). */
  private record Resend(long due, FileUpload upload, int index, int attempt)
      implements Comparable<Resend> {
    @Override
    public int compareTo(Resend o) {
      return Long.compare(due, o.due);
    }
  }

  /** What a sender thread does next. */
  private sealed interface Task permits ChunkTask, PlanTask {}

  private record ChunkTask(FileUpload upload, int index, int attempt) implements Task {}

  private record PlanTask(FileJob job) implements Task {}

  UploadEngine(Producer<String, byte[]> producer, String topic, Path root, ChunkPlanner planner,
      ChunkFormat format, ByteBudget budget, int maxResends, UploadListener listener) {
    this(producer, topic, root, planner, format, budget, maxResends, RESEND_PAUSE, listener);
  }

  UploadEngine(Producer<String, byte[]> producer, String topic, Path root, ChunkPlanner planner,
      ChunkFormat format, ByteBudget budget, int maxResends, Duration resendPause,
      UploadListener listener) {
    this.producer = producer;
    this.topic = topic;
    this.root = root.toAbsolutePath().normalize();
    this.planner = planner;
    this.format = format;
    this.budget = budget;
    this.maxResends = maxResends;
    this.resendPause = resendPause;
    this.listener = listener;
  }

  /** Starts {@code n} sender threads. */
  void start(int n, String threadPrefix) {
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(this::senderLoop, threadPrefix + "-sender-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Queues a file (chunked when a sender thread is free). */
  void submit(FileJob job) {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      waiting.add(job);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Files queued but not yet being chunked. */
  int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops handing out work: waiting files are not started, chunks not yet read are not sent
   * (their files stay in progress), a thread busy chunking a file is interrupted. Waits for the
   * sender threads to finish what they hold. Chunks already given to the producer are not
   * affected: flush the producer afterwards to have them acknowledged.
   *
   * @return the files that were waiting (never started)
   */
  List<FileJob> stop(Duration wait) throws InterruptedException {
    List<FileJob> notStarted;
    lock.lock();
    try {
      stopped = true;
      notStarted = new ArrayList<>(waiting);
      waiting.clear();
      work.signalAll();
    } finally {
      lock.unlock();
    }
    budget.close();
    for (Thread t : chunking) {
      t.interrupt();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    return notStarted;
  }

  private void senderLoop() {
    while (true) {
      Task t;
      try {
        t = next();
      } catch (InterruptedException e) {
        if (isStopped()) {
          return;
        }
        continue;
      }
      if (t == null) {
        return;
      }
      try {
        if (t instanceof PlanTask p) {
          plan(p.job());
        } else {
          ChunkTask c = (ChunkTask) t;
          send(c.upload(), c.index(), c.attempt());
        }
      } catch (RuntimeException | Error e) {
        LOG.error("Sender thread {} hit an unexpected error: {}", Thread.currentThread().getName(),
            e.toString(), e);
        if (t instanceof ChunkTask c) {
          endIfIdle(c.upload(), c.upload().end(FileUpload.Outcome.FAILED,
              "unexpected error: " + e, e));
          settleDropped(c.upload());
        }
      }
    }
  }

  private boolean isStopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  /** The next task, waiting for one; null once stopped. */
  private Task next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stopped) {
          return null;
        }
        long now = System.nanoTime();
        Resend r = resends.peek();
        if (r != null && r.due() <= now) {
          resends.poll();
          return new ChunkTask(r.upload(), r.index(), r.attempt());
        }
        while (!active.isEmpty()) {
          FileUpload u = active.peekFirst();
          int i = u.nextChunk();
          if (i > 0) {
            if (!u.hasMoreChunks()) {
              active.pollFirst();
            }
            return new ChunkTask(u, i, 0);
          }
          active.pollFirst();
        }
        if (!waiting.isEmpty()) {
          return new PlanTask(waiting.pollFirst());
        }
        if (r != null) {
          work.awaitNanos(r.due() - now);
        } else {
          work.await();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ chunking

  private void plan(FileJob job) {
    chunking.add(Thread.currentThread());
    try {
      FileUpload u = chunk(job);
      if (u == null) {
        return;
      }
      listener.started(u);
      if (u.chunksToSend() == 0) {
        // a previous run delivered everything but did not record completion
        if (u.completeEmpty()) {
          listener.completed(u);
        }
        return;
      }
      lock.lock();
      try {
        if (!stopped) {
          active.addLast(u);
          work.signalAll();
          return;
        }
      } finally {
        lock.unlock();
      }
      listener.ended(job, u, FileUpload.Outcome.STOPPED, "stopping", null);
    } finally {
      chunking.remove(Thread.currentThread());
      Thread.interrupted(); // an interrupt meant for chunking must not hit the next task
    }
  }

  /** Chunks the file; null if it ended (reported to the listener). */
  private FileUpload chunk(FileJob job) {
    Path f = job.file();
    ChunkPlan plan;
    try {
      BasicFileAttributes before = Files.readAttributes(f, BasicFileAttributes.class);
      if (!before.isRegularFile()) {
        listener.ended(job, null, FileUpload.Outcome.FAILED, "is no longer a regular file", null);
        return null;
      }
      plan = planner.plan(root, f);
      BasicFileAttributes after = Files.readAttributes(f, BasicFileAttributes.class);
      if (after.size() != plan.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
        listener.ended(job, null, FileUpload.Outcome.CHANGED, "changed while being chunked", null);
        return null;
      }
      plan = inEarlierChunkSize(job, plan, before);
    } catch (ClosedByInterruptException e) {
      listener.ended(job, null, FileUpload.Outcome.STOPPED, "stopped while chunking", null);
      return null;
    } catch (NoSuchFileException e) {
      listener.ended(job, null, FileUpload.Outcome.FAILED, "disappeared before it was uploaded",
          null);
      return null;
    } catch (AccessDeniedException e) {
      listener.ended(job, null, FileUpload.Outcome.FAILED, "cannot be read (permission denied)",
          e);
      return null;
    } catch (IOException e) {
      listener.ended(job, null, FileUpload.Outcome.FAILED, "cannot be read: " + e, e);
      return null;
    }
    int partitions;
    try {
      partitions = producer.partitionsFor(topic).size();
    } catch (InterruptException e) {
      listener.ended(job, null, FileUpload.Outcome.STOPPED, "stopped while chunking", null);
      return null;
    } catch (KafkaException e) {
      listener.ended(job, null, FileUpload.Outcome.FAILED, "topic " + topic
          + " is not available: " + e.getMessage(), e);
      return null;
    }
    int partition = FilePartitions.of(UploadFilter.posix(job.relPath()), Math.max(1, partitions));
    BitSet all = new BitSet(plan.totalChunks() + 1);
    all.set(1, plan.totalChunks() + 1);
    FileJob.Resume r = job.resume();
    if (r != null) {
      String whyNot = resumeProblem(plan, r);
      if (whyNot == null) {
        BitSet toSend = (BitSet) all.clone();
        toSend.andNot(r.delivered());
        return new FileUpload(job, plan, partition, r.started(), true, toSend);
      }
      LOG.info("{}: not resuming the previous upload ({}); uploading it again as a new version",
          job.relPath(), whyNot);
    }
    return new FileUpload(job, plan, partition, now(), false, all);
  }

  /**
   * A file left in progress by a run with another chunk size (Python's uploader or ours) is
   * continued in that run's chunk size when it is unchanged, as far as the producer can send such
   * chunks: sent again in the current size, its chunks would repeat the file hash with another
   * chunk count, which consumers holding the partial upload refuse (Python: an error), so the file
   * would never complete. Returns {@code plan} when that does not apply.
   */
  private ChunkPlan inEarlierChunkSize(FileJob job, ChunkPlan plan, BasicFileAttributes before)
      throws IOException {
    FileJob.Resume r = job.resume();
    if (r == null || plan.totalChunks() == r.nChunks()
        || (plan.mtime().isPresent() && plan.mtime().getAsDouble() > epochSeconds(r.started()))) {
      return plan;
    }
    int earlier = chunkSizeFor(plan.size(), r.nChunks());
    if (earlier <= 0 || earlier > Math.max(planner.chunkSize(), ChunkPlanner.DEFAULT_CHUNK_SIZE)) {
      return plan;
    }
    ChunkPlan again = ChunkPlanner.of(earlier).plan(root, job.file());
    BasicFileAttributes after = Files.readAttributes(job.file(), BasicFileAttributes.class);
    if (after.size() != again.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())
        || !Arrays.equals(again.fileHash(), plan.fileHash())) {
      return plan;
    }
    LOG.info("{}: continuing its earlier upload in that upload's {}-byte chunks", job.relPath(),
        earlier);
    return again;
  }

  /**
   * The chunk size (a power of two) that cuts {@code size} bytes into {@code n} chunks, or -1: for
   * {@code n >= 2} at most one power of two does, and for {@code n == 1} every one from
   * {@code size} up gives the same single chunk.
   */
  static int chunkSizeFor(long size, int n) {
    if (size <= 0 || n < 1) {
      return -1;
    }
    long least = (size + n - 1) / n;
    long c = Long.highestOneBit(least);
    if (c < least) {
      c <<= 1;
    }
    if (c > ChunkPlanner.MAX_CHUNK_SIZE || (size + c - 1) / c != n) {
      return -1;
    }
    return (int) c;
  }

  /** Why a previous run's partial upload cannot be continued with {@code plan}, or null. */
  static String resumeProblem(ChunkPlan plan, FileJob.Resume r) {
    if (plan.totalChunks() != r.nChunks()) {
      return "it had " + r.nChunks() + " chunks, now " + plan.totalChunks()
          + " (file or chunk size changed)";
    }
    if (plan.mtime().isPresent() && plan.mtime().getAsDouble() > epochSeconds(r.started())) {
      return "the file was modified after that upload started";
    }
    return null;
  }

  static double epochSeconds(LocalDateTime t) {
    return t.atZone(ZoneId.systemDefault()).toEpochSecond();
  }

  static LocalDateTime now() {
    return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
  }

  // ------------------------------------------------------------------ sending

  private void send(FileUpload u, int index, int attempt) {
    ChunkDescriptor d = u.plan().chunk(index);
    if (u.isEnded()) {
      settleDropped(u);
      return;
    }
    long taken;
    try {
      taken = budget.acquire(d.length());
    } catch (InterruptedException e) {
      taken = -1;
    }
    if (taken < 0) { // stopping
      settleDropped(u);
      return;
    }
    byte[] value;
    try {
      value = ChunkEncoder.encodeFromFile(u.channel(), u.plan(), d, format);
    } catch (FileChangedException e) {
      budget.release(taken);
      endIfIdle(u, u.end(FileUpload.Outcome.CHANGED, e.getMessage(), null));
      settleDropped(u);
      return;
    } catch (ClosedByInterruptException e) {
      budget.release(taken);
      settleDropped(u);
      return;
    } catch (NoSuchFileException e) {
      budget.release(taken);
      endIfIdle(u, u.end(FileUpload.Outcome.FAILED, "disappeared while being uploaded", e));
      settleDropped(u);
      return;
    } catch (IOException e) {
      budget.release(taken);
      endIfIdle(u, u.end(FileUpload.Outcome.FAILED, "cannot be read: " + e, e));
      settleDropped(u);
      return;
    }
    if (LOG.isDebugEnabled() && (index == 1 || index % 1000 == 0
        || index == u.plan().totalChunks())) {
      LOG.debug("uploading {} chunk {} (out of {})", u.job().relPath(), index,
          u.plan().totalChunks());
    }
    ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, u.partition(),
        u.plan().messageKey(d), value);
    final long held = taken;
    try {
      producer.send(rec, (md, ex) -> onAck(u, index, attempt, d.length(), held, ex));
    } catch (KafkaException | IllegalStateException e) {
      budget.release(held);
      onSendFailure(u, index, attempt, e);
    }
  }

  private void onAck(FileUpload u, int index, int attempt, int length, long held, Exception ex) {
    budget.release(held);
    if (ex == null) {
      listener.acked(u, index, length);
      if (u.acked(index)) {
        if (u.outcome() == FileUpload.Outcome.COMPLETE) {
          listener.completed(u);
        } else {
          listener.ended(u.job(), u, u.outcome(), u.reason(), u.cause());
        }
      }
      return;
    }
    onSendFailure(u, index, attempt, ex);
  }

  private void onSendFailure(FileUpload u, int index, int attempt, Exception ex) {
    boolean retriable = ex instanceof RetriableException
        || ex.getCause() instanceof RetriableException;
    if (retriable && (maxResends < 0 || attempt < maxResends) && !u.isEnded()) {
      LOG.warn("Sending chunk {} of {} failed ({}); it will be sent again", index,
          u.job().relPath(), ex.toString());
      lock.lock();
      try {
        if (!stopped) {
          resends.add(new Resend(System.nanoTime() + resendPause.toNanos(), u, index,
              attempt + 1));
          work.signal();
          return;
        }
      } finally {
        lock.unlock();
      }
      settleDropped(u);
      return;
    }
    endIfIdle(u, u.end(FileUpload.Outcome.FAILED, "chunk " + index + " could not be sent: "
        + ex, ex));
    settleDropped(u);
  }

  /** A handed-out chunk of {@code u} will not be acknowledged; report the end if it was the last. */
  private void settleDropped(FileUpload u) {
    if (u.dropped()) {
      listener.ended(u.job(), u, u.outcome(), u.reason(), u.cause());
    }
  }

  private void endIfIdle(FileUpload u, boolean endedAndIdle) {
    if (endedAndIdle) {
      listener.ended(u.job(), u, u.outcome(), u.reason(), u.cause());
    }
  }
}
